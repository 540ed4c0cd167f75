/**
 * Notification deliveries through `startLocalRuntime`: a dead callback reaches the DLQ after as many
 * attempts as in AWS, within the bound the README documents, and is listed with its last error; a
 * `function` target is a handler module on disk, checked when the schema is created.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { WORK_QUEUES } from '../../lambdas/contract';
import type { FailedDelivery } from '../../lambdas/core/ports';
import type { Task } from '../../lambdas/core/model';
import { generateClip } from './media';
import { api, startE2eRuntime, upload, waitFor, type E2eContext } from './support';

jest.setTimeout(180_000);

/** README "Deliveries": a dead callback is in the DLQ this soon after its first attempt, locally. */
const DEAD_CALLBACK_BOUND_MS = 120_000;

let ctx: E2eContext;

beforeAll(async () => {
  ctx = await startE2eRuntime();
  const clip = path.join(ctx.tmp, 'clip.mp4');
  await generateClip(clip, { seconds: 2, width: 320, height: 180 });
  await upload(ctx.rt, 'in/clip.mp4', readFileSync(clip));
});
afterAll(async () => {
  await ctx?.close();
});

/** A local port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** A one-snapshot ProcessMedia task notifying `notification` when it finishes. */
async function notifyingTask(notification: Record<string, unknown>): Promise<Task> {
  return api<Task>(ctx.rt, 'POST', '/tasks', {
    input: { bucket: ctx.rt.resources.bucket, key: 'in/clip.mp4' },
    output: { directory: 'out/' },
    items: { snapshotByTimeOffset: [{ templateId: 10, offsets: ['1s'] }] },
    notification,
  });
}

it('dead-letters a dead callback after the AWS attempt count, within the documented bound, with its last error', async () => {
  const url = `http://127.0.0.1:${await closedPort()}/hooks/mps`;
  const task = await notifyingTask({ type: 'url', target: url });
  const started = Date.now();
  const letter = await waitFor(
    'the dead callback in the DLQ',
    async () => {
      const { items } = await api<{ items: FailedDelivery[] }>(ctx.rt, 'GET', '/deliveries/failed');
      return items.find((i) => i.taskId === task.taskId);
    },
    DEAD_CALLBACK_BOUND_MS,
    1000,
  );
  // The clock starts at task creation, before the first attempt: the bound holds with margin.
  expect(Date.now() - started).toBeLessThan(DEAD_CALLBACK_BOUND_MS);
  expect(letter).toMatchObject({
    target: { type: 'url', target: url },
    eventType: 'TaskFinished',
    attempts: WORK_QUEUES.notify.maxReceiveCount,
    error: {
      code: 'CallbackUnreachableError',
      message: expect.stringMatching(
        /^callback http:\/\/127\.0\.0\.1:\d+\/hooks\/mps could not be reached: connect ECONNREFUSED/,
      ),
    },
  });
  expect(Date.parse(letter.failedAt!)).toBeGreaterThan(Date.parse(letter.sentAt!));

  // Listing twice shows the same.
  const again = await api<{ items: FailedDelivery[] }>(ctx.rt, 'GET', '/deliveries/failed');
  expect(again.items.find((i) => i.messageId === letter.messageId)).toEqual(letter);
});

it('delivers function notifications to a handler module named in the schema or task, and refuses one that cannot be invoked', async () => {
  const dataDir = ctx.rt.dataDir;
  mkdirSync(path.join(dataDir, 'hooks'), { recursive: true });
  const received = path.join(ctx.tmp, 'received.jsonl');
  writeFileSync(
    path.join(dataDir, 'hooks', 'on-task.cjs'),
    `const { appendFileSync } = require('node:fs');\n` +
      `exports.handler = async (event, context) => {\n` +
      `  appendFileSync(${JSON.stringify(received)}, JSON.stringify({ taskId: event.task.taskId, type: event.eventType, fn: context.functionName }) + '\\n');\n` +
      `};\n`,
  );
  writeFileSync(path.join(dataDir, 'hooks', 'no-handler.cjs'), 'exports.other = () => {};\n');

  const schema = (target: string) => ({
    name: `fn-${path.basename(target).replace(/\W/g, '-')}`,
    trigger: { bucket: 'mps-local', directory: 'fn/' },
    items: { snapshotByTimeOffset: [{ templateId: 10, offsets: ['1s'] }] },
    notification: { type: 'function', target },
  });
  const refused = async (target: string) => {
    const res = await fetch(`${ctx.rt.urls.api}/schemas`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(schema(target)),
    });
    expect(res.status).toBe(400);
    return ((await res.json()) as { error: { field: string; message: string } }).error;
  };
  expect(await refused('my-lambda-function')).toMatchObject({
    field: 'notification.target',
    message: expect.stringMatching(/must be the path of a handler module .*the local runtime runs no Lambda/),
  });
  expect((await refused('hooks/missing.cjs')).message).toMatch(
    new RegExp(`no module file at ${path.join(dataDir, 'hooks', 'missing.cjs')}`),
  );
  expect((await refused(path.join(dataDir, 'hooks', 'no-handler.cjs'))).message).toMatch(
    /exports no handler function/,
  );
  await api(ctx.rt, 'POST', '/schemas', schema('hooks/on-task.cjs'));

  const task = await notifyingTask({ type: 'function', target: 'hooks/on-task.cjs' });
  const lines = await waitFor('the handler module to be called', () => {
    try {
      return readFileSync(received, 'utf8').trim().split('\n');
    } catch {
      return undefined;
    }
  });
  expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([
    { taskId: task.taskId, type: 'TaskFinished', fn: 'on-task.cjs' },
  ]);
});
