import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startApiHttpServer } from '../../lambdas/api/http-server';
import { applyJobEvent, failSubtask } from '../../lambdas/core/tasks';
import { startCliEnv, type CliEnv } from './support';

describe('mps CLI against the control API', () => {
  let env: CliEnv;

  beforeEach(async () => {
    env = await startCliEnv();
  });
  afterEach(() => env.close());

  async function createSchema(name = 'demo'): Promise<string> {
    const res = await env.mps(
      '--json',
      'schema',
      'create',
      '--name',
      name,
      '--trigger',
      's3://media-in/input/',
      '--output',
      's3://media-out/output/',
      '--transcode',
      '100030',
      '--snapshot',
      '10',
      '--offsets',
      '1s,50%',
    );
    expect(res).toMatchObject({ code: 0, stderr: '' });
    return JSON.parse(res.stdout).id as string;
  }

  async function processTask(...extra: string[]): Promise<string> {
    const res = await env.mps(
      '--json',
      'process',
      's3://media-in/manual/clip.mp4',
      '--transcode',
      '100030',
      ...extra,
    );
    expect(res.code).toBe(0);
    return JSON.parse(res.stdout).taskId as string;
  }

  it('creates a schema from flags, enables, lists and shows it', async () => {
    const created = await env.mps(
      'schema',
      'create',
      '--name',
      'demo',
      '--trigger',
      's3://media-in/input/',
      '--output',
      's3://media-out/output/',
      '--transcode',
      '100030',
      '--snapshot',
      '10',
      '--offsets',
      '1s,50%',
    );
    expect(created.code).toBe(0);
    const id = /created schema (sch-[0-9a-f]+)/.exec(created.stdout)?.[1];
    expect(id).toBeDefined();
    const stored = await env.api.schemas.get(id!);
    expect(stored).toMatchObject({
      status: 'disabled',
      trigger: { bucket: 'media-in', directory: 'input/' },
      output: { bucket: 'media-out', directory: 'output/' },
      items: {
        transcode: [{ templateId: 100030 }],
        snapshotByTimeOffset: [
          {
            templateId: 10,
            offsets: [
              { value: 1, unit: 's' },
              { value: 50, unit: '%' },
            ],
          },
        ],
      },
    });

    const enabled = await env.mps('schema', 'enable', id!);
    expect(enabled).toMatchObject({ code: 0, stdout: `schema ${id} is enabled\n` });
    expect((await env.api.schemas.get(id!))?.status).toBe('enabled');

    const list = await env.mps('schema', 'list', '--status', 'enabled');
    expect(list.code).toBe(0);
    const lines = list.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+STATUS\s+TRIGGER\s+OUTPUT\s+ITEMS$/);
    expect(lines[1]).toMatch(
      new RegExp(`^${id}\\s+demo\\s+enabled\\s+s3://media-in/input/\\s+s3://media-out/output/`),
    );
    expect(lines).toHaveLength(2);
    const none = await env.mps('schema', 'list', '--status', 'disabled');
    expect(none.stdout).toBe('no schemas\n');

    const show = await env.mps('schema', 'show', id!);
    expect(show.stdout).toContain('snapshotByTimeOffset');
    const json = await env.mps('--json', 'schema', 'show', id!);
    expect(JSON.parse(json.stdout)).toEqual(await env.api.schemas.get(id!));
  });

  it('creates a schema from --file', async () => {
    const file = path.join(env.cwd, 'schema.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'from-file',
        trigger: { bucket: 'media-in', directory: 'in/' },
        items: { animatedGraphics: [{ templateId: 20000, startTime: 0, endTime: 2 }] },
      }),
    );
    const res = await env.mps('--json', 'schema', 'create', '--file', 'schema.json');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({
      name: 'from-file',
      output: { bucket: 'media-in', directory: 'in/' },
    });
  });

  it('processes an object and shows the task in the console layout', async () => {
    const res = await env.mps(
      'process',
      's3://media-in/manual/clip.mp4',
      '--transcode',
      '100030',
      '--gif',
      '20000',
      '--end',
      '2',
    );
    expect(res.code).toBe(0);
    const taskId = /^task (\S+)$/m.exec(res.stdout)?.[1];
    expect(taskId).toBeDefined();
    const task = await env.api.tasks.get(taskId!);
    expect(task?.output).toEqual({ bucket: 'media-in', directory: 'manual/' });
    expect(task?.subtasks.map((s) => s.type)).toEqual(['Transcode', 'AnimatedGraphics']);

    const show = await env.mps('task', 'show', taskId!);
    expect(show.code).toBe(0);
    const lines = show.stdout.split('\n');
    expect(lines[0]).toMatch(/^TASK ID\s+STATUS\s+PROGRESS\s+CREATED\s+FINISHED$/);
    expect(lines[1]).toMatch(new RegExp(`^${taskId}\\s+PROCESSING\\s+0%\\s+2025-03-01T10:00:00Z\\s+-$`));
    const header = lines.findIndex((l) => /^NO\s+STATUS\s+TYPE\s+START\s+END\s+OUTPUT$/.test(l));
    expect(header).toBeGreaterThan(1);
    expect(lines[header + 1]).toMatch(/^1\s+PROCESSING\s+Transcode\s+2025-03-01T10:00:00Z\s+-\s+0%$/);
    expect(lines[header + 2]).toMatch(/^2\s+PROCESSING\s+AnimatedGraphics\s/);
  });

  it('shows outputs of finished subtasks and lists tasks with filters', async () => {
    const taskId = await processTask();
    const other = await processTask('--session-id', 'abc');
    const t = (await env.api.tasks.get(taskId))!;
    await env.api.updater.update(
      taskId,
      (task) =>
        applyJobEvent(task, {
          jobId: t.subtasks[0]!.jobId!,
          status: 'COMPLETE',
          time: '2025-03-01T10:02:00.000Z',
          taskId,
          members: [{ no: 1, attempt: 1 }],
          progress: 100,
          outputs: [{ bucket: 'media-in', key: 'manual/clip_transcode_100030.mp4', kind: 'video' }],
        }).task,
    );
    const show = await env.mps('task', 'show', taskId);
    expect(show.stdout).toMatch(/FINISH \(SUCCESS\)\s+100%\s+2025-03-01T10:00:00Z\s+2025-03-01T10:02:00Z/);
    expect(show.stdout).toMatch(
      /1\s+SUCCESS\s+Transcode\s+2025-03-01T10:00:00Z\s+2025-03-01T10:02:00Z\s+media-in\/manual\/clip_transcode_100030\.mp4/,
    );

    const finished = await env.mps('task', 'list', '--status', 'FINISH');
    expect(finished.stdout).toContain(taskId);
    expect(finished.stdout).not.toContain(other);
    const byIds = await env.mps('--json', 'task', 'list', '--ids', `${other},nope`);
    expect(JSON.parse(byIds.stdout).items.map((x: { taskId: string }) => x.taskId)).toEqual([other]);
  });

  it('restarts a failed task and aborts a running one', async () => {
    const failed = await processTask();
    await env.api.updater.update(failed, (t) =>
      failSubtask(t, 1, 1, 'SourceFileError', 'unreadable source', env.api.clock.now),
    );
    const show = await env.mps('task', 'show', failed);
    expect(show.stdout).toMatch(/1\s+FAIL\s+Transcode.*SourceFileError: unreadable source/);

    const restarted = await env.mps('task', 'restart', failed);
    expect(restarted.code).toBe(0);
    expect(restarted.stdout).toMatch(/1\s+PROCESSING \(attempt 2\)\s+Transcode/);
    expect((await env.api.tasks.get(failed))?.subtasks[0]).toMatchObject({
      attempt: 2,
      status: 'PROCESSING',
    });

    const running = await processTask();
    const jobId = (await env.api.tasks.get(running))!.subtasks[0]!.jobId!;
    const aborted = await env.mps('task', 'abort', running);
    expect(aborted.code).toBe(0);
    expect(aborted.stdout).toContain('FINISH (ABORTED)');
    expect(env.api.submitter.cancelled).toContain(jobId);

    const again = await env.mps('task', 'abort', running);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^error FailedOperation.InvalidTaskStatus: /);
  });

  it('watches a task until it finishes', async () => {
    const taskId = await processTask();
    const t = (await env.api.tasks.get(taskId))!;
    let polls = 0;
    env.onSleep = async () => {
      polls++;
      if (polls === 2) {
        await env.api.updater.update(
          taskId,
          (task) =>
            applyJobEvent(task, {
              jobId: t.subtasks[0]!.jobId!,
              status: 'COMPLETE',
              time: '2025-03-01T10:03:00.000Z',
              taskId,
              members: [{ no: 1, attempt: 1 }],
              progress: 100,
              outputs: [{ bucket: 'media-in', key: 'manual/clip_transcode_100030.mp4', kind: 'video' }],
            }).task,
        );
      }
    };
    const res = await env.mps('task', 'watch', taskId, '--interval', '0.01');
    expect(res.code).toBe(0);
    expect(polls).toBe(2);
    expect(res.stderr.trim().split('\n')).toHaveLength(2); // one line per change
    expect(res.stdout).toContain('FINISH (SUCCESS)');
  });

  it('creates, updates and deletes a template', async () => {
    const created = await env.mps(
      '--json',
      'template',
      'create',
      'snapshot',
      '--set',
      'name=thumb',
      '--set',
      'width=640',
      '--set',
      'height=0',
      '--set',
      'format=jpg',
      '--set',
      'quality=80',
    );
    expect(created.code).toBe(0);
    const t = JSON.parse(created.stdout);
    expect(t).toMatchObject({ id: 1_000_000, type: 'snapshot', name: 'thumb', width: 640 });
    const updated = await env.mps('--json', 'template', 'update', String(t.id), '--set', 'quality=60');
    expect(updated.code).toBe(0);
    expect(JSON.parse(updated.stdout)).toMatchObject({ id: t.id, quality: 60, width: 640 });
    const list = await env.mps('template', 'list', '--type', 'snapshot', '--no-presets');
    expect(list.stdout).toMatch(/^ID\s+TYPE\s+NAME\s+PRESET\s+UPDATED\n1000000\s+snapshot\s+thumb\s+no\s/);
    const preset = await env.mps('template', 'delete', '100030');
    expect(preset.code).toBe(1);
    expect(preset.stderr).toMatch(/^error FailedOperation.PresetReadOnly: /);
    expect((await env.mps('template', 'delete', String(t.id))).code).toBe(0);
    expect(env.api.templates.items.size).toBe(0);
  });

  it('explains which schemas an upload triggers', async () => {
    const id = await createSchema();
    await env.mps('schema', 'enable', id);
    env.api.clock.now = '2025-03-01T10:30:00.000Z';
    const res = await env.mps('explain', 's3://media-in/input/a.mp4');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`schema ${id} (demo) → s3://media-out/output/: 2 job(s)`);
    expect(res.stdout).toContain('#1 Transcode: job 1\n  #2 SnapshotByTimeOffset: job 2\n  job 1: CreateJob');
    expect(res.stdout).toContain('"Role": "arn:aws:iam::123456789012:role/mps-mediaconvert"');
    const none = await env.mps('explain', 's3://media-in/elsewhere/a.mp4');
    expect(none.stdout).toBe('no enabled schema matches s3://media-in/elsewhere/a.mp4\n');
  });

  it('exits 2 on usage errors and 1 on API errors, printing error <code>: <message>', async () => {
    const missing = await env.mps('task', 'show', 't-nope');
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toBe('error ResourceNotFound.Task: task t-nope does not exist\n');

    const invalid = await env.mps(
      'schema',
      'create',
      '--name',
      'x',
      '--trigger',
      's3://media-in/',
      '--transcode',
      '1999999',
    );
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(
      /^error InvalidParameter\.DefinitionNotExist: items\.transcode\[0\]\.templateId/,
    );

    for (const argv of [
      ['schema', 'create'],
      ['process', 'media-in/clip.mp4', '--transcode', '100030'],
      ['process', 's3://media-in/clip.mp4'],
      ['process', 's3://media-in/clip.mp4', '--gif', '20000'],
      ['task', 'show'],
      ['frobnicate'],
      ['task', 'list', '--bogus'],
      ['template', 'show', 'abc'],
    ]) {
      const res = await env.mps(...argv);
      expect({ argv, code: res.code }).toEqual({ argv, code: 2 });
      expect(res.stderr).toMatch(/^error Usage: /m);
    }
    expect(env.api.tasks.items.size).toBe(0);
    expect(env.api.schemas.items.size).toBe(0);
  });

  it('finds the local runtime from .mps-local/endpoints.json and reports an unreachable endpoint', async () => {
    mkdirSync(path.join(env.cwd, '.mps-local'));
    writeFileSync(
      path.join(env.cwd, '.mps-local', 'endpoints.json'),
      JSON.stringify({ api: env.server.url, s3: 'http://127.0.0.1:1', region: 'us-east-1' }),
    );
    const res = await env.mpsWith({}, 'schema', 'list');
    expect(res).toMatchObject({ code: 0, stdout: 'no schemas\n' });

    const closed = await startApiHttpServer(env.api.handler, { port: 0 });
    await closed.close();
    const down = await env.mpsWith({ MPS_ENDPOINT: closed.url }, 'schema', 'list');
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(new RegExp(`^error ConnectionFailed: could not reach ${closed.url}`));
  });
});
