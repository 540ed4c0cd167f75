/**
 * kill -9 of the local runtime (`tsx local/main.ts` in its own process group: runtime, endpoint host and
 * ffmpeg die together, nothing runs a shutdown). Twice:
 * 1. 300 ms after the last of 5 uploads: their events are in the in-memory ingest queue or half applied;
 * 2. while a 20-second job is PROCESSING: the job and its queued events die with the process.
 * After each restart on the same data directory, every upload has exactly one task, each reaches FINISH
 * within 2 minutes, every attempt has one job, and nothing is left in an outbox.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Schema, Task } from '../../lambdas/core/model';
import { INTERRUPTED_CODE } from '../../lambdas/core/tasks';
import type { EndpointsFile } from '../../local/data-dir';
import { generateClip } from '../e2e/media';
import { allTasksAt, apiAt } from '../e2e/support';

jest.setTimeout(600_000);

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

interface RunningRuntime {
  child: ChildProcess;
  endpoints: EndpointsFile;
  s3: S3Client;
  output: string[];
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'mps-crash-'));
const dataDir = path.join(tmp, 'data');
let current: RunningRuntime | undefined;

afterAll(async () => {
  if (current) await kill9(current);
  rmSync(tmp, { recursive: true, force: true });
});

/** Starts `tsx local/main.ts` in a new process group and waits for its endpoints file. */
async function start(): Promise<RunningRuntime> {
  const child = spawn(TSX, ['local/main.ts', '--data-dir', dataDir, '--api-port', '0'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  const file = path.join(dataDir, 'endpoints.json');
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`runtime exited (${child.exitCode}):\n${output.join('')}`);
    if (existsSync(file)) {
      const endpoints = JSON.parse(readFileSync(file, 'utf8')) as EndpointsFile;
      // The file of the killed runtime may still be there: wait for this one's answer.
      if (await healthy(endpoints)) {
        const s3 = new S3Client({
          endpoint: endpoints.s3,
          region: endpoints.region,
          forcePathStyle: true,
          credentials: { accessKeyId: endpoints.accessKeyId, secretAccessKey: endpoints.secretAccessKey },
        });
        return (current = { child, endpoints, s3, output });
      }
    }
    if (Date.now() > deadline) throw new Error(`runtime did not start:\n${output.join('')}`);
    await sleep(200);
  }
}

async function healthy(endpoints: EndpointsFile): Promise<boolean> {
  try {
    return (await fetch(`${endpoints.api}/tasks?limit=1`)).ok;
  } catch {
    return false;
  }
}

