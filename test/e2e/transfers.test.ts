/**
 * The presigned transfer routes against the local runtime's S3 (s3rver): what the web console does
 * with them, done with fetch and an Origin header — a single PUT, a multipart upload whose parts are
 * PUT to presigned URLs and completed with their ETags (each ETag readable cross-origin), a GET URL,
 * and an aborted multipart upload that leaves no object.
 */
import { randomBytes } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { MULTIPART_THRESHOLD } from '../../lambdas/api/transfers';
import { api, startE2eRuntime, type E2eContext } from './support';

let ctx: E2eContext;
beforeAll(async () => {
  ctx = await startE2eRuntime();
});
afterAll(() => ctx?.close());

const ORIGIN = 'http://127.0.0.1:8787';

async function objectBytes(key: string): Promise<Buffer> {
  const res = await ctx.rt.clients.s3.send(
    new GetObjectCommand({ Bucket: ctx.rt.resources.bucket, Key: key }),
  );
  return Buffer.from(await res.Body!.transformToByteArray());
}

describe('presigned transfers on the local S3', () => {
  it('uploads with one presigned PUT (content type signed) and reads back with a presigned GET', async () => {
    const bucket = ctx.rt.resources.bucket;
    const body = randomBytes(1000);
    const start = await api<{ method: string; url: string; headers: Record<string, string> }>(
      ctx.rt,
      'POST',
      '/uploads',
      { bucket, key: 'console/one put+ü.mp4', size: body.length, contentType: 'video/mp4' },
    );
    expect(start.method).toBe('PUT');
    const put = await fetch(start.url, {
      method: 'PUT',
      headers: { ...start.headers, origin: ORIGIN },
      body,
    });
    expect(put.status).toBe(200);
    expect(put.headers.get('access-control-allow-origin')).toBe('*');
    const head = await ctx.rt.clients.s3.send(
      new HeadObjectCommand({ Bucket: bucket, Key: 'console/one put+ü.mp4' }),
    );
    expect(head.ContentType).toBe('video/mp4');
    expect((await objectBytes('console/one put+ü.mp4')).equals(body)).toBe(true);

    const { url } = await api<{ url: string }>(
      ctx.rt,
      'GET',
      `/objects/url?bucket=${bucket}&key=${encodeURIComponent('console/one put+ü.mp4')}`,
    );
    const got = await fetch(url, { headers: { origin: ORIGIN } });
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer()).equals(body)).toBe(true);
  });

  it('uploads a file above the threshold in presigned parts, completed with their ETags', async () => {
    const bucket = ctx.rt.resources.bucket;
    const key = 'console/large.bin';
    const body = randomBytes(MULTIPART_THRESHOLD + 3 * 1024 * 1024);
    const start = await api<{ method: string; uploadId: string; partSize: number; partCount: number }>(
      ctx.rt,
      'POST',
      '/uploads',
      { bucket, key, size: body.length },
    );
    expect(start).toMatchObject({ method: 'MULTIPART', partCount: 3 });
    const { parts } = await api<{ parts: Array<{ partNumber: number; url: string }> }>(
      ctx.rt,
      'POST',
      '/uploads/parts',
      { bucket, key, uploadId: start.uploadId, partNumbers: [1, 2, 3] },
    );
    const uploaded = [];
    for (const { partNumber, url } of parts) {
      const from = (partNumber - 1) * start.partSize;
      const res = await fetch(url, {
        method: 'PUT',
        headers: { origin: ORIGIN },
        body: body.subarray(from, from + start.partSize),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-expose-headers')).toContain('ETag');
      uploaded.push({ partNumber, etag: res.headers.get('etag')! });
    }
    await api(ctx.rt, 'POST', '/uploads/complete', {
      bucket,
      key,
      uploadId: start.uploadId,
      parts: uploaded,
    });
    expect((await objectBytes(key)).equals(body)).toBe(true);
  });

  it('aborting a multipart upload: s3rver does not implement it, and the API says so (409)', async () => {
    const bucket = ctx.rt.resources.bucket;
    const key = 'console/aborted.bin';
    const start = await api<{ uploadId: string }>(ctx.rt, 'POST', '/uploads', {
      bucket,
      key,
      size: MULTIPART_THRESHOLD + 1,
    });
    const res = await fetch(`${ctx.rt.urls.api}/uploads/abort`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ bucket, key, uploadId: start.uploadId }),
    });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      'FailedOperation.UploadAbortNotSupported',
    );
    await expect(
      ctx.rt.clients.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })),
    ).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
  });
});
