import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { MpsError } from '../core/errors';
import type { SourceProbe } from '../core/ports';
import { MEDIA_SIGNATURE_BYTES, mediaContainerOf, probeMp4 } from '../core/probe';

/**
 * A SourceProbe over S3 ranged GetObject calls (MP4/MOV headers only; one HeadObject for the size).
 * S3 errors other than a missing object propagate (retryable); a missing object, a file that is no
 * media at all (by its first bytes), a non-MP4/MOV file or one without the requested facts is a
 * permanent SourceFileError saying which.
 */
export function createS3SourceProbe(s3: S3Client): SourceProbe {
  return async (source, fields) => {
    if (fields.length === 0) return {};
    const where = `s3://${source.bucket}/${source.key}`;
    let size: number;
    try {
      const head = await s3.send(new HeadObjectCommand({ Bucket: source.bucket, Key: source.key }));
      size = Number(head.ContentLength ?? 0);
    } catch (err) {
      const name = (err as Error).name;
      if (name === 'NotFound' || name === 'NoSuchKey') {
        throw new MpsError('SourceFileError', `source ${where} does not exist (deleted after upload?)`);
      }
      throw err;
    }
    const readRange = async (start: number, end: number) => {
      const res = await s3.send(
        new GetObjectCommand({ Bucket: source.bucket, Key: source.key, Range: `bytes=${start}-${end - 1}` }),
      );
      if (!res.Body) return new Uint8Array();
      return res.Body.transformToByteArray();
    };
    const info = size > 0 ? await probeMp4(readRange, size) : undefined;
    const missing = fields.filter((f) => info?.[f] === undefined);
    if (!info || missing.length > 0) {
      const head = size > 0 ? await readRange(0, Math.min(size, MEDIA_SIGNATURE_BYTES)) : new Uint8Array();
      const container = mediaContainerOf(head);
      if (!container) {
        throw new MpsError(
          'SourceFileError',
          `input ${where} is not a readable video: ${size === 0 ? 'it is empty' : 'its content matches no media format (MP4/MOV, Matroska/WebM, AVI, MPEG-TS, FLV, …)'}`,
        );
      }
      throw new MpsError(
        'SourceFileError',
        `could not read ${missing.join(', ')} of ${where} (${container}) from its header; percentage time offsets and ` +
          'source-sized outputs with corner watermarks need an MP4/MOV source (use seconds or explicit sizes otherwise)',
      );
    }
    return info;
  };
}
