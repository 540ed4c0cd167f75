import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ERROR_CATEGORY_STATUS, ROUTES_DOC } from '../../lambdas/api/http';
import { createTestApi } from './support/harness';
import { processBody, schemaBody, transcodeTemplateBody } from './support/fixtures';

const README = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');

/** The README's "Error codes" table: code → HTTP status. */
function documentedCodes(): Map<string, number> {
  const section = README.slice(README.indexOf('### Error codes'));
  const table = section.slice(0, section.indexOf('\n\n', section.indexOf('| --- |')));
  const codes = new Map<string, number>();
  for (const row of table.split('\n').filter((l) => l.startsWith('| `'))) {
    const [names, status] = row.split('|').slice(1, 3);
    for (const [, code] of names!.matchAll(/`([^`]+)`/g)) codes.set(code!, Number(status));
  }
  return codes;
}

describe('API errors and routing', () => {
  it('answers 404 ResourceNotFound.Route for unknown paths and 405 for a known path with another method', async () => {
    const api = createTestApi();
    const unknown = await api.call('GET', '/nothing/here');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('ResourceNotFound.Route');
    const method = await api.call('PATCH', '/schemas');
    expect(method.status).toBe(405);
    expect(method.body.error.message).toContain('POST');
  });

  it('lists the routes in RouteNotFound and points to a README section that exists', async () => {
    const api = createTestApi();
    const { message } = (await api.call('GET', '/template/1')).body.error;
    expect(message).toMatch(/^no route for GET \/template\/1; the routes are /);
    for (const route of [
      'GET /templates',
      'POST /templates/{type}',
      'POST /tasks/{id}/restart',
      'GET /deliveries/failed',
    ])
      expect(message).toContain(route);
    expect(message).toContain(`(see ${ROUTES_DOC})`);
    const anchor = ROUTES_DOC.split('#')[1]!;
    const headings = README.split('\n')
      .filter((l) => l.startsWith('#'))
      .map((l) =>
        l
          .replace(/^#+\s*/, '')
          .toLowerCase()
          .replace(/[^a-z0-9 -]/g, '')
          .replace(/ /g, '-'),
      );
    expect(headings).toContain(anchor);
  });

  it('answers with the documented codes, each with the status of its category', async () => {
    const documented = documentedCodes();
    expect(documented.size).toBeGreaterThanOrEqual(14);
    for (const [code, status] of documented)
      expect([code, ERROR_CATEGORY_STATUS[code.split('.')[0]!]]).toEqual([code, status]);

    const api = createTestApi();
    const schema = (await api.call('POST', '/schemas', { body: schemaBody() })).body;
    await api.call('POST', `/schemas/${schema.id}/enable`);
    const answers = [
      await api.call('POST', '/templates/transcode', { body: { name: 'x', video: { width: 5 } } }),
      await api.call('POST', '/schemas', { rawBody: '{oops' }),
      await api.call('POST', '/schemas', {
        body: schemaBody({ name: 'refs', items: { transcode: [{ templateId: 1_999_999 }] } }),
      }),
      await api.call('GET', '/templates/1999999'),
      await api.call('GET', '/schemas/nope'),
      await api.call('GET', '/tasks/nope'),
      await api.call('GET', '/nowhere'),
      await api.call('PATCH', '/schemas'),
      await api.call('POST', '/schemas', { body: schemaBody() }),
      await api.call('DELETE', `/schemas/${schema.id}`),
      await api.call('PUT', '/templates/100030', { body: transcodeTemplateBody() }),
    ];
    const seen = answers.map((a) => [a.body.error.code, a.status]);
    expect(seen).toEqual([
      ['InvalidParameter', 400],
      ['InvalidParameter.MalformedJson', 400],
      ['InvalidParameter.DefinitionNotExist', 400],
      ['ResourceNotFound.Template', 404],
      ['ResourceNotFound.Schema', 404],
      ['ResourceNotFound.Task', 404],
      ['ResourceNotFound.Route', 404],
      ['UnsupportedOperation.Method', 405],
      ['ResourceInUse', 409],
      ['ResourceInUse.Schema', 409],
      ['FailedOperation.PresetReadOnly', 409],
    ]);
    for (const [code, status] of seen) expect(documented.get(code as string)).toBe(status);
  });

  it('rejects malformed JSON and non-object bodies with 400', async () => {
    const api = createTestApi();
    const malformed = await api.call('POST', '/schemas', { rawBody: '{"name": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('InvalidParameter.MalformedJson');
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
    expect(res.body.error.code).toBe('InvalidParameter.RequestTooLarge');
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
