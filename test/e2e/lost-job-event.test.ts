/**
 * A job whose COMPLETE event never arrives (EventBridge delivered nothing): the task stays PROCESSING
 * until the watchdog asks MediaConvert (here the local engine, GetJob), rebuilds the event, counts the
 * frame captures in S3 and sends it to the job-events queue; the runtime's job-events consumer applies
 * it, composing the sprite, as if the event had come.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createDynamoStores } from '../../lambdas/adapters/dynamo-stores';
import { S3ObjectLister } from '../../lambdas/adapters/s3-object-lister';
import { SqsJobEventQueue } from '../../lambdas/adapters/sqs-job-event-queue';
import type { Task } from '../../lambdas/core/model';
import { TaskUpdater } from '../../lambdas/services/task-updates';
import { WatchdogService } from '../../lambdas/services/watchdog-service';
import type { LocalMediaConvert } from '../../local/engine';
import { generateClip } from './media';
import { api, type E2eContext, startE2eRuntime, upload, waitFor } from './support';

jest.setTimeout(120_000);

let ctx: E2eContext;
beforeAll(async () => {
  ctx = await startE2eRuntime();
});
afterAll(async () => {
  await ctx?.close();
});

it('recovers a lost COMPLETE event from GetJob: outputs, frame counts and sprite sheets as if it had come', async () => {
  const { rt } = ctx;
  const clip = path.join(ctx.tmp, 'clip.mp4');
  await generateClip(clip, { seconds: 4, width: 640, height: 360 });
  await upload(rt, 'lost/clip.mp4', readFileSync(clip));

  // EventBridge loses every final event of this runtime's jobs from now on.
  const put = rt.eventBridge.putJobStateEvent.bind(rt.eventBridge);
  const lost: string[] = [];
  rt.eventBridge.putJobStateEvent = (event) => {
    const detail = event.detail as { status?: string; jobId?: string };
    if (detail.status === 'COMPLETE') {
      lost.push(detail.jobId!);
      return false;
    }
    return put(event);
  };

  const created = await api<Task>(rt, 'POST', '/tasks', {
    input: { bucket: rt.resources.bucket, key: 'lost/clip.mp4' },
    output: { directory: 'lost-out/' },
    items: {
      transcode: [{ templateId: 100010 }],
      sampleSnapshot: [{ templateId: 20 }],
      imageSprite: [{ templateId: 30 }],
    },
  });
  await waitFor('the job to end without its event', () => lost.length > 0);
  rt.eventBridge.putJobStateEvent = put;
  const stuck = await api<Task>(rt, 'GET', `/tasks/${created.taskId}`);
  expect(stuck.status).toBe('PROCESSING');

  const stores = createDynamoStores(rt.clients.dynamodbDoc, rt.resources.tableName);
  const watchdog = new WatchdogService({
    tasks: stores.tasks,
    updater: new TaskUpdater(stores.tasks),
    jobs: rt.engine as LocalMediaConvert,
    objects: new S3ObjectLister(rt.clients.s3),
    jobEvents: new SqsJobEventQueue(rt.clients.sqs, rt.resources.jobEventsQueue.url),
    stuckSubtaskMinutes: 180,
    maxJobMinutes: 24 * 60,
    now: () => new Date(Date.parse(stuck.createdAt) + 181 * 60_000),
  });
  const { recovered, failed } = await watchdog.run();
  expect({ recovered, failed }).toEqual({ recovered: stuck.subtasks.length, failed: 0 });

  const task = await waitFor('the recovered task to finish', async () => {
    const t = await api<Task>(rt, 'GET', `/tasks/${created.taskId}`);
    return t.status === 'FINISH' ? t : undefined;
  });
  expect(task.result).toBe('SUCCESS');
  const [transcode, sample, sprite] = task.subtasks;
  expect(transcode!.outputs).toEqual([
    expect.objectContaining({
      key: 'lost-out/clip_transcode_100010.mp4',
      kind: 'video',
      width: 640,
      height: 360,
    }),
  ]);
  // The frame count came from S3 (the lost event would have named only the last frame).
  expect(sample!.outputs).toEqual([
    expect.objectContaining({
      key: 'lost-out/clip_sample_20.0000000.jpg',
      kind: 'image',
      count: expect.any(Number),
    }),
  ]);
  expect(sample!.outputs[0]!.count).toBeGreaterThanOrEqual(2);
  // The sprite was composed from the recovered frames, as job-events does for a delivered event.
  expect(sprite!.outputs.map((o) => o.key)).toEqual([
    'lost-out/clip_sprite_30.jpg',
    'lost-out/clip_sprite_30.vtt',
  ]);
});
