import { ListObjectsV2Command, type S3Client, type _Object } from '@aws-sdk/client-s3';
import type { ListedObject, ObjectInventory, ObjectLister } from '../core/ports';

/** ObjectLister and ObjectInventory over S3 ListObjectsV2, following continuation tokens. */
export class S3ObjectLister implements ObjectLister, ObjectInventory {
  constructor(private readonly s3: S3Client) {}

  async keys(bucket: string, prefix: string): Promise<string[]> {
    return (await this.list(bucket, prefix)).flatMap((o) => (o.Key ? [o.Key] : []));
  }

  async objects(bucket: string, prefix: string): Promise<ListedObject[]> {
    return (await this.list(bucket, prefix)).flatMap((o) =>
      o.Key && o.LastModified
        ? [
            {
              key: o.Key,
              lastModified: o.LastModified.toISOString(),
              ...(o.ETag ? { etag: o.ETag.replace(/^"|"$/g, '') } : {}),
              ...(o.Size !== undefined ? { size: o.Size } : {}),
            },
          ]
        : [],
    );
  }

  private async list(bucket: string, prefix: string): Promise<_Object[]> {
    const objects: _Object[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: prefix,
          ...(token ? { ContinuationToken: token } : {}),
        }),
      );
      objects.push(...(page.Contents ?? []));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return objects;
  }
}
