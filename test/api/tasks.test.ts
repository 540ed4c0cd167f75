import { failSubtask } from '../../lambdas/core/tasks';
import { validateJobs } from '../support/validate-job';
import { createTestApi, type TestApi } from './support/harness';
import { processBody, SNAPSHOT_PRESET, TRANSCODE_PRESET } from './support/fixtures';

async function failAll(api: TestApi, taskId: string): Promise<void> {
  const task = (await api.tasks.get(taskId))!;
  for (const s of task.subtasks) {
    await api.updater.update(taskId, (t) =>
      failSubtask(t, s.no, s.attempt, 'SourceFileError', 'broken', api.clock.now),
    );
  }
}

describe('tasks API', () => {
  it('ProcessMedia creates a task and submits one job per subtask', async () => {
    const api = createTestApi();
    const res = await api.call('POST', '/tasks', {
      body: processBody({
        items: {
          transcode: [{ templateId: TRANSCODE_PRESET }],
          snapshotByTimeOffset: [{ templateId: SNAPSHOT_PRESET, offsets: ['1s', '50%'] }],
        },
      }),
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      origin: 'api',
      input: { bucket: 'media-in', key: 'manual/clip one.mp4' },
      output: { bucket: 'media-out', directory: 'manual-out/' },
      status: 'PROCESSING',
    });
    expect(res.body.subtasks.map((s: { type: string; status: string }) => [s.type, s.status])).toEqual([
      ['Transcode', 'PROCESSING'],
      ['SnapshotByTimeOffset', 'PROCESSING'],
    ]);
    expect(api.submitter.created).toHaveLength(2);
    expect(api.probeCalls.map((c) => c.location)).toEqual([
      { bucket: 'media-in', key: 'manual/clip one.mp4' },
    ]);
    expect(api.submitter.created[0]!.UserMetadata).toMatchObject({
      mpsTaskId: res.body.taskId,
      mpsSubtaskNo: '1',
    });
    expect(await api.tasks.get(res.body.taskId)).toEqual(res.body);
    expect(validateJobs(api.submitter.created)).toEqual([[], []]);
  });

  it('defaults the output to the input bucket and directory', async () => {
    const api = createTestApi();
    const res = await api.call('POST', '/tasks', { body: processBody({ output: undefined }) });
    expect(res.status).toBe(201);
    expect(res.body.output).toEqual({ bucket: 'media-in', directory: 'manual/' });
  });

  it('a retried request with the same sessionId returns the same task (200) without new jobs', async () => {
    const api = createTestApi();
    const first = await api.call('POST', '/tasks', {
      body: processBody({ sessionId: 'order-42', sessionContext: 'ctx' }),
    });
    expect(first.status).toBe(201);
    api.clock.now = '2025-03-01T10:05:00.000Z';
    const retry = await api.call('POST', '/tasks', {
      body: processBody({ sessionId: 'order-42', sessionContext: 'ctx' }),
    });
    expect(retry.status).toBe(200);
    expect(retry.body.taskId).toBe(first.body.taskId);
    expect(api.submitter.created).toHaveLength(1);
    expect(api.tasks.items.size).toBe(1);
    const other = await api.call('POST', '/tasks', { body: processBody({ sessionId: 'order-43' }) });
    expect(other.status).toBe(201);
    expect(other.body.taskId).not.toBe(first.body.taskId);
  });

  it('maps priority −10..10 onto the job and rejects values outside', async () => {
    const api = createTestApi();
    expect((await api.call('POST', '/tasks', { body: processBody({ priority: 4 }) })).status).toBe(201);
    expect(api.submitter.created[0]!.Priority).toBe(20);
    const bad = await api.call('POST', '/tasks', { body: processBody({ priority: 11 }) });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('priority');
  });

  it.each([
    [{ input: { bucket: 'media-in', key: 'dir/' } }, 'input.key'],
    [{ input: { bucket: 'MEDIA', key: 'a.mp4' } }, 'input.bucket'],
    [{ items: {} }, 'items'],
    [{ items: { transcode: [{ templateId: 'x' }] } }, 'items.transcode[0].templateId'],
    [{ sessionContext: 'x'.repeat(1001) }, 'sessionContext'],
    [{ notification: { type: 'url', target: 'http://10.0.0.1/hook' } }, 'notification.target'],
    [{ extra: true }, 'extra'],
  ])('rejects a bad ProcessMedia body %j (field %s)', async (override, field) => {
    const api = createTestApi();
    const res = await api.call('POST', '/tasks', { body: processBody(override) });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe(field);
    expect(api.tasks.items.size).toBe(0);
    expect(api.submitter.created).toHaveLength(0);
  });

  it('rejects reading or writing a bucket the deployment does not serve, before creating anything', async () => {
    const api = createTestApi({ buckets: { trigger: ['media-in'], output: ['media-out'] } });
    const input = await api.call('POST', '/tasks', {
      body: processBody({ input: { bucket: 'someone-else', key: 'a.mp4' } }),
    });
    expect(input.status).toBe(400);
    expect(input.body.error).toMatchObject({ field: 'input.bucket' });
    expect(input.body.error.message).toContain('is not a bucket this deployment may read (media-in)');
    const output = await api.call('POST', '/tasks', {
      body: processBody({ output: { bucket: 'elsewhere' } }),
    });
    expect(output.status).toBe(400);
    expect(output.body.error.field).toBe('output.bucket');
    expect(api.tasks.items.size).toBe(0);
    expect(api.submitter.created).toHaveLength(0);
    expect((await api.call('POST', '/tasks', { body: processBody() })).status).toBe(201);
  });

  it('rejects a missing template before creating anything', async () => {
    const api = createTestApi();
    const res = await api.call('POST', '/tasks', {
      body: processBody({ items: { transcode: [{ templateId: 1_500_000 }] } }),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('InvalidParameter.DefinitionNotExist');
    expect(api.tasks.items.size).toBe(0);
  });

  it('lists newest first with status, ids, time filters and paging', async () => {
    const api = createTestApi();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      api.clock.now = `2025-03-0${i + 1}T10:00:00.000Z`;
      ids.push((await api.call('POST', '/tasks', { body: processBody() })).body.taskId);
    }
    await failAll(api, ids[0]!);
    const all = await api.call('GET', '/tasks');
    expect(all.body.items.map((t: { taskId: string }) => t.taskId)).toEqual([ids[2], ids[1], ids[0]]);
    const finished = await api.call('GET', '/tasks', { query: { status: 'FINISH' } });
    expect(finished.body.items.map((t: { taskId: string }) => t.taskId)).toEqual([ids[0]]);
    const failed = await api.call('GET', '/tasks', { query: { result: 'FAIL' } });
    expect(failed.body.items.map((t: { taskId: string }) => t.taskId)).toEqual([ids[0]]);
    const succeeded = await api.call('GET', '/tasks', { query: { result: 'SUCCESS' } });
    expect(succeeded.body.items).toEqual([]);
    const badResult = await api.call('GET', '/tasks', { query: { result: 'FAILED' } });
    expect(badResult.status).toBe(400);
    expect(badResult.body.error).toMatchObject({ field: 'result' });
    expect(badResult.body.error.message).toContain('SUCCESS, PARTIAL_FAILURE, FAIL, ABORTED');
    const byIds = await api.call('GET', '/tasks', { query: { ids: `${ids[0]},${ids[2]}` } });
    expect(byIds.body.items.map((t: { taskId: string }) => t.taskId)).toEqual([ids[2], ids[0]]);
    const window = await api.call('GET', '/tasks', {
      query: { from: '2025-03-02T00:00:00Z', to: '2025-03-02T23:59:59Z' },
    });
    expect(window.body.items.map((t: { taskId: string }) => t.taskId)).toEqual([ids[1]]);
    const page1 = await api.call('GET', '/tasks', { query: { limit: '2' } });
    expect(page1.body.items).toHaveLength(2);
    const page2 = await api.call('GET', '/tasks', { query: { limit: '2', nextToken: page1.body.nextToken } });
    expect(page2.body.items.map((t: { taskId: string }) => t.taskId)).toEqual([ids[0]]);
    for (const query of [
      { status: 'DONE' },
      { from: 'yesterday' },
      { limit: 'ten' },
      { sort: 'asc' },
    ] as Record<string, string>[]) {
      expect((await api.call('GET', '/tasks', { query })).status).toBe(400);
    }
  });

  it('shows a task with its subtasks; 404 for an unknown id', async () => {
    const api = createTestApi();
    const { body } = await api.call('POST', '/tasks', { body: processBody() });
    const shown = await api.call('GET', `/tasks/${body.taskId}`);
    expect(shown.status).toBe(200);
    expect(shown.body.subtasks[0]).toMatchObject({ no: 1, type: 'Transcode', jobId: 'job-0001' });
    const missing = await api.call('GET', '/tasks/t-nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('ResourceNotFound.Task');
  });

  it('never shows the outbox: events still on their way are counted as pendingEvents', async () => {
    const api = createTestApi();
    const { body } = await api.call('POST', '/tasks', { body: processBody() });
    const stored = (await api.tasks.get(body.taskId))!;
    const pending = {
      eventType: 'TaskChanged' as const,
      version: stored.version,
      time: api.clock.now,
      targets: [{ type: 'queue' as const, target: 'https://sqs.eu-west-1.amazonaws.com/1/q' }],
    };
    expect(
      await api.tasks.update(
        { ...stored, outbox: { 'evt-a': pending }, version: stored.version + 1 },
        stored.version,
      ),
    ).toBe(true);
    for (const res of [await api.call('GET', `/tasks/${body.taskId}`), await api.call('GET', '/tasks')]) {
      const shown = res.body.items?.[0] ?? res.body;
      expect(shown).not.toHaveProperty('outbox');
      expect(shown.pendingEvents).toBe(1);
    }
    expect((await api.call('GET', `/tasks/${body.taskId}`)).body).not.toHaveProperty('outbox');
  });

  it('restarts a failed task: new attempt, new job; 409 while it is still running', async () => {
    const api = createTestApi();
    const { body } = await api.call('POST', '/tasks', { body: processBody() });
    const running = await api.call('POST', `/tasks/${body.taskId}/restart`);
    expect(running.status).toBe(409);
    await failAll(api, body.taskId);
    const restarted = await api.call('POST', `/tasks/${body.taskId}/restart`);
    expect(restarted.status).toBe(200);
    expect(restarted.body.subtasks[0]).toMatchObject({ attempt: 2, status: 'PROCESSING', jobId: 'job-0002' });
    expect(restarted.body.subtasks[0].history).toHaveLength(1);
    expect(api.submitter.created).toHaveLength(2);
    expect(api.submitter.created[1]!.UserMetadata).toMatchObject({ mpsAttempt: '2' });
    expect((await api.call('POST', '/tasks/t-nope/restart')).status).toBe(404);
    expect(
      (await api.call('POST', `/tasks/${body.taskId}/restart`, { query: { all: 'maybe' } })).status,
    ).toBe(400);
  });

  it('aborts a running task and cancels its jobs; 409 once finished', async () => {
    const api = createTestApi();
    const { body } = await api.call('POST', '/tasks', { body: processBody() });
    const aborted = await api.call('POST', `/tasks/${body.taskId}/abort`);
    expect(aborted.status).toBe(200);
    expect(aborted.body).toMatchObject({ status: 'FINISH', result: 'ABORTED' });
    expect(aborted.body.subtasks[0].status).toBe('ABORTED');
    expect(api.submitter.cancelled).toEqual(['job-0001']);
    const again = await api.call('POST', `/tasks/${body.taskId}/abort`);
    expect(again.status).toBe(409);
    expect((await api.call('POST', '/tasks/t-nope/abort')).status).toBe(404);
    // an aborted task can be restarted
    const restarted = await api.call('POST', `/tasks/${body.taskId}/restart`);
    expect(restarted.status).toBe(200);
    expect(restarted.body.subtasks[0].attempt).toBe(2);
  });
});
