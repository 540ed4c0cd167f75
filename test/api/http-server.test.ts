import { startApiHttpServer, type ApiHttpServer } from '../../lambdas/api/http-server';
import { createTestApi, type TestApi } from './support/harness';
import { processBody, schemaBody } from './support/fixtures';

describe('lambdas/api/http-server', () => {
  let api: TestApi;
  let server: ApiHttpServer;

  beforeEach(async () => {
    api = createTestApi();
    server = await startApiHttpServer(api.handler, { port: 0 });
  });
  afterEach(() => server.close());

  it('serves the handler over HTTP on localhost: JSON bodies, query strings and status codes', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const created = await fetch(`${server.url}/schemas`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(schemaBody({ name: '한국어-스키마' })),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toContain('application/json');
    const schema = (await created.json()) as { id: string; name: string };
    expect(schema.name).toBe('한국어-스키마');

    const listed = await fetch(`${server.url}/schemas?status=disabled&limit=5`);
    expect(((await listed.json()) as { items: unknown[] }).items).toHaveLength(1);

    const deleted = await fetch(`${server.url}/schemas/${schema.id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe('');
  });

  it('passes a unicode key through and answers 404 for unknown routes', async () => {
    const res = await fetch(`${server.url}/tasks`, {
      method: 'POST',
      body: JSON.stringify(processBody({ input: { bucket: 'media-in', key: 'in/비디오 +1%.mp4' } })),
    });
    expect(res.status).toBe(201);
    const task = (await res.json()) as { taskId: string; input: { key: string } };
    expect(task.input.key).toBe('in/비디오 +1%.mp4');
    const shown = await fetch(`${server.url}/tasks/${encodeURIComponent(task.taskId)}`);
    expect(shown.status).toBe(200);
    const missing = await fetch(`${server.url}/nope`);
    expect(missing.status).toBe(404);
  });

  it('rejects a body over 256 KiB with 400', async () => {
    const res = await fetch(`${server.url}/schemas`, {
      method: 'POST',
      body: JSON.stringify({ ...schemaBody(), pad: 'x'.repeat(300 * 1024) }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      'InvalidParameter.RequestTooLarge',
    );
  });
});
