/**
 * End to end through `startLocalRuntime`: what must not happen (no task for disabled schemas, uploads
 * before enabling, duplicated S3 events, the service's own outputs) and bad media ending as a failed
 * subtask with an error code.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { Schema, Task } from '../../lambdas/core/model';
import type { EventBridgeEvent, S3ObjectCreatedEvent } from '../../local/event-bridge';
import { validateJobs } from '../support/validate-job';
import { generateClip } from './media';
import {
  api,
  createEnabledSchema,
  download,
  ingestIdle,
  startE2eRuntime,
  tasksOfSchema,
  upload,
  waitFor,
  waitForFinishedTask,
  type E2eContext,
} from './support';

jest.setTimeout(120_000);

const run = promisify(execFile);

let ctx: E2eContext;
let clip: Buffer;
const forwarded: EventBridgeEvent[] = [];

/** A cheap schema: one snapshot at 1 s. */
const snapshotSchema = (
  name: string,
  directory: string,
  outputDirectory = `${directory.slice(0, -1)}-out/`,
) => ({
  name,
  trigger: { bucket: 'mps-local', directory },
  output: { bucket: 'mps-local', directory: outputDirectory },
  items: { snapshotByTimeOffset: [{ templateId: 10, offsets: ['1s'] }] },
});

beforeAll(async () => {
  ctx = await startE2eRuntime();
  ctx.rt.eventBridge.onForward((rule, event) => {
    if (rule === 'ingest') forwarded.push(event);
  });
  const file = path.join(ctx.tmp, 'clip.mp4');
  await generateClip(file, { seconds: 2, width: 320, height: 180 });
  clip = readFileSync(file);
});
afterAll(async () => {
  await ctx?.close();
});

it('ends a non-media upload as a failed subtask with an error code', async () => {
  const { rt } = ctx;
  const schema = await createEnabledSchema(rt, snapshotSchema('e2e-bad-media', 'bad/'));
  const key = 'bad/not a video.mp4';
  await upload(rt, key, 'this is plain text, not an MP4 file\n'.repeat(50));
  const task = await waitForFinishedTask(rt, schema.id, key);
  expect(task.result).toBe('FAIL');
  expect(task.subtasks).toHaveLength(1);
  const [sub] = task.subtasks;
  expect(sub.status).toBe('FAIL');
  expect(sub.errorCode).toEqual(expect.any(String));
  expect(sub.errorCode!.length).toBeGreaterThan(0);
  expect(sub.errorMessage).toEqual(expect.any(String));
});

it('says a non-media upload is not a readable video when its header is probed (percentage offsets)', async () => {
  const { rt } = ctx;
  const schema = await createEnabledSchema(rt, {
    ...snapshotSchema('e2e-bad-media-pct', 'bad-pct/'),
    items: { snapshotByTimeOffset: [{ templateId: 10, offsets: ['50%'] }] },
  });
  const key = 'bad-pct/not a video.mp4';
  await upload(rt, key, 'this is plain text, not an MP4 file\n'.repeat(50));
  const task = await waitForFinishedTask(rt, schema.id, key);
  expect(task.subtasks.map((s) => [s.status, s.errorCode, s.errorMessage])).toEqual([
    [
      'FAIL',
      'SourceFileError',
      'input s3://mps-local/bad-pct/not a video.mp4 is not a readable video: its content matches no media ' +
        'format (MP4/MOV, Matroska/WebM, AVI, MPEG-TS, FLV, …)',
    ],
  ]);
});

it('ignores uploads to a disabled schema and uploads made before the schema was enabled', async () => {
  const { rt } = ctx;
  const disabled = await api<Schema>(rt, 'POST', '/schemas', snapshotSchema('e2e-disabled', 'off/'));
  expect(disabled.status).toBe('disabled');
  await upload(rt, 'off/ignored.mp4', clip);

  const later = await api<Schema>(rt, 'POST', '/schemas', snapshotSchema('e2e-later', 'later/'));
  await upload(rt, 'later/before-enable.mp4', clip);
  await ingestIdle(rt);
  await api<Schema>(rt, 'POST', `/schemas/${later.id}/enable`);
  await upload(rt, 'later/after-enable.mp4', clip);

  // The upload after enabling is processed, which proves the earlier events were handled too.
  await waitForFinishedTask(rt, later.id, 'later/after-enable.mp4');
  await ingestIdle(rt);
  expect((await tasksOfSchema(rt, later.id)).map((t) => t.input.key)).toEqual(['later/after-enable.mp4']);
  expect(await tasksOfSchema(rt, disabled.id)).toEqual([]);
  expect(forwarded.some((e) => (e as S3ObjectCreatedEvent).detail.object.key === 'off/ignored.mp4')).toBe(
    true,
  );
});

it('creates one task (and one set of jobs) for a duplicated S3 event', async () => {
  const { rt } = ctx;
  const schema = await createEnabledSchema(rt, snapshotSchema('e2e-dup', 'dup/'));
  const key = 'dup/twice.mp4';
  await upload(rt, key, clip);
  const original = await waitFor('the upload event', () =>
    forwarded.find((e) => (e as S3ObjectCreatedEvent).detail.object.key === 'dup/twice.mp4'),
  );
  const first = await waitForFinishedTask(rt, schema.id, key);
  const jobsBefore = rt.engine.receivedJobs.length;

  // At-least-once delivery: the very same event arrives twice more.
  for (let i = 0; i < 2; i++) {
    await rt.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: rt.resources.ingestQueue.url,
        MessageBody: JSON.stringify(original),
      }),
    );
  }
  await ingestIdle(rt);
  const tasks = await tasksOfSchema(rt, schema.id);
  expect(tasks.map((t) => t.taskId)).toEqual([first.taskId]);
  expect(tasks[0].version).toBe(first.version);
  expect(rt.engine.receivedJobs.length).toBe(jobsBefore);
});

