import { createTestApi } from './support/harness';
import { processBody, schemaBody } from './support/fixtures';

describe('API errors and routing', () => {
  it('answers 404 RouteNotFound for unknown paths and 405 for a known path with another method', async () => {
    const api = createTestApi();
    const unknown = await api.call('GET', '/nothing/here');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('RouteNotFound');
    const method = await api.call('PATCH', '/schemas');
    expect(method.status).toBe(405);
    expect(method.body.error.message).toContain('POST');
  });

  it('rejects malformed JSON and non-object bodies with 400', async () => {
    const api = createTestApi();
    const malformed = await api.call('POST', '/schemas', { rawBody: '{"name": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('MalformedJson');
    const array = await api.call('POST', '/tasks', { rawBody: '[1,2]' });
    expect(array.status).toBe(400);
    expect(array.body.error.field).toBe('body');
    const empty = await api.call('POST', '/schemas');
    expect(empty.status).toBe(400);
  });

  it('rejects a body over 256 KiB with 400 before parsing it', async () => {
    const api = createTestApi();
    const big = JSON.stringify({ ...schemaBody(), padding: 'x'.repeat(256 * 1024) });
    const res = await api.call('POST', '/schemas', { rawBody: big });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('RequestTooLarge');
    expect(api.schemas.items.size).toBe(0);
  });

  it('rejects unknown query parameters', async () => {
    const api = createTestApi();
    const res = await api.call('GET', '/templates', { query: { kind: 'transcode' } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'InvalidParameter', field: 'kind' });
    expect(res.body.error.message).toContain('includePresets');
  });

  it('answers 500 without internals when a store fails, and logs the cause', async () => {
    const api = createTestApi();
    api.tasks.get = async () => {
      throw new Error('secret-connection-string://user:pass@db');
    };
    const res = await api.call('GET', '/tasks/t-1');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'InternalError', message: expect.any(String) } });
    expect(JSON.stringify(res.body)).not.toContain('secret');
    expect(api.errors).toHaveLength(1);
  });

  it('sends JSON with no-store and nosniff headers', async () => {
    const api = createTestApi();
    const res = await api.call('POST', '/tasks', { body: processBody() });
    expect(res.headers).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
  });

  it('decodes percent-encoded path parameters', async () => {
    const api = createTestApi();
    const res = await api.call('GET', '/schemas/sch%2Dmissing');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain('sch-missing');
  });
});
