/**
 * End to end through `startLocalRuntime`: generated media uploaded to the local S3, processed by the
 * real handlers and the ffmpeg engine, checked with ffprobe; notifications on the demo events queue
 * and as signed HTTP callbacks.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Schema, Task } from '../../lambdas/core/model';
import { sequenceKeys } from '../../lambdas/core/naming/output-paths';
import { verifySignature } from '../../lambdas/core/notifications';
import type { TaskEvent } from '../../lambdas/core/notifications/task-event';
import { taskEventViolations } from '../support/task-event-schema';
import { validateJobs } from '../support/validate-job';
import { ffprobe, generateClip, videoStream } from './media';
import {
  api,
  createEnabledSchema,
  download,
  receiveMatching,
  startE2eRuntime,
  startReceiver,
  upload,
  waitFor,
  waitForFinishedTask,
  type E2eContext,
} from './support';

jest.setTimeout(120_000);

let ctx: E2eContext;
let clip: Buffer;

beforeAll(async () => {
  ctx = await startE2eRuntime();
  const file = path.join(ctx.tmp, 'clip.mp4');
  await generateClip(file, { seconds: 3, width: 640, height: 360 });
  clip = readFileSync(file);
});
afterAll(async () => {
  await ctx?.close();
});

const outputsOf = (task: Task, type: Task['subtasks'][number]['type']) =>
  task.subtasks.filter((s) => s.type === type).flatMap((s) => s.outputs);

describe('the demo schema', () => {
  it('processes an upload whose key has spaces, "+", unicode and "%" into checked outputs and an event', async () => {
    const { rt } = ctx;
    const schemas = await api<{ items: Schema[] }>(rt, 'GET', '/schemas?status=enabled');
    const demo = schemas.items.find((s) => s.name === 'demo');
    expect(demo).toMatchObject({ status: 'enabled', trigger: { bucket: 'mps-local', directory: 'input/' } });

    // The runtime enabled the demo schema while starting; the upload follows at once.
    const key = 'input/my clip+ü 100%.mp4';
    await upload(rt, key, clip);
    const task = await waitForFinishedTask(rt, demo!.id, key);

    expect(task.input).toEqual({ bucket: 'mps-local', key });
    expect(task.result).toBe('SUCCESS');
    expect(task.subtasks.map((s) => [s.type, s.status])).toEqual([
      ['Transcode', 'SUCCESS'],
      ['AnimatedGraphics', 'SUCCESS'],
      ['SnapshotByTimeOffset', 'SUCCESS'],
    ]);

    // MP4 720p: H.264 + AAC, 1280x720 (width follows the 16:9 source), the source's 3 s.
    const [mp4] = outputsOf(task, 'Transcode');
    expect(mp4.key.startsWith('output/')).toBe(true);
    const mp4Probe = await ffprobe(await download(ctx, mp4.bucket, mp4.key));
    expect(videoStream(mp4Probe)).toMatchObject({ codec_name: 'h264', width: 1280, height: 720 });
    expect(mp4Probe.streams.some((s) => s.codec_type === 'audio' && s.codec_name === 'aac')).toBe(true);
    expect(Number(mp4Probe.format.duration)).toBeCloseTo(3, 0);

    // GIF 0–2 s at 10 fps, 320 px wide.
    const [gif] = outputsOf(task, 'AnimatedGraphics');
    const gifProbe = await ffprobe(await download(ctx, gif.bucket, gif.key));
    const gifVideo = videoStream(gifProbe);
    expect(gifVideo).toMatchObject({ codec_name: 'gif', width: 320, height: 180 });
    const frames = Number(gifVideo.nb_read_frames);
    expect(frames).toBeGreaterThanOrEqual(19);
    expect(frames).toBeLessThanOrEqual(21);

    // Snapshots at 1 s and 50 %: two JPEGs at the source size, recorded as one numbered sequence.
    const [snapshots] = outputsOf(task, 'SnapshotByTimeOffset');
    expect(snapshots).toMatchObject({ kind: 'image', count: 2 });
    const keys = sequenceKeys(snapshots);
    expect(keys).toEqual([snapshots.key, snapshots.lastKey]);
    for (const key of keys) {
      expect(key).toMatch(/\.jpg$/);
      const p = await ffprobe(await download(ctx, snapshots.bucket, key));
      expect(videoStream(p)).toMatchObject({ codec_name: 'mjpeg', width: 640, height: 360 });
    }

    // The finish event on the demo queue names the task and its decoded key.
    const event = await receiveMatching<TaskEvent>(
      rt,
      rt.resources.eventsQueue.url,
      (e) => e.task?.taskId === task.taskId,
    );
    expect(event).toMatchObject({
      eventType: 'TaskFinished',
      task: { taskId: task.taskId, status: 'FINISH', result: 'SUCCESS', input: { bucket: 'mps-local', key } },
    });
    // What subscribers get conforms to the published JSON Schema.
    expect(taskEventViolations(event)).toEqual([]);
  });
});

describe('url notifications', () => {
  it('delivers a signed TaskFinished callback that verifies with the callback secret', async () => {
    const { rt } = ctx;
    const receiver = await startReceiver();
    try {
      const schema = await createEnabledSchema(rt, {
        name: 'e2e-callback',
        trigger: { bucket: 'mps-local', directory: 'hooks/' },
        output: { bucket: 'mps-local', directory: 'hooks-out/' },
        items: { snapshotByTimeOffset: [{ templateId: 10, offsets: ['1s'] }] },
        notification: { type: 'url', target: receiver.url, mode: 'finish' },
      });
      const key = 'hooks/call back.mp4';
      await upload(rt, key, clip);
      const task = await waitForFinishedTask(rt, schema.id, key);
      expect(task.result).toBe('SUCCESS');

      const call = await waitFor('the callback', () =>
        receiver.received.find((r) => r.body.includes(task.taskId)),
      );
      const timestamp = String(call.headers['x-mps-timestamp']);
      const signature = String(call.headers['x-mps-signature']);
      expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
      expect(verifySignature(rt.callbackSecret, timestamp, call.body, signature)).toBe(true);
      expect(
        verifySignature('another-secret-of-sufficient-length-000000', timestamp, call.body, signature),
      ).toBe(false);
      expect(JSON.parse(call.body)).toMatchObject({
        eventType: 'TaskFinished',
        task: { taskId: task.taskId, status: 'FINISH', schemaName: 'e2e-callback' },
      });
      expect(taskEventViolations(JSON.parse(call.body))).toEqual([]);
    } finally {
      await receiver.close();
    }
  });
});

describe('CreateJob requests', () => {
  it('every job the engine received passes the MediaConvert model validator', () => {
    const jobs = ctx.rt.engine.receivedJobs;
    expect(jobs.length).toBeGreaterThanOrEqual(4);
    expect(validateJobs([...jobs])).toEqual(jobs.map(() => []));
  });
});
