import { MpsError } from '../../lambdas/core/errors';
import { validateJobs } from '../support/validate-job';
import { createTestApi } from './support/harness';
import { schemaBody, SNAPSHOT_PRESET, TRANSCODE_PRESET } from './support/fixtures';

describe('GET /explain', () => {
  it('lists the enabled schemas an upload matches with their CreateJob requests, submitting nothing', async () => {
    const api = createTestApi();
    const { body: s } = await api.call('POST', '/schemas', { body: schemaBody() });
    await api.call('POST', '/schemas', {
      body: schemaBody({ name: 'other', trigger: { bucket: 'media-in', directory: 'elsewhere/' } }),
    });
    await api.call('POST', `/schemas/${s.id}/enable`);
    api.clock.now = '2025-03-01T10:01:00.000Z';

    const res = await api.call('GET', '/explain', { query: { bucket: 'media-in', key: 'input/clip.mp4' } });
    expect(res.status).toBe(200);
    expect(res.body.schemas).toHaveLength(1);
    const [match] = res.body.schemas;
    expect(match).toMatchObject({
      schemaId: s.id,
      name: 'demo',
      output: { bucket: 'media-out', directory: 'output/' },
    });
    expect(match.subtasks).toEqual([
      { no: 1, type: 'Transcode', job: 0 },
      { no: 2, type: 'SnapshotByTimeOffset', requires: ['durationSeconds', 'frameRate'], job: 1 },
    ]);
    expect(match.jobs.map((j: { subtasks: number[] }) => j.subtasks)).toEqual([[1], [2]]);
    expect(match.jobs[0].createJob.Role).toBe('arn:aws:iam::123456789012:role/mps-mediaconvert');
    expect(match.jobs[0].createJob.UserMetadata).toMatchObject({ mpsStackId: 'stack-test' });
    expect(JSON.stringify(match.jobs[0].createJob)).toContain('s3://media-in/input/clip.mp4');
    // the 50% offset needs the duration: the source was probed once
    expect(api.probeCalls).toHaveLength(1);
    expect(api.probeCalls[0]!.fields).toContain('durationSeconds');
    expect(res.body.source).toMatchObject({ durationSeconds: 30 });
    expect(api.submitter.created).toHaveLength(0);
    expect(api.tasks.items.size).toBe(0);
    // the explained requests are valid CreateJob requests per the official MediaConvert model
    expect(validateJobs(match.jobs.map((j: { createJob: unknown }) => j.createJob))).toEqual([[], []]);
  });

  it('matches nothing outside the trigger, before enabledAt, or while disabled', async () => {
    const api = createTestApi();
    const { body: s } = await api.call('POST', '/schemas', { body: schemaBody() });
    const disabled = await api.call('GET', '/explain', { query: { bucket: 'media-in', key: 'input/a.mp4' } });
    expect(disabled.body.schemas).toEqual([]);
    await api.call('POST', `/schemas/${s.id}/enable`);
    const early = await api.call('GET', '/explain', {
      query: { bucket: 'media-in', key: 'input/a.mp4', time: '2025-02-01T00:00:00Z' },
    });
    expect(early.body.schemas).toEqual([]);
    const outside = await api.call('GET', '/explain', { query: { bucket: 'media-in', key: 'other/a.mp4' } });
    expect(outside.body.schemas).toEqual([]);
    expect(api.probeCalls).toHaveLength(0);
  });

  it('reports a probe failure on the subtasks that need source facts, and builds the others', async () => {
    const api = createTestApi();
    const { body: s } = await api.call('POST', '/schemas', {
      body: schemaBody({
        items: {
          transcode: [{ templateId: TRANSCODE_PRESET }],
          snapshotByTimeOffset: [{ templateId: SNAPSHOT_PRESET, offsets: ['50%'] }],
        },
      }),
    });
    await api.call('POST', `/schemas/${s.id}/enable`);
    api.source.info = new MpsError('SourceFileError', 'source s3://media-in/input/a.mp4 does not exist');
    const res = await api.call('GET', '/explain', { query: { bucket: 'media-in', key: 'input/a.mp4' } });
    expect(res.status).toBe(200);
    const [transcode, snapshot] = res.body.schemas[0].subtasks;
    expect(transcode).toEqual({ no: 1, type: 'Transcode', job: 0 });
    expect(res.body.schemas[0].jobs).toHaveLength(1);
    expect(snapshot.error).toEqual({
      code: 'SourceFileError',
      message: expect.stringContaining('does not exist'),
    });
  });

  it('reports an unreadable source (S3 throttling, access denied) as a SourceFileError, not a 500', async () => {
    const api = createTestApi();
    const { body: s } = await api.call('POST', '/schemas', {
      body: schemaBody({
        items: { snapshotByTimeOffset: [{ templateId: SNAPSHOT_PRESET, offsets: ['50%'] }] },
      }),
    });
    await api.call('POST', `/schemas/${s.id}/enable`);
    api.source.info = Object.assign(new Error('Access Denied'), { name: 'AccessDenied' });
    const res = await api.call('GET', '/explain', { query: { bucket: 'media-in', key: 'input/a.mp4' } });
    expect(res.status).toBe(200);
    expect(res.body.schemas[0].subtasks[0].error).toEqual({
      code: 'SourceFileError',
      message: 'could not read s3://media-in/input/a.mp4 (AccessDenied)',
    });
  });

  it('requires bucket and key', async () => {
    const api = createTestApi();
    const res = await api.call('GET', '/explain', { query: { bucket: 'media-in' } });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe('key');
  });
});
