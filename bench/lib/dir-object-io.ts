import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { ObjectIO } from '../../local/engine/object-io';

/**
 * The engine's ObjectIO over a local directory: s3://bucket/key ↔ <root>/<bucket>/<key>. Copies,
 * like a download/upload would, without any S3 endpoint in the measurement.
 */
export class DirObjectIO implements ObjectIO {
  constructor(readonly root: string) {}

  fileOf(bucket: string, key: string): string {
    return path.join(this.root, bucket, ...key.split('/'));
  }

  async getObjectToFile(bucket: string, key: string, file: string): Promise<void> {
    await copyFile(this.fileOf(bucket, key), file);
  }

  async putFile(bucket: string, key: string, file: string): Promise<void> {
    const dest = this.fileOf(bucket, key);
    await mkdir(path.dirname(dest), { recursive: true });
    await copyFile(file, dest);
  }
}
