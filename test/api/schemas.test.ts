import { createTestApi } from './support/harness';
import { schemaBody, TRANSCODE_PRESET } from './support/fixtures';

describe('schemas API', () => {
  it('creates a schema disabled, with defaults, and shows it', async () => {
    const api = createTestApi();
    const res = await api.call('POST', '/schemas', {
      body: schemaBody({ output: undefined, trigger: { bucket: 'media-in', directory: '/input/' } }),
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'demo',
      status: 'disabled',
      trigger: { bucket: 'media-in', directory: 'input/' },
      output: { bucket: 'media-in', directory: 'input/' },
      createdAt: api.clock.now,
    });
    expect(res.body.id).toMatch(/^sch-[0-9a-f]{16}$/);
    expect(res.body.enabledAt).toBeUndefined();
    const shown = await api.call('GET', `/schemas/${res.body.id}`);
    expect(shown.body).toEqual(res.body);
  });

  it('rejects a reference to a missing template (InvalidParameter.DefinitionNotExist) and a wrong type', async () => {
    const api = createTestApi();
    const missing = await api.call('POST', '/schemas', {
      body: schemaBody({ items: { transcode: [{ templateId: 1_999_999 }] } }),
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({
      code: 'InvalidParameter.DefinitionNotExist',
      field: 'items.transcode[0].templateId',
    });
    const wrongType = await api.call('POST', '/schemas', {
      body: schemaBody({
        items: { snapshotByTimeOffset: [{ templateId: TRANSCODE_PRESET, offsets: ['1s'] }] },
      }),
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.field).toBe('items.snapshotByTimeOffset[0].templateId');
    expect(api.schemas.items.size).toBe(0);
  });

  it('rejects unknown fields and bad buckets with 400 naming the field', async () => {
    const api = createTestApi();
    const unknown = await api.call('POST', '/schemas', { body: { ...schemaBody(), colour: 'red' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.field).toBe('colour');
    const bucket = await api.call('POST', '/schemas', {
      body: schemaBody({ trigger: { bucket: 'Bad_Bucket', directory: '' } }),
    });
    expect(bucket.status).toBe(400);
    expect(bucket.body.error.field).toBe('trigger.bucket');
  });

  it("rejects buckets the deployment does not serve, naming the field and the deployment's buckets", async () => {
    const api = createTestApi({ buckets: { trigger: ['media-in'], output: ['media-out'] } });
    const trigger = await api.call('POST', '/schemas', {
      body: schemaBody({ trigger: { bucket: 'other-in', directory: '' } }),
    });
    expect(trigger.status).toBe(400);
    expect(trigger.body.error).toMatchObject({ code: 'InvalidParameter', field: 'trigger.bucket' });
    expect(trigger.body.error.message).toBe(
      'trigger.bucket "other-in" is not a trigger bucket of this deployment (media-in): uploads to it never reach the service',
    );
    const output = await api.call('POST', '/schemas', {
      body: schemaBody({ output: { bucket: 'other-out', directory: 'x/' } }),
    });
    expect(output.status).toBe(400);
    expect(output.body.error.field).toBe('output.bucket');
    expect(output.body.error.message).toContain(
      '(media-out, media-in): its jobs would fail with AccessDenied',
    );
    // The trigger bucket is writable too (outputs default to the upload's location).
    expect(
      (await api.call('POST', '/schemas', { body: schemaBody({ output: { directory: 'out/' } }) })).status,
    ).toBe(201);
    expect(api.schemas.items.size).toBe(1);
  });

  it('rejects a duplicate name with 409', async () => {
    const api = createTestApi();
    expect((await api.call('POST', '/schemas', { body: schemaBody() })).status).toBe(201);
    const dup = await api.call('POST', '/schemas', { body: schemaBody() });
    expect(dup.status).toBe(409);
    expect(api.schemas.items.size).toBe(1);
  });

  it('enables and disables; enabling twice keeps enabledAt', async () => {
    const api = createTestApi();
    const { body: s } = await api.call('POST', '/schemas', { body: schemaBody() });
    api.clock.now = '2025-03-01T11:00:00.000Z';
    const enabled = await api.call('POST', `/schemas/${s.id}/enable`);
    expect(enabled.status).toBe(200);
    expect(enabled.body).toMatchObject({ status: 'enabled', enabledAt: '2025-03-01T11:00:00.000Z' });
    api.clock.now = '2025-03-01T12:00:00.000Z';
    const again = await api.call('POST', `/schemas/${s.id}/enable`);
    expect(again.body.enabledAt).toBe('2025-03-01T11:00:00.000Z');
    const disabled = await api.call('POST', `/schemas/${s.id}/disable`);
    expect(disabled.body.status).toBe('disabled');
    expect((await api.schemas.get(s.id))?.status).toBe('disabled');
  });

  it('lists with a status filter and pages with limit/nextToken', async () => {
    const api = createTestApi();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      api.clock.now = `2025-03-01T10:00:0${i}.000Z`;
      const { body } = await api.call('POST', '/schemas', { body: schemaBody({ name: `s${i}` }) });
      ids.push(body.id);
    }
    await api.call('POST', `/schemas/${ids[1]}/enable`);
    const enabled = await api.call('GET', '/schemas', { query: { status: 'enabled' } });
    expect(enabled.body.items.map((s: { id: string }) => s.id)).toEqual([ids[1]]);
    const first = await api.call('GET', '/schemas', { query: { limit: '2' } });
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextToken).toEqual(expect.any(String));
    const second = await api.call('GET', '/schemas', {
      query: { limit: '2', nextToken: first.body.nextToken },
    });
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextToken).toBeUndefined();
    const all = [...first.body.items, ...second.body.items].map((s: { id: string }) => s.id).sort();
    expect(all).toEqual([...ids].sort());
    expect((await api.call('GET', '/schemas', { query: { status: 'on' } })).status).toBe(400);
    expect((await api.call('GET', '/schemas', { query: { limit: '0' } })).status).toBe(400);
    expect((await api.call('GET', '/schemas', { query: { limit: '101' } })).status).toBe(400);
  });

  it('replaces a disabled schema; an enabled one only with ?reset=true, which leaves it disabled', async () => {
    const api = createTestApi();
    const { body: s } = await api.call('POST', '/schemas', { body: schemaBody() });
    const replaced = await api.call('PUT', `/schemas/${s.id}`, { body: schemaBody({ name: 'demo-2' }) });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({
      id: s.id,
      name: 'demo-2',
      status: 'disabled',
      createdAt: s.createdAt,
    });

    await api.call('POST', `/schemas/${s.id}/enable`);
    const refused = await api.call('PUT', `/schemas/${s.id}`, { body: schemaBody({ name: 'demo-3' }) });
    expect(refused.status).toBe(409);
    expect((await api.schemas.get(s.id))?.name).toBe('demo-2');

    const reset = await api.call('PUT', `/schemas/${s.id}`, {
      query: { reset: 'true' },
      body: schemaBody({ name: 'demo-3' }),
    });
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({ name: 'demo-3', status: 'disabled' });
    expect((await api.schemas.get(s.id))?.status).toBe('disabled');
  });

  it('deletes only a disabled schema', async () => {
    const api = createTestApi();
    const { body: s } = await api.call('POST', '/schemas', { body: schemaBody() });
    await api.call('POST', `/schemas/${s.id}/enable`);
    const refused = await api.call('DELETE', `/schemas/${s.id}`);
    expect(refused.status).toBe(409);
    expect(api.schemas.items.has(s.id)).toBe(true);
    await api.call('POST', `/schemas/${s.id}/disable`);
    expect((await api.call('DELETE', `/schemas/${s.id}`)).status).toBe(204);
    expect(api.schemas.items.has(s.id)).toBe(false);
    const gone = await api.call('GET', `/schemas/${s.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('ResourceNotFound.Schema');
    for (const [method, path] of [
      ['POST', `/schemas/${s.id}/enable`],
      ['POST', `/schemas/${s.id}/disable`],
      ['DELETE', `/schemas/${s.id}`],
    ] as const) {
      expect((await api.call(method, path)).status).toBe(404);
    }
    expect((await api.call('PUT', `/schemas/${s.id}`, { body: schemaBody() })).status).toBe(404);
  });
});
