import { MIN_PART_SIZE, MULTIPART_THRESHOLD, partSizeFor } from '../../lambdas/api/transfers';
import { createTestApi } from './support/harness';

const BUCKETS = { trigger: ['media'], output: ['media', 'results'] };

describe('object transfer routes (presigned URLs for the web console)', () => {
  it('lists the deployment buckets, and none when it accepts any', async () => {
    expect((await createTestApi({ buckets: BUCKETS }).call('GET', '/buckets')).body).toEqual(BUCKETS);
    expect((await createTestApi().call('GET', '/buckets')).body).toEqual({ trigger: [], output: [] });
  });

  it('issues one presigned PUT up to the multipart threshold, signed with the content type', async () => {
    const api = createTestApi({ buckets: BUCKETS });
    const res = await api.call('POST', '/uploads', {
      body: { bucket: 'media', key: 'input/a b.mp4', size: MULTIPART_THRESHOLD, contentType: 'video/mp4' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      method: 'PUT',
      url: 'memory://put/media/input/a b.mp4?expires=3600',
      headers: { 'content-type': 'video/mp4' },
      expiresAt: '2025-03-01T11:00:00.000Z',
    });
    expect(api.transfers.calls).toEqual([
      {
        op: 'put',
        location: { bucket: 'media', key: 'input/a b.mp4' },
        expiresSeconds: 3600,
        contentType: 'video/mp4',
      },
    ]);
  });

  it('starts a multipart upload above the threshold, then issues part URLs, completes and aborts', async () => {
    const api = createTestApi({ buckets: BUCKETS });
    const size = MULTIPART_THRESHOLD + 1;
    const start = await api.call('POST', '/uploads', {
      body: { bucket: 'media', key: 'input/big.mp4', size },
    });
    expect(start.body).toEqual({
      method: 'MULTIPART',
      uploadId: 'upload-1',
      partSize: MIN_PART_SIZE,
      partCount: 3,
    });
    const parts = await api.call('POST', '/uploads/parts', {
      body: { bucket: 'media', key: 'input/big.mp4', uploadId: 'upload-1', partNumbers: [1, 2, 3] },
    });
    expect(parts.body.parts.map((p: { url: string }) => p.url)).toEqual(
      [1, 2, 3].map((n) => `memory://part/media/input/big.mp4?uploadId=upload-1&partNumber=${n}`),
    );
    const done = await api.call('POST', '/uploads/complete', {
      body: {
        bucket: 'media',
        key: 'input/big.mp4',
        uploadId: 'upload-1',
        parts: [
          { partNumber: 1, etag: '"a"' },
          { partNumber: 2, etag: '"b"' },
        ],
      },
    });
    expect(done.status).toBe(200);
    expect(api.transfers.calls.at(-1)).toEqual({
      op: 'complete',
      location: { bucket: 'media', key: 'input/big.mp4' },
      uploadId: 'upload-1',
      parts: [
        { partNumber: 1, etag: '"a"' },
        { partNumber: 2, etag: '"b"' },
      ],
    });
    const abort = await api.call('POST', '/uploads/abort', {
      body: { bucket: 'media', key: 'input/big.mp4', uploadId: 'upload-1' },
    });
    expect(abort.body).toEqual({ bucket: 'media', key: 'input/big.mp4', aborted: true });
  });

  it('grows parts so that 10,000 of them hold the file', () => {
    expect(partSizeFor(1)).toBe(MIN_PART_SIZE);
    const size = 200 * 1024 ** 3;
    expect(partSizeFor(size) * 10_000).toBeGreaterThanOrEqual(size);
    expect(partSizeFor(size) % (1024 * 1024)).toBe(0);
  });

  it('refuses uploads outside the trigger buckets, bad keys and unordered parts, naming the field', async () => {
    const api = createTestApi({ buckets: BUCKETS });
    const outside = await api.call('POST', '/uploads', {
      body: { bucket: 'results', key: 'a.mp4', size: 1 },
    });
    expect(outside.status).toBe(400);
    expect(outside.body.error).toMatchObject({ code: 'InvalidParameter', field: 'bucket' });
    expect(outside.body.error.message).toContain('not a trigger bucket of this deployment (media)');
    const slash = await api.call('POST', '/uploads', { body: { bucket: 'media', key: '/a.mp4', size: 1 } });
    expect(slash.body.error).toMatchObject({ code: 'InvalidParameter', field: 'key' });
    const type = await api.call('POST', '/uploads', {
      body: { bucket: 'media', key: 'a.mp4', size: 1, contentType: 'not a type' },
    });
    expect(type.body.error.field).toBe('contentType');
    const order = await api.call('POST', '/uploads/complete', {
      body: {
        bucket: 'media',
        key: 'a.mp4',
        uploadId: 'u',
        parts: [
          { partNumber: 2, etag: 'x' },
          { partNumber: 1, etag: 'y' },
        ],
      },
    });
    expect(order.body.error).toMatchObject({ code: 'InvalidParameter', field: 'parts[1].partNumber' });
    expect(api.transfers.calls).toEqual([]);
  });

  it('presigns GETs of deployment buckets only, for at most 12 hours', async () => {
    const api = createTestApi({ buckets: BUCKETS });
    const ok = await api.call('GET', '/objects/url', {
      query: { bucket: 'results', key: 'out/a.mp4', expires: '60' },
    });
    expect(ok.body).toEqual({
      url: 'memory://get/results/out/a.mp4?expires=60',
      expiresAt: '2025-03-01T10:01:00.000Z',
    });
    const other = await api.call('GET', '/objects/url', { query: { bucket: 'elsewhere', key: 'a.mp4' } });
    expect(other.body.error).toMatchObject({ code: 'InvalidParameter', field: 'bucket' });
    const missing = await api.call('GET', '/objects/url', { query: { bucket: 'results' } });
    expect(missing.body.error.field).toBe('key');
    const long = await api.call('GET', '/objects/url', {
      query: { bucket: 'results', key: 'a', expires: '43201' },
    });
    expect(long.body.error.field).toBe('expires');
  });
});
