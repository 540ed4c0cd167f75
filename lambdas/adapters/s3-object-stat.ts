import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ObjectStat } from '../core/ports';

/** ObjectStat over S3 HeadObject: a missing object (404, NotFound/NoSuchKey) is undefined, other errors propagate. */
export class S3ObjectStat implements ObjectStat {
  constructor(private readonly s3: S3Client) {}

  async etag(bucket: string, key: string): Promise<string | undefined> {
    try {
      const head = await this.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return head.ETag?.replace(/^"|"$/g, '') ?? '';
    } catch (err) {
      const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404)
        return undefined;
      throw err;
    }
  }
}
