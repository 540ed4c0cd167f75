/**
 * Helpers for end-to-end tests through the local runtime: a tiny control-API client, waiting for tasks
 * and queues, downloading outputs, and an HTTP receiver for url notifications.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { Schema, Task } from '../../lambdas/core/model';
import type { LocalRuntime } from '../../local/runtime';
import { startLocalRuntime } from '../../local/runtime';

export interface E2eContext {
  rt: LocalRuntime;
  tmp: string;
  close(): Promise<void>;
}

/** One runtime per test file, in a fresh data dir, on free ports, with quick retries. */
export async function startE2eRuntime(): Promise<E2eContext> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'mps-e2e-'));
  const rt = await startLocalRuntime({
    dataDir: path.join(tmp, 'data'),
    apiPort: 0,
    retryDelaySeconds: 2,
    log: (level, message) => {
      if (level !== 'info') console.error(`[runtime ${level}] ${message}`);
    },
  });
  const ctx: E2eContext = {
    rt,
    tmp,
    // ctx.rt, not rt: a test may replace the runtime (restart on the same data dir).
    async close() {
      await ctx.rt.stop();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
  return ctx;
}

/** JSON request to the control API at `baseUrl`; throws with the API's error body on non-2xx. */
export async function apiAt<T>(baseUrl: string, method: string, route: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}${route}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${route} → ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** JSON request to the runtime's control API; throws with the API's error body on non-2xx. */
export function api<T>(rt: LocalRuntime, method: string, route: string, body?: unknown): Promise<T> {
  return apiAt<T>(rt.urls.api, method, route, body);
}

/** Every task of a schema, through the API's paging (as the API shows them). */
export async function allTasksAt(
  baseUrl: string,
  schemaId: string,
): Promise<(Task & { pendingEvents?: number })[]> {
  const out: Task[] = [];
  let nextToken: string | undefined;
  do {
    const q = `schemaId=${encodeURIComponent(schemaId)}&limit=100${nextToken ? `&nextToken=${encodeURIComponent(nextToken)}` : ''}`;
    const page = await apiAt<{ items: Task[]; nextToken?: string }>(baseUrl, 'GET', `/tasks?${q}`);
    out.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken);
  return out;
}

/** Creates a schema through the API and enables it; uploads may follow at once. */
export async function createEnabledSchema(rt: LocalRuntime, input: Record<string, unknown>): Promise<Schema> {
  const created = await api<Schema>(rt, 'POST', '/schemas', input);
  const enabled = await api<Schema>(rt, 'POST', `/schemas/${created.id}/enable`);
  return enabled;
}

export async function tasksOfSchema(rt: LocalRuntime, schemaId: string): Promise<Task[]> {
  const page = await api<{ items: Task[] }>(
    rt,
    'GET',
    `/tasks?schemaId=${encodeURIComponent(schemaId)}&limit=100`,
  );
  return page.items;
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 60_000,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Waits for the one task created for `key` by `schemaId` to finish; returns it. */
export async function waitForFinishedTask(
  rt: LocalRuntime,
  schemaId: string,
  key: string,
  timeoutMs = 90_000,
) {
  return waitFor(
    `the task of ${key} to finish`,
    async () => {
      const task = (await tasksOfSchema(rt, schemaId)).find((t) => t.input.key === key);
      return task?.status === 'FINISH' ? task : undefined;
    },
    timeoutMs,
  );
}

export async function upload(
  rt: LocalRuntime,
  key: string,
  body: Buffer | string,
  bucket = rt.resources.bucket,
) {
  await rt.clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
}

/** Downloads an object to a temp file (keeping its extension, for ffprobe) and returns the path. */
export async function download(ctx: E2eContext, bucket: string, key: string): Promise<string> {
  const res = await ctx.rt.clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const file = path.join(
    ctx.tmp,
    `dl-${Date.now()}-${Math.random().toString(36).slice(2)}${path.extname(key)}`,
  );
  writeFileSync(file, Buffer.from(await res.Body!.transformToByteArray()));
  return file;
}

/** Resolves once the ingest queue has nothing queued or in flight (every upload event was handled). */
export async function ingestIdle(rt: LocalRuntime): Promise<void> {
  await rt.eventBridge.flush();
  await waitFor(
    'the ingest queue to drain',
    async () => {
      const a = (
        await rt.clients.sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: rt.resources.ingestQueue.url,
            AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
          }),
        )
      ).Attributes!;
      return Number(a.ApproximateNumberOfMessages) + Number(a.ApproximateNumberOfMessagesNotVisible) === 0;
    },
    30_000,
    100,
  );
}

/** Receives messages from a queue until `match` finds one (others are left to expire). */
export async function receiveMatching<T>(
  rt: LocalRuntime,
  queueUrl: string,
  match: (body: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  return waitFor(
    'a matching message',
    async () => {
      const r = await rt.clients.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      return (r.Messages ?? []).map((m) => JSON.parse(m.Body!) as T).find(match);
    },
    timeoutMs,
    0,
  );
}

export interface ReceivedCallback {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** An HTTP server on 127.0.0.1 recording POSTs (answers 200). */
export async function startReceiver(): Promise<{
  url: string;
  received: ReceivedCallback[];
  close(): Promise<void>;
}> {
  const received: ReceivedCallback[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mps-callback`,
    received,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