it('never retriggers on its own outputs written into the trigger directory', async () => {
  const { rt } = ctx;
  const schema = await createEnabledSchema(rt, snapshotSchema('e2e-loop', 'loop/', 'loop/'));
  const key = 'loop/source.mp4';
  await upload(rt, key, clip);
  const task = await waitForFinishedTask(rt, schema.id, key);
  const outputKeys = task.subtasks.flatMap((s) => s.outputs.map((o) => o.key));
  expect(outputKeys.length).toBeGreaterThan(0);
  expect(outputKeys.every((k) => k.startsWith('loop/'))).toBe(true);

  // The outputs did produce upload events (in the trigger directory) …
  await waitFor('the output upload events', () =>
    outputKeys.every((k) =>
      forwarded.some(
        (e) => decodeURIComponent((e as S3ObjectCreatedEvent).detail.object.key.replace(/\+/g, ' ')) === k,
      ),
    ),
  );
  await ingestIdle(rt);
  // … and none of them became a task.
  expect((await tasksOfSchema(rt, schema.id)).map((t) => t.input.key)).toEqual([key]);
});

/** Mean RGB of a rectangle of an image (ffmpeg scales the crop to one pixel). */
async function meanRgb(file: string, w: number, h: number, x: number, y: number): Promise<number[]> {
  const { stdout } = await run(
    'ffmpeg',
    [
      '-v',
      'error',
      '-i',
      file,
      '-vf',
      `crop=${w}:${h}:${x}:${y},scale=1:1:flags=area`,
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      'pipe:1',
    ],
    { encoding: 'buffer' },
  );
  return [...stdout.subarray(0, 3)];
}

it('checks a watermark image at template creation and keeps its aspect ratio when only the width is set', async () => {
  const { rt } = ctx;
  const image = (name: string, args: string[]) =>
    run('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'color=0x00ff00:s=200x100',
      '-frames:v',
      '1',
      ...args,
      path.join(ctx.tmp, name),
    ]);
  await image('logo.png', []);
  await image('photo.jpg', []);
  await upload(rt, 'assets/logo.png', readFileSync(path.join(ctx.tmp, 'logo.png')));
  await upload(rt, 'assets/photo.png', readFileSync(path.join(ctx.tmp, 'photo.jpg')));

  const refused = async (imageUrl: string) => {
    const res = await fetch(`${rt.urls.api}/templates/watermark`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'bad', image: imageUrl }),
    });
    expect(res.status).toBe(400);
    return ((await res.json()) as { error: { field: string; message: string } }).error;
  };
  expect(await refused('s3://mps-local/assets/missing.png')).toMatchObject({
    field: 'image',
    message: expect.stringMatching(/^image s3:\/\/mps-local\/assets\/missing\.png does not exist/),
  });
  expect((await refused('s3://mps-local/assets/photo.png')).message).toMatch(
    /is a JPEG image; watermark images must be PNG or TGA/,
  );

  const template = await api<{ id: number; imageWidth: number; imageHeight: number }>(
    rt,
    'POST',
    '/templates/watermark',
    {
      name: 'green logo',
      image: 's3://mps-local/assets/logo.png',
      width: '100px',
    },
  );
  expect(template).toMatchObject({ imageWidth: 200, imageHeight: 100 });

  // The same snapshot with and without the watermark: it covers 100 × 50 px at the top left, no more.
  await upload(rt, 'wm/clip.mp4', clip);
  const created = await api<Task>(rt, 'POST', '/tasks', {
    input: { bucket: rt.resources.bucket, key: 'wm/clip.mp4' },
    output: { directory: 'wm-out/' },
    items: {
      snapshotByTimeOffset: [
        { templateId: 10, offsets: ['1s'], watermarks: [{ templateId: template.id }] },
        { templateId: 10, offsets: ['1s'] },
      ],
    },
  });
  const task = await waitFor('the watermark task to finish', async () => {
    const t = await api<Task>(rt, 'GET', `/tasks/${created.taskId}`);
    return t.status === 'FINISH' ? t : undefined;
  });
  expect(task.subtasks.map((s) => [s.status, s.errorMessage])).toEqual([
    ['SUCCESS', undefined],
    ['SUCCESS', undefined],
  ]);
  const [marked, plain] = await Promise.all(
    task.subtasks.map((s) => download(ctx, rt.resources.bucket, s.outputs[0]!.key)),
  );
  const inside = await meanRgb(marked!, 90, 40, 5, 5);
  inside.forEach((c, i) => expect(Math.abs(c - [0, 255, 0][i]!)).toBeLessThan(40));
  const [below, belowPlain] = await Promise.all([
    meanRgb(marked!, 90, 40, 5, 56),
    meanRgb(plain!, 90, 40, 5, 56),
  ]);
  below.forEach((c, i) => expect(Math.abs(c - belowPlain[i]!)).toBeLessThan(25));
});

it('sent only valid CreateJob requests to the engine', () => {
  const jobs = ctx.rt.engine.receivedJobs;
  expect(jobs.length).toBeGreaterThan(0);
  expect(validateJobs([...jobs])).toEqual(jobs.map(() => []));
});
