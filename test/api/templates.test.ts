import { createTestApi } from './support/harness';
import {
  schemaBody,
  snapshotTemplateBody,
  transcodeTemplateBody,
  TRANSCODE_PRESET,
} from './support/fixtures';

describe('templates API', () => {
  it('creates a user template with an id from 1000000, then shows, lists and replaces it', async () => {
    const api = createTestApi();
    const created = await api.call('POST', '/templates/transcode', { body: transcodeTemplateBody() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 1_000_000, type: 'transcode', name: 'my-720p', preset: false });
    expect(created.body.createdAt).toBe(api.clock.now);

    const shown = await api.call('GET', '/templates/1000000');
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual(created.body);

    const mine = await api.call('GET', '/templates', {
      query: { type: 'transcode', includePresets: 'false' },
    });
    expect(mine.body.items.map((t: { id: number }) => t.id)).toEqual([1_000_000]);
    const withPresets = await api.call('GET', '/templates', { query: { type: 'transcode' } });
    expect(withPresets.body.items.length).toBeGreaterThan(1);
    expect(withPresets.body.items.every((t: { type: string }) => t.type === 'transcode')).toBe(true);
    expect(withPresets.body.items.some((t: { id: number }) => t.id === TRANSCODE_PRESET)).toBe(true);

    api.clock.now = '2025-03-02T00:00:00.000Z';
    // GET → edit → PUT: echoed server fields are accepted when unchanged
    const replaced = await api.call('PUT', '/templates/1000000', {
      body: { ...shown.body, name: 'renamed' },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({
      id: 1_000_000,
      name: 'renamed',
      createdAt: created.body.createdAt,
    });
    expect(replaced.body.updatedAt).toBe('2025-03-02T00:00:00.000Z');
    expect((await api.templates.get(1_000_000))?.name).toBe('renamed');
  });

  it('rejects invalid settings with 400 naming the field', async () => {
    const api = createTestApi();
    const body = transcodeTemplateBody();
    (body.video as Record<string, unknown>).width = 5000;
    const res = await api.call('POST', '/templates/transcode', { body });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toMatch(/video\.width/);
    expect(api.templates.items.size).toBe(0);
  });

  it('rejects an unknown template type and a type that contradicts the path', async () => {
    const api = createTestApi();
    const unknown = await api.call('POST', '/templates/poster', { body: snapshotTemplateBody() });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'InvalidParameter', field: 'type' });
    expect(unknown.body.error.message).toContain('transcode');
    const contradicting = await api.call('POST', '/templates/snapshot', {
      body: { ...snapshotTemplateBody(), type: 'transcode' },
    });
    expect(contradicting.status).toBe(400);
    expect(contradicting.body.error.field).toBe('type');
  });

  it('refuses to modify or delete a preset (409 FailedOperation.PresetReadOnly)', async () => {
    const api = createTestApi();
    const put = await api.call('PUT', `/templates/${TRANSCODE_PRESET}`, { body: transcodeTemplateBody() });
    expect(put.status).toBe(409);
    expect(put.body.error.code).toBe('FailedOperation.PresetReadOnly');
    const del = await api.call('DELETE', `/templates/${TRANSCODE_PRESET}`);
    expect(del.status).toBe(409);
    expect(del.body.error.code).toBe('FailedOperation.PresetReadOnly');
  });

  it('refuses to delete a template a schema uses (409 ResourceInUse.Template), deletes it once unused', async () => {
    const api = createTestApi();
    const t = await api.call('POST', '/templates/snapshot', { body: snapshotTemplateBody() });
    const schema = await api.call('POST', '/schemas', {
      body: schemaBody({ items: { snapshotByTimeOffset: [{ templateId: t.body.id, offsets: ['2s'] }] } }),
    });
    expect(schema.status).toBe(201);
    const refused = await api.call('DELETE', `/templates/${t.body.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('ResourceInUse.Template');
    expect(refused.body.error.message).toContain(schema.body.id);

    expect((await api.call('DELETE', `/schemas/${schema.body.id}`)).status).toBe(204);
    const deleted = await api.call('DELETE', `/templates/${t.body.id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeUndefined();
    expect((await api.call('GET', `/templates/${t.body.id}`)).status).toBe(404);
  });

  it('answers 404 for an unknown id and 400 for a non-numeric one', async () => {
    const api = createTestApi();
    const missing = await api.call('GET', '/templates/1234567');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('ResourceNotFound.Template');
    const bad = await api.call('GET', '/templates/abc');
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('id');
    expect((await api.call('PUT', '/templates/1234567', { body: transcodeTemplateBody() })).status).toBe(404);
    expect((await api.call('DELETE', '/templates/1234567')).status).toBe(404);
  });

  it('checks the id, presets and existence of a replaced template before its body', async () => {
    const api = createTestApi();
    const malformed = { rawBody: '{"name": ' };
    const preset = await api.call('PUT', '/templates/100010', malformed);
    expect([preset.status, preset.body.error.code]).toEqual([409, 'FailedOperation.PresetReadOnly']);
    const missing = await api.call('PUT', '/templates/1234567', malformed);
    expect([missing.status, missing.body.error.code]).toEqual([404, 'ResourceNotFound.Template']);
    const badId = await api.call('PUT', '/templates/abc', malformed);
    expect([badId.status, badId.body.error.field]).toEqual([400, 'id']);
    const created = await api.call('POST', '/templates/transcode', { body: transcodeTemplateBody() });
    const mine = await api.call('PUT', `/templates/${created.body.id}`, malformed);
    expect([mine.status, mine.body.error.code]).toEqual([400, 'InvalidParameter.MalformedJson']);
  });
});
