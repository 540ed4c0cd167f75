/**
 * The `mps` CLI against the real local runtime (s3rver, dynalite, fauxqs, ffmpeg engine), found through
 * `--local-dir` (the runtime's endpoints.json): create and enable a schema, upload with the progress
 * bar, watch the task finish, show it, restart a failed task, abort a running one, explain an upload.
 */
import { execFileSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { run, type CliIo } from '../../cli/main';
import type { Schema, Task } from '../../lambdas/core/model';
import { validateJobs } from '../support/validate-job';
import { generateClip } from './media';
import { api, startE2eRuntime, waitFor, type E2eContext } from './support';

jest.setTimeout(150_000);

let ctx: E2eContext;
let clip: string;

async function mps(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: {},
    cwd: ctx.tmp,
    stderrIsTTY: false,
    sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 200))),
  };
  const code = await run(['--local-dir', path.join(ctx.tmp, 'data'), ...argv], io);
  return { code, stdout, stderr };
}

async function mpsJson<T>(...argv: string[]): Promise<T> {
  const res = await mps('--json', ...argv);
  if (res.code !== 0) throw new Error(`mps ${argv.join(' ')} → ${res.code}: ${res.stderr}`);
  return JSON.parse(res.stdout) as T;
}

/** ffmpeg processes whose command line mentions `needle` (the engine's work directory of a job). */
function ffmpegProcessesWith(needle: string): number {
  const out = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  return out.split('\n').filter((l) => /^\S*ffmpeg /.test(l) && l.includes(needle)).length;
}

beforeAll(async () => {
  ctx = await startE2eRuntime();
  clip = path.join(ctx.tmp, 'clip.mp4');
  await generateClip(clip, { seconds: 3, width: 320, height: 240 });
});

afterAll(async () => {
  await ctx?.close();
});

it('schema create → enable → upload → watch → show; explain validates the CreateJob', async () => {
  const created = await mps(
    'schema',
    'create',
    '--name',
    'cli-e2e',
    '--trigger',
    's3://mps-local/cli/',
    '--output',
    's3://mps-local/cli-out/',
    '--snapshot',
    '10',
    '--offsets',
    '1s',
  );
  expect(created.code).toBe(0);
  const schema = (await mpsJson<{ items: Schema[] }>('schema', 'list')).items.find(
    (s) => s.name === 'cli-e2e',
  )!;
  expect(schema.status).toBe('disabled');
  expect((await mps('schema', 'enable', schema.id)).code).toBe(0);

  const up = await mps('upload', clip, 's3://mps-local/cli/');
  expect(up.code).toBe(0);
  expect(up.stderr).toMatch(/100%/);
  await ctx.rt.clients.s3.send(new HeadObjectCommand({ Bucket: 'mps-local', Key: 'cli/clip.mp4' }));

  const task = await waitFor(
    'the task of the upload',
    async () => {
      const page = await mpsJson<{ items: Task[] }>('task', 'list', '--schema', schema.id);
      return page.items[0];
    },
    30_000,
  );
  const watched = await mps('task', 'watch', task.taskId, '--interval', '0.2');
  expect(watched.code).toBe(0);

  const shown = await mps('task', 'show', task.taskId);
  expect(shown.code).toBe(0);
  expect(shown.stdout).toMatch(/TASK ID\s+STATUS\s+PROGRESS\s+CREATED\s+FINISHED/);
  expect(shown.stdout).toMatch(/NO\s+STATUS\s+TYPE\s+START\s+END\s+OUTPUT/);
  expect(shown.stdout).toMatch(/1\s+SUCCESS\s+SnapshotByTimeOffset/);
  expect(shown.stdout).toContain('cli-out/clip_snapshot_10.0000000.jpg');

  // upload --watch finds the task the real ingest creates and follows it; download and presign
  // fetch its output from the runtime's S3.
  const watched2 = await mps('upload', clip, 's3://mps-local/cli/second.mp4', '--watch', '--interval', '0.2');
  expect(watched2.code).toBe(0);
  expect(watched2.stderr).toMatch(/^task t-\S+ started \(schema cli-e2e\)$/m);
  expect(watched2.stdout).toMatch(/FINISH \(SUCCESS\)\s+100%/);
  const second = (await mpsJson<{ items: Task[] }>('task', 'list', '--schema', schema.id)).items.find(
    (t) => t.input.key === 'cli/second.mp4',
  )!;
  const fetched = await mps('download', second.taskId, path.join(ctx.tmp, 'downloaded'));
  expect(fetched.code).toBe(0);
  expect(statSync(path.join(ctx.tmp, 'downloaded', 'second_snapshot_10.0000000.jpg')).size).toBeGreaterThan(
    0,
  );
  const url = (await mps('presign', 's3://mps-local/cli-out/second_snapshot_10.0000000.jpg')).stdout.trim();
  const image = await fetch(url);
  expect(image.status).toBe(200);
  expect(image.headers.get('content-type')).toMatch(/image\/jpeg/);

  const explained = await mpsJson<{ schemas: { schemaId: string; jobs: { createJob?: unknown }[] }[] }>(
    'explain',
    's3://mps-local/cli/another.mp4',
  );
  const mine = explained.schemas.find((s) => s.schemaId === schema.id)!;
  expect(mine.jobs).toHaveLength(1);
  expect(validateJobs(mine.jobs.map((j) => j.createJob))).toEqual([[]]);
});

