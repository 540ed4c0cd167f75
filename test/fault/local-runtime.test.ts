/**
 * End to end through the local runtime (real protocols: s3rver, fauxqs, dynalite; ffmpeg engine):
 * - burst: 500 uploads within seconds → exactly 500 tasks, one per object, nothing dead-lettered;
 * - restart: the runtime is stopped while a task is PROCESSING and started again on the same data
 *   directory → its job died with the old process, so the start-up recovery re-submits the subtask as
 *   a new attempt (the interrupted one kept in history), and the task finishes; never left PROCESSING.
 * The control API answers never contain the callback secret the runtime holds.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { Schema } from '../../lambdas/core/model';
import { INTERRUPTED_CODE } from '../../lambdas/core/tasks';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { generateClip } from '../e2e/media';
import {
  allTasksAt,
  api,
  createEnabledSchema,
  ingestIdle,
  startE2eRuntime,
  upload,
  waitFor,
  type E2eContext,
} from '../e2e/support';

jest.setTimeout(180_000);

const allTasks = (rt: LocalRuntime, schemaId: string) => allTasksAt(rt.urls.api, schemaId);

async function depth(rt: LocalRuntime, url: string): Promise<number> {
  const a = (
    await rt.clients.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    )
  ).Attributes!;
  return Number(a.ApproximateNumberOfMessages) + Number(a.ApproximateNumberOfMessagesNotVisible);
}

let ctx: E2eContext | undefined;
afterAll(async () => {
  await ctx?.close();
});

describe('local runtime under faults', () => {
  it('a burst of 500 uploads makes exactly 500 tasks', async () => {
    ctx = await startE2eRuntime();
    const { rt } = ctx;
    const clipFile = path.join(ctx.tmp, 'one-frame.mp4');
    await generateClip(clipFile, { seconds: 0.04, width: 64, height: 64 });
    const clip = readFileSync(clipFile);
    const schema = await createEnabledSchema(rt, {
      name: 'burst',
      trigger: { bucket: rt.resources.bucket, directory: 'burst/' },
      output: { bucket: rt.resources.bucket, directory: 'burst-out/' },
      items: { snapshotByTimeOffset: [{ templateId: 10, offsets: ['0s'] }] },
    });

    const keys = Array.from({ length: 500 }, (_, i) => `burst/clip ${String(i).padStart(3, '0')}.mp4`);
    const queue = [...keys];
    await Promise.all(
      Array.from({ length: 25 }, async () => {
        for (let key = queue.shift(); key; key = queue.shift()) await upload(rt, key, clip);
      }),
    );

    const tasks = await waitFor(
      '500 tasks',
      async () => {
        const all = await allTasks(rt, schema.id);
        return all.length >= 500 ? all : undefined;
      },
      150_000,
      1000,
    );
    await ingestIdle(rt);
    const final = await allTasks(rt, schema.id);
    expect(final).toHaveLength(500);
    expect(new Set(final.map((t) => t.taskId)).size).toBe(500);
    expect(final.map((t) => t.input.key).sort()).toEqual(keys);
    expect(tasks.every((t) => t.subtasks.length === 1)).toBe(true);
    // Nothing was dead-lettered on the way in.
    expect(await depth(rt, rt.resources.ingestQueue.dlq.url)).toBe(0);
    // The secret the runtime holds is in none of the API's answers.
    const answers = JSON.stringify([final.slice(0, 50), await api(rt, 'GET', '/schemas')]);
    expect(answers.includes(rt.callbackSecret)).toBe(false);
    await ctx.close();
    ctx = undefined;
  });

  it('a task PROCESSING when the runtime stops is re-submitted as a new attempt on restart and finishes', async () => {
    ctx = await startE2eRuntime();
    const dataDir = ctx.rt.dataDir;
    const clipFile = path.join(ctx.tmp, 'long.mp4');
    await generateClip(clipFile, { seconds: 20, width: 640, height: 360 });
    const schema: Schema = await createEnabledSchema(ctx.rt, {
      name: 'restart',
      trigger: { bucket: ctx.rt.resources.bucket, directory: 'restart/' },
      output: { bucket: ctx.rt.resources.bucket, directory: 'restart-out/' },
      items: { transcode: [{ templateId: 100030 }] },
    });
    await upload(ctx.rt, 'restart/long.mp4', readFileSync(clipFile));
    const running = await waitFor('the task to be PROCESSING', async () => {
      const [t] = await allTasks(ctx!.rt, schema.id);
      return t?.status === 'PROCESSING' && t.subtasks[0]?.jobId ? t : undefined;
    });
    await ctx.rt.stop(); // kills ffmpeg; queued job events are lost with fauxqs' memory

    const rt = await startLocalRuntime({ dataDir, apiPort: 0, retryDelaySeconds: 2, log: () => undefined });
    ctx.rt = rt;
    // The new engine never heard of the job: the start-up recovery ends that attempt as interrupted
    // (kept in history) and submits attempt 2, which completes.
    const done = await waitFor(
      'the resumed task to finish',
      async () => {
        const [t] = await allTasks(rt, schema.id);
        return t?.status === 'FINISH' ? t : undefined;
      },
      120_000,
    );
    expect(done.taskId).toBe(running.taskId);
    expect(done).toMatchObject({ result: 'SUCCESS' });
    expect(done.subtasks[0]).toMatchObject({ status: 'SUCCESS', attempt: 2 });
    expect(done.subtasks[0]!.jobId).not.toBe(running.subtasks[0]!.jobId);
    expect(done.subtasks[0]!.history).toEqual([
      expect.objectContaining({
        attempt: 1,
        status: 'FAIL',
        jobId: running.subtasks[0]!.jobId,
        errorCode: INTERRUPTED_CODE,
      }),
    ]);
    expect(await allTasks(rt, schema.id)).toHaveLength(1);
  });
});
