import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { ConflictError } from '../core/errors';
import type { S3Location } from '../core/model';
import type { ObjectTransfers, UploadedPart } from '../core/ports';

/**
 * ObjectTransfers over S3: presigned GET/PUT/UploadPart URLs (SigV4 query signing by the SDK's
 * presigner) and the multipart calls. The client must not add flexible checksums to what it presigns
 * (`requestChecksumCalculation: 'WHEN_REQUIRED'`): a checksum of an empty body in a presigned PUT URL
 * makes S3 refuse every real upload through it.
 */
export class S3Transfers implements ObjectTransfers {
  constructor(private readonly s3: S3Client) {}

  getUrl(location: S3Location, expiresSeconds: number): Promise<string> {
    return getSignedUrl(this.s3, new GetObjectCommand({ Bucket: location.bucket, Key: location.key }), {
      expiresIn: expiresSeconds,
    });
  }

  putUrl(location: S3Location, expiresSeconds: number, contentType?: string): Promise<string> {
    return getSignedUrl(
      this.s3,
      new PutObjectCommand({
        Bucket: location.bucket,
        Key: location.key,
        ...(contentType ? { ContentType: contentType } : {}),
      }),
      { expiresIn: expiresSeconds },
    );
  }

  async startMultipart(location: S3Location, contentType?: string): Promise<string> {
    const res = await this.s3.send(
      new CreateMultipartUploadCommand({
        Bucket: location.bucket,
        Key: location.key,
        ...(contentType ? { ContentType: contentType } : {}),
      }),
    );
    if (!res.UploadId)
      throw new Error(
        `CreateMultipartUpload of s3://${location.bucket}/${location.key} returned no UploadId`,
      );
    return res.UploadId;
  }

  partUrl(
    location: S3Location,
    uploadId: string,
    partNumber: number,
    expiresSeconds: number,
  ): Promise<string> {
    return getSignedUrl(
      this.s3,
      new UploadPartCommand({
        Bucket: location.bucket,
        Key: location.key,
        UploadId: uploadId,
        PartNumber: partNumber,
      }),
      { expiresIn: expiresSeconds },
    );
  }

  async completeMultipart(
    location: S3Location,
    uploadId: string,
    parts: readonly UploadedPart[],
  ): Promise<void> {
    await this.s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: location.bucket,
        Key: location.key,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
      }),
    );
  }

  /**
   * S3 aborts and frees the parts. An endpoint that does not implement it (s3rver, the local runtime's
   * S3, answers MethodNotAllowed; others NotImplemented) is a 409 FailedOperation.UploadAbortNotSupported:
   * the parts stay there.
   */
  async abortMultipart(location: S3Location, uploadId: string): Promise<void> {
    try {
      await this.s3.send(
        new AbortMultipartUploadCommand({ Bucket: location.bucket, Key: location.key, UploadId: uploadId }),
      );
    } catch (err) {
      const name = (err as { name?: string }).name;
      if (name !== 'NotImplemented' && name !== 'MethodNotAllowed') throw err;
      throw new ConflictError(
        `this S3 endpoint does not implement AbortMultipartUpload: the parts of upload ${uploadId} stay stored (locally until npm start -- --reset)`,
        'FailedOperation.UploadAbortNotSupported',
      );
    }
  }
}
