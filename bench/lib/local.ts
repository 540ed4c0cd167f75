/**
 * Helpers for the benchmarks that run through the full local runtime (local/runtime.ts): start it in
 * a scratch data dir, time the CreateJob calls the engine receives, and collect the demo schema's
 * "TaskFinished" events from the local events queue.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CreateJobCommandInput } from '@aws-sdk/client-mediaconvert';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { LocalRuntime } from '../../local/runtime';
import { type BenchContext, SkipError } from './types';

export async function startRuntime(
  ctx: BenchContext,
  opts: { concurrency?: number; name: string },
): Promise<LocalRuntime> {
  // Powertools loggers of the handlers write to stdout; keep it for the table.
  process.env.MPS_LOG_LEVEL ??= 'ERROR';
  let mod: typeof import('../../local/runtime');
  try {
    mod = await import('../../local/runtime');
  } catch (err) {
    throw new SkipError(`local/runtime.ts cannot be loaded: ${(err as Error).message.split('\n')[0]}`);
  }
  const rt = await mod.startLocalRuntime({
    dataDir: path.join(ctx.tmpDir, `data-${opts.name}`),
    apiPort: 0,
    retryDelaySeconds: 2,
    ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
    log: (level, message) => {
      if (level !== 'info') ctx.log(`runtime ${level}: ${message}`);
    },
  });
  // EventBridge times have one-second resolution: uploads start after the demo schema's enable second.
  await new Promise((r) => setTimeout(r, 1100));
  return rt;
}

/** Records when the engine receives each CreateJob, by input key (the engine is the JobSubmitter). */
export function recordCreateJobs(rt: LocalRuntime): Map<string, number[]> {
  const seen = new Map<string, number[]>();
  const engine = rt.engine as unknown as {
    createJob(input: CreateJobCommandInput): Promise<{ jobId: string }>;
  };
  if (typeof engine.createJob !== 'function') throw new SkipError('the runtime engine has no createJob()');
  const original = engine.createJob.bind(engine);
  engine.createJob = (input) => {
    const at = performance.now();
    const uri = input.Settings?.Inputs?.[0]?.FileInput ?? '';
    const key = /^s3:\/\/[^/]+\/(.*)$/.exec(uri)?.[1] ?? uri;
    const list = seen.get(key);
    if (list) list.push(at);
    else seen.set(key, [at]);
    return original(input);
  };
  return seen;
}

export interface Finished {
  key: string;
  /** performance.now() when the event was received. */
  receivedAt: number;
  result: string | null;
  /** Task createdAt/finishedAt (ISO) from the event. */
  createdAt: string;
  finishedAt: string | null;
}

/** Long-polls the runtime's events queue (the demo schema's notification target) for TaskFinished events. */
export function watchFinished(rt: LocalRuntime): { finished: Map<string, Finished>; stop(): Promise<void> } {
  const finished = new Map<string, Finished>();
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      try {
        const r = await rt.clients.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: rt.resources.eventsQueue.url,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 1,
          }),
        );
        const at = performance.now();
        for (const m of r.Messages ?? []) {
          const body = JSON.parse(m.Body ?? '{}') as {
            eventType?: string;
            task?: {
              input?: { key?: string };
              result?: string | null;
              createdAt?: string;
              finishedAt?: string | null;
            };
          };
          if (body.eventType === 'TaskFinished' && body.task?.input?.key) {
            finished.set(body.task.input.key, {
              key: body.task.input.key,
              receivedAt: at,
              result: body.task.result ?? null,
              createdAt: body.task.createdAt ?? '',
              finishedAt: body.task.finishedAt ?? null,
            });
          }
        }
        if (r.Messages?.length) {
          await rt.clients.sqs.send(
            new DeleteMessageBatchCommand({
              QueueUrl: rt.resources.eventsQueue.url,
              Entries: r.Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
            }),
          );
        }
      } catch (err) {
        if (!stopped) await new Promise((res) => setTimeout(res, 200));
        void err;
      }
    }
  })();
  return {
    finished,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

/** Uploads a file to the runtime's bucket (s3rver, a real PutObject). */
export async function upload(rt: LocalRuntime, key: string, file: string | Buffer): Promise<void> {
  const body = typeof file === 'string' ? readFileSync(file) : file;
  await rt.clients.s3.send(new PutObjectCommand({ Bucket: rt.resources.bucket, Key: key, Body: body }));
}

export async function waitUntil<T>(
  what: string,
  probe: () => T | undefined | false,
  timeoutMs: number,
  everyMs = 5,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== false) return v;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The demo schema's subtasks per upload (transcode + snapshots + GIF), see local/demo.ts. */
export const DEMO_JOBS_PER_UPLOAD = 3;