/** SIGKILL to the whole process group, then waits until the runtime is gone. */
async function kill9(rt: RunningRuntime): Promise<void> {
  rt.s3.destroy();
  const exited = new Promise<void>((r) =>
    rt.child.exitCode !== null ? r() : rt.child.once('exit', () => r()),
  );
  try {
    process.kill(-rt.child.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
  await exited;
  current = undefined;
}

/** Processes whose command line names `dir`, once none is left or `withinMs` passed. */
async function processesUsing(dir: string, withinMs: number): Promise<string[]> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const found = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.includes(dir));
    if (found.length === 0 || Date.now() > deadline) return found;
    await sleep(200);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const api = <T>(rt: RunningRuntime, method: string, route: string, body?: unknown) =>
  apiAt<T>(rt.endpoints.api, method, route, body);
const tasksOf = (rt: RunningRuntime, schemaId: string) => allTasksAt(rt.endpoints.api, schemaId);

/** Waits until every key has a FINISH task; asserts one task per key and one job per attempt. */
async function expectAllFinished(rt: RunningRuntime, schemaId: string, keys: string[]): Promise<Task[]> {
  const deadline = Date.now() + 120_000;
  let tasks: Task[] = [];
  while (Date.now() < deadline) {
    tasks = await tasksOf(rt, schemaId);
    if (tasks.length >= keys.length && tasks.every((t) => t.status === 'FINISH')) break;
    await sleep(500);
  }
  const summary = tasks.map((t) => `${t.input.key}: ${t.status}`).join(', ');
  expect(tasks.filter((t) => t.status === 'FINISH').length).toBe(keys.length);
  expect(summary).not.toMatch(/WAITING|PROCESSING/);
  expect(tasks.map((t) => t.input.key).sort()).toEqual([...keys].sort());
  for (const t of tasks) {
    expect(t).toMatchObject({ result: 'SUCCESS' });
    const jobIds = t.subtasks.flatMap((s) => [s.jobId, ...s.history.map((h) => h.jobId)]).filter(Boolean);
    expect(new Set(jobIds).size).toBe(jobIds.length);
    for (const s of t.subtasks) expect(s.history.every((h) => h.errorCode === INTERRUPTED_CODE)).toBe(true);
  }
  // Every event left the outbox.
  const pending = await waitForNoPending(rt, schemaId);
  expect(pending).toEqual([]);
  return tasks;
}

async function waitForNoPending(rt: RunningRuntime, schemaId: string): Promise<string[]> {
  for (let i = 0; i < 40; i++) {
    const pending = (await tasksOf(rt, schemaId)).filter((t) => t.pendingEvents).map((t) => t.taskId);
    if (pending.length === 0) return [];
    await sleep(250);
  }
  return (await tasksOf(rt, schemaId)).filter((t) => t.pendingEvents).map((t) => t.taskId);
}

it('recovers every upload and job after kill -9, twice, with no duplicate task or job', async () => {
  const short = path.join(tmp, 'short.mp4');
  const long = path.join(tmp, 'long.mp4');
  await Promise.all([
    generateClip(short, { seconds: 2, width: 320, height: 180 }),
    generateClip(long, { seconds: 20, width: 640, height: 360 }),
  ]);
  let rt = await start();
  const schema = await api<Schema>(rt, 'POST', '/schemas', {
    name: 'crash',
    trigger: { bucket: rt.endpoints.bucket, directory: 'crash/' },
    output: { bucket: rt.endpoints.bucket, directory: 'crash-out/' },
    items: { transcode: [{ templateId: 100010 }] },
    notification: { type: 'queue', target: rt.endpoints.eventsQueueUrl, mode: 'finish' },
  });
  await api(rt, 'POST', `/schemas/${schema.id}/enable`);

  // 1. Five uploads, then kill -9 about 300 ms after the last one.
  const keys = [1, 2, 3, 4, 5].map((i) => `crash/clip ${i}+ü.mp4`);
  for (const key of keys) {
    await rt.s3.send(
      new PutObjectCommand({ Bucket: rt.endpoints.bucket, Key: key, Body: readFileSync(short) }),
    );
  }
  await sleep(300);
  await kill9(rt);

  rt = await start();
  await expectAllFinished(rt, schema.id, keys);
  // The kill left work in flight (lost upload events or dead jobs), which the start-up recovery took up.
  expect(rt.output.join('')).toMatch(/recovered after the last stop: \d+ task\(s\) for uploads/);

  // 2. A 20-second job, killed while PROCESSING.
  const longKey = 'crash/long clip.mp4';
  await rt.s3.send(
    new PutObjectCommand({ Bucket: rt.endpoints.bucket, Key: longKey, Body: readFileSync(long) }),
  );
  const deadline = Date.now() + 60_000;
  let running: Task | undefined;
  while (!running && Date.now() < deadline) {
    running = (await tasksOf(rt, schema.id)).find(
      (t) => t.input.key === longKey && t.status === 'PROCESSING' && t.subtasks[0]?.jobId,
    );
    if (!running) await sleep(100);
  }
  expect(running).toBeDefined();
  await kill9(rt);
  // ffmpeg runs in a process group of its own (so a terminal's Ctrl-C does not reach it): it must
  // still not outlive the runtime that was killed.
  expect(await processesUsing(dataDir, 5000)).toEqual([]);

  rt = await start();
  const tasks = await expectAllFinished(rt, schema.id, [...keys, longKey]);
  expect(rt.output.join('')).toMatch(
    /recovered after the last stop: 0 task\(s\) for uploads whose event was lost, 1 subtask\(s\) re-submitted/,
  );
  const resumed = tasks.find((t) => t.input.key === longKey)!;
  expect(resumed.taskId).toBe(running!.taskId);
  expect(resumed.subtasks[0]).toMatchObject({ status: 'SUCCESS', attempt: 2 });
  expect(resumed.subtasks[0]!.history).toEqual([
    expect.objectContaining({ attempt: 1, jobId: running!.subtasks[0]!.jobId, errorCode: INTERRUPTED_CODE }),
  ]);
  await kill9(rt);
});
