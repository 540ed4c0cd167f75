import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { ObjectLister } from '../core/ports';

/** ObjectLister over S3 ListObjectsV2, following continuation tokens. */
export class S3ObjectLister implements ObjectLister {
  constructor(private readonly s3: S3Client) {}

  async keys(bucket: string, prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: prefix,
          ...(token ? { ContinuationToken: token } : {}),
        }),
      );
      for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }
}
