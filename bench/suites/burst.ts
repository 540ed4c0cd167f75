/**
 * burst: N uploads (1,000; 100 with --quick) of a one-frame clip within seconds, through the full local
 * runtime, into a schema with one snapshot and a queue notification ('finish' mode) → every upload
 * becomes exactly one task, every task finishes, and its TaskFinished reaches a queue subscriber once
 * per eventId. Rows: tasks, duplicates, lost, TaskFinished received (unique / duplicates), and the
 * rate from the first upload to the last TaskFinished.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { Schema, Task } from '../../lambdas/core/model';
import type { LocalRuntime } from '../../local/runtime';
import { startRuntime, upload, waitUntil } from '../lib/local';
import { generateClip, requireFfmpeg } from '../lib/media';
import { type BenchContext, type Row, rowsFor, type Suite } from '../lib/types';

/** Parallel uploaders: a burst, not a trickle. */
const UPLOADERS = 25;

async function api<T>(rt: LocalRuntime, method: string, route: string, body?: unknown): Promise<T> {
  const res = await fetch(`${rt.urls.api}${route}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${route} → ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

async function allTasks(rt: LocalRuntime, schemaId: string): Promise<Task[]> {
  const out: Task[] = [];
  let nextToken: string | undefined;
  do {
    const q = `schemaId=${schemaId}&limit=100${nextToken ? `&nextToken=${encodeURIComponent(nextToken)}` : ''}`;
    const page = await api<{ items: Task[]; nextToken?: string }>(rt, 'GET', `/tasks?${q}`);
    out.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken);
  return out;
}

/** Receives (and deletes) every TaskFinished on the queue, counting each eventId. */
function subscribe(rt: LocalRuntime, queueUrl: string) {
  const byEventId = new Map<string, number>();
  const keys = new Set<string>();
  let last = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const r = await rt.clients.sqs
        .send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }))
        .catch(() => undefined);
      const messages = r?.Messages ?? [];
      for (const m of messages) {
        const event = JSON.parse(m.Body ?? '{}') as { eventId?: string; eventType?: string; task?: Task };
        if (event.eventType !== 'TaskFinished' || !event.eventId) continue;
        byEventId.set(event.eventId, (byEventId.get(event.eventId) ?? 0) + 1);
        if (event.task?.input.key) keys.add(event.task.input.key);
        last = performance.now();
      }
      if (messages.length > 0) {
        await rt.clients.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
          }),
        );
      }
    }
  })();
  return {
    byEventId,
    keys,
    lastAt: () => last,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

export const burst: Suite = {
  name: 'burst',
  description:
    'local runtime: 1,000 uploads in a burst → tasks, duplicates, lost, TaskFinished once per eventId, rate',
  async run(ctx: BenchContext): Promise<Row[]> {
    const row = rowsFor('burst');
    requireFfmpeg();
    const n = ctx.quick ? 100 : 1000;
    const clipFile = path.join(ctx.tmpDir, 'one-frame.mp4');
    await generateClip(clipFile, { seconds: 0.04, width: 64, height: 64 });
    const clip = readFileSync(clipFile);
    const rt = await startRuntime(ctx, { name: 'burst' });
    const subscriber = subscribe(rt, rt.resources.eventsQueue.url);
    try {
      const created = await api<Schema>(rt, 'POST', '/schemas', {
        name: 'burst',
        trigger: { bucket: rt.resources.bucket, directory: 'burst/' },
        output: { bucket: rt.resources.bucket, directory: 'burst-out/' },
        items: { snapshotByTimeOffset: [{ templateId: 10, offsets: ['0s'] }] },
        notification: { type: 'queue', target: rt.resources.eventsQueue.arn, mode: 'finish' },
      });
      const schema = await api<Schema>(rt, 'POST', `/schemas/${created.id}/enable`);
      await new Promise((r) => setTimeout(r, 1100)); // uploads after the enable second
      const keys = Array.from({ length: n }, (_, i) => `burst/clip ${String(i).padStart(4, '0')}+é.mp4`);
      ctx.log(`uploading ${n} clips with ${UPLOADERS} parallel uploaders`);
      const t0 = performance.now();
      const queue = [...keys];
      await Promise.all(
        Array.from({ length: UPLOADERS }, async () => {
          for (let key = queue.shift(); key; key = queue.shift()) await upload(rt, key, clip);
        }),
      );
      const uploadSeconds = (performance.now() - t0) / 1000;
      ctx.log(`uploaded in ${uploadSeconds.toFixed(1)} s; waiting for ${n} TaskFinished events`);
      await waitUntil(`${n} TaskFinished events`, () => subscriber.keys.size >= n, 30 * 60_000, 500).catch(
        (err: Error) => ctx.log(err.message),
      );
      const finishedSeconds = (subscriber.lastAt() - t0) / 1000;
      // Late duplicates would arrive within the outbox sweep age: wait that long before counting.
      await new Promise((r) => setTimeout(r, 6000));
      const tasks = await allTasks(rt, schema.id);
      const byKey = new Map<string, number>();
      for (const t of tasks) byKey.set(t.input.key, (byKey.get(t.input.key) ?? 0) + 1);
      const duplicateTasks = [...byKey.values()].reduce((n, c) => n + c - 1, 0);
      const lost = keys.filter((k) => !byKey.has(k)).length;
      const notSuccess = tasks.filter((t) => t.status !== 'FINISH' || t.result !== 'SUCCESS').length;
      const duplicateEvents = [...subscriber.byEventId.values()].reduce((n, c) => n + c - 1, 0);
      return [
        row('uploads', n, 'objects', `${UPLOADERS} parallel PutObject, ${uploadSeconds.toFixed(1)} s`),
        row('tasks', tasks.length, 'tasks', 'one per upload expected'),
        row('duplicate tasks', duplicateTasks, 'tasks', 'must be 0'),
        row('lost uploads', lost, 'uploads', 'uploads without a task; must be 0'),
        row('tasks not FINISH/SUCCESS', notSuccess, 'tasks', 'must be 0'),
        row('TaskFinished received', subscriber.byEventId.size, 'eventIds', 'unique eventIds on the queue'),
        row('duplicate TaskFinished', duplicateEvents, 'events', 'same eventId received again; must be 0'),
        row('burst rate', n / (finishedSeconds / 60), 'tasks/min', 'first upload → last TaskFinished'),
      ];
    } finally {
      await subscriber.stop();
      await rt.stop();
    }
  },
};