it('restarts a failed task: a new attempt, the first kept in history', async () => {
  const bad = path.join(ctx.tmp, 'notes.mp4');
  writeFileSync(bad, 'this is not a video');
  const run1 = await mpsJson<{ taskId: string }>(
    'process',
    's3://mps-local/cli/missing.mp4',
    '--transcode',
    '100010',
  );
  // The input does not exist: the job fails with MediaConvert's input error.
  const failed = await waitFor(
    'the failed task to finish',
    async () => {
      const t = await mpsJson<Task>('task', 'show', run1.taskId);
      return t.status === 'FINISH' ? t : undefined;
    },
    60_000,
  );
  expect(failed.result).toBe('FAIL');
  expect(failed.subtasks[0]!.errorCode).toMatch(/^MediaConvert\.1010$/);

  expect((await mps('upload', bad, 's3://mps-local/cli/missing.mp4')).code).toBe(0);
  const restarted = await mps('task', 'restart', run1.taskId);
  expect(restarted.code).toBe(0);
  const after = await mpsJson<Task>('task', 'show', run1.taskId);
  expect(after.subtasks[0]).toMatchObject({ attempt: 2 });
  expect(after.subtasks[0]!.history).toEqual([
    expect.objectContaining({ attempt: 1, status: 'FAIL', errorCode: 'MediaConvert.1010' }),
  ]);
  const second = await waitFor(
    'the restarted task to finish',
    async () => {
      const t = await mpsJson<Task>('task', 'show', run1.taskId);
      return t.status === 'FINISH' ? t : undefined;
    },
    60_000,
  );
  expect(second.subtasks[0]).toMatchObject({ attempt: 2, status: 'FAIL' });
});

it('aborts a running task: MediaConvert job cancelled, ffmpeg gone, task FINISH/ABORTED', async () => {
  const long = path.join(ctx.tmp, 'long.mp4');
  await generateClip(long, { seconds: 20, width: 1280, height: 720 });
  expect((await mps('upload', long, 's3://mps-local/abort/')).code).toBe(0);
  const started = await mpsJson<{ taskId: string }>(
    'process',
    's3://mps-local/abort/long.mp4',
    '--transcode',
    '100040',
  );
  const running = await waitFor(
    'the subtask to run',
    async () => {
      const t = await mpsJson<Task>('task', 'show', started.taskId);
      return t.subtasks[0]!.status === 'PROCESSING' && t.subtasks[0]!.jobId ? t : undefined;
    },
    30_000,
  );
  const jobId = running.subtasks[0]!.jobId!;
  await waitFor(
    'ffmpeg for the job',
    async () => (ffmpegProcessesWith(jobId) > 0 ? true : undefined),
    30_000,
  );

  const aborted = await mps('task', 'abort', started.taskId);
  expect(aborted.code).toBe(0);
  const done = await waitFor(
    'the aborted task to finish',
    async () => {
      const t = await mpsJson<Task>('task', 'show', started.taskId);
      return t.status === 'FINISH' ? t : undefined;
    },
    30_000,
  );
  expect(done.result).toBe('ABORTED');
  expect(done.subtasks[0]!.status).toBe('ABORTED');
  await waitFor('ffmpeg to exit', async () => (ffmpegProcessesWith(jobId) === 0 ? true : undefined), 10_000);
});

it('lists dead-lettered deliveries of the runtime (none yet)', async () => {
  const res = await mps('deliveries', 'list');
  expect(res.code).toBe(0);
  expect(res.stdout).toBe('no undelivered events\n');
  await api(ctx.rt, 'GET', '/deliveries/failed');
});
