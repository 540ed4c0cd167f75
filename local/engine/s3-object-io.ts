import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ObjectIO } from './object-io';

/** ObjectIO over an S3 client (in the local runtime: pointed at the local S3 endpoint). */
export class S3ObjectIO implements ObjectIO {
  constructor(private readonly s3: S3Client) {}

  async getObjectToFile(bucket: string, key: string, path: string): Promise<void> {
    const res = await this.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (!res.Body) throw new Error(`s3://${bucket}/${key} has no body`);
    await pipeline(res.Body as Readable, createWriteStream(path));
  }

  async putFile(bucket: string, key: string, path: string, contentType: string): Promise<void> {
    const { size } = await stat(path);
    await this.s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: createReadStream(path),
        ContentLength: size,
        ContentType: contentType,
      }),
    );
  }
}
