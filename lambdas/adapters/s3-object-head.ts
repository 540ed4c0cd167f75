import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { S3Location } from '../core/model';
import type { ObjectHeadReader } from '../core/ports';

/**
 * ObjectHeadReader over a ranged S3 GetObject (`Range: bytes=0-(n−1)`): a missing object (404,
 * NoSuchKey/NotFound) is undefined, an empty one (416 InvalidRange) is zero bytes, other errors propagate.
 */
export class S3ObjectHead implements ObjectHeadReader {
  constructor(private readonly s3: S3Client) {}

  async read(location: S3Location, bytes: number): Promise<Uint8Array | undefined> {
    try {
      const res = await this.s3.send(
        new GetObjectCommand({ Bucket: location.bucket, Key: location.key, Range: `bytes=0-${bytes - 1}` }),
      );
      const body = res.Body ? await res.Body.transformToByteArray() : new Uint8Array();
      // A server that ignores Range sends the whole object: keep only the head.
      return body.subarray(0, bytes);
    } catch (err) {
      const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
      const status = e.$metadata?.httpStatusCode;
      if (e.name === 'NoSuchKey' || e.name === 'NotFound' || status === 404) return undefined;
      if (e.name === 'InvalidRange' || status === 416) return new Uint8Array();
      throw err;
    }
  }
}
