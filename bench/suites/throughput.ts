/**
 * throughput: a batch of short clips uploaded at once through the full local runtime with the demo
 * schema (3 jobs per clip), at engine concurrency 1 and 2 → tasks/minute from the first upload to the
 * last TaskFinished event, and the 2-vs-1 speed-up. Both runtimes run side by side (idle between
 * batches) and their batches alternate, so slow phases of a shared machine hit both alike.
 */
import path from 'node:path';
import type { LocalRuntime } from '../../local/runtime';
import { startRuntime, upload, waitUntil, watchFinished } from '../lib/local';
import { generateClip, requireFfmpeg } from '../lib/media';
import { median } from '../lib/stats';
import { type BenchContext, type Row, rowsFor, type Suite } from '../lib/types';

const CONCURRENCIES = [1, 2] as const;

export const throughput: Suite = {
  name: 'throughput',
  description:
    'local runtime, demo schema: tasks/minute for a batch of short clips at engine concurrency 1 and 2',
  async run(ctx: BenchContext): Promise<Row[]> {
    const row = rowsFor('throughput');
    requireFfmpeg();
    const clip = path.join(ctx.tmpDir, 'short.mp4');
    await generateClip(clip, { seconds: 4, width: 640, height: 360 });
    const n = ctx.quick ? 3 : 8;
    const rounds = ctx.quick ? 1 : 2;

    const runtimes: { concurrency: number; rt: LocalRuntime; watcher: ReturnType<typeof watchFinished> }[] =
      [];
    try {
      for (const concurrency of CONCURRENCIES) {
        const rt = await startRuntime(ctx, { name: `c${concurrency}`, concurrency });
        runtimes.push({ concurrency, rt, watcher: watchFinished(rt) });
      }
      const perMinute = new Map<number, number[]>(CONCURRENCIES.map((c) => [c, []]));
      const notSuccess: string[] = [];
      for (let round = 0; round < rounds; round++) {
        for (const { concurrency, rt, watcher } of round % 2 ? [...runtimes].reverse() : runtimes) {
          ctx.log(`round ${round + 1}/${rounds}: ${n} clips at concurrency ${concurrency}`);
          const keys = Array.from({ length: n }, (_, i) => `input/batch-${round + 1}-${i + 1}.mp4`);
          const t0 = performance.now();
          for (const key of keys) await upload(rt, key, clip);
          await waitUntil(
            `${n} tasks to finish`,
            () => keys.every((k) => watcher.finished.has(k)),
            60_000 * n,
            50,
          );
          for (const k of keys) {
            const result = watcher.finished.get(k)!.result;
            if (result !== 'SUCCESS') notSuccess.push(`${k}@c${concurrency}: ${result}`);
          }
          const last = Math.max(...keys.map((k) => watcher.finished.get(k)!.receivedAt));
          perMinute.get(concurrency)!.push(n / ((last - t0) / 60_000));
        }
      }
      const rows = CONCURRENCIES.map((c) =>
        row(
          `concurrency ${c}`,
          median(perMinute.get(c)!),
          'tasks/min',
          `median of ${rounds} batches of ${n} clips (4 s 640x360, 3 jobs each)`,
        ),
      );
      rows.push(
        row(
          'speed-up 2 vs 1',
          median(perMinute.get(2)!) / median(perMinute.get(1)!),
          'x',
          'ideal 2.0; bounded by the shared cores',
        ),
      );
      if (notSuccess.length > 0) {
        rows.push(row('tasks not SUCCESS', notSuccess.length, 'tasks', notSuccess.slice(0, 3).join('; ')));
      }
      return rows;
    } finally {
      for (const { rt, watcher } of runtimes) {
        await watcher.stop();
        await rt.stop();
      }
    }
  },
};
