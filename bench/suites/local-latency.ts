/**
 * local-latency: through the full local runtime (s3rver → EventBridge emulation → SQS → ingest
 * handler → engine), with the demo schema (input/ → MP4 720p, 2 snapshots, GIF):
 * - upload → CreateJob received by the engine, p50/p95 over ~20 sequential uploads of a tiny clip
 *   (first job, and all 3 jobs of the upload);
 * - upload → TaskFinished event for the tiny clip (p50) and for a 10 s 720p clip.
 * Each upload waits for the previous task to finish, so ffmpeg never competes with the ingest path.
 */
import path from 'node:path';
import {
  DEMO_JOBS_PER_UPLOAD,
  recordCreateJobs,
  startRuntime,
  upload,
  waitUntil,
  watchFinished,
} from '../lib/local';
import { generateClip, requireFfmpeg } from '../lib/media';
import { median, percentile } from '../lib/stats';
import { type BenchContext, type Row, rowsFor, type Suite } from '../lib/types';

export const localLatency: Suite = {
  name: 'local-latency',
  description:
    'local runtime, demo schema: upload → CreateJob p50/p95 (tiny clip), upload → FINISH (10 s 720p)',
  async run(ctx: BenchContext): Promise<Row[]> {
    const row = rowsFor('local-latency');
    requireFfmpeg();
    const tiny = path.join(ctx.tmpDir, 'tiny.mp4');
    const long = path.join(ctx.tmpDir, 'long.mp4');
    await generateClip(tiny, { seconds: 3, width: 320, height: 180 });
    await generateClip(long, { seconds: 10, width: 1280, height: 720 });

    const rt = await startRuntime(ctx, { name: 'latency' });
    const jobs = recordCreateJobs(rt);
    const watcher = watchFinished(rt);
    try {
      const n = ctx.quick ? 5 : 20;
      const first: number[] = [];
      const all: number[] = [];
      const finish: number[] = [];
      const unsuccessful: string[] = [];
      // One unmeasured upload warms the handlers, the SDK clients and ffmpeg.
      for (let i = -1; i < n; i++) {
        const key = `input/latency-${i + 1}.mp4`;
        const t0 = performance.now();
        await upload(rt, key, tiny);
        const times = await waitUntil(
          `${DEMO_JOBS_PER_UPLOAD} CreateJobs for ${key}`,
          () => (jobs.get(key)?.length ?? 0) >= DEMO_JOBS_PER_UPLOAD && jobs.get(key),
          30_000,
          2,
        );
        const done = await waitUntil(
          `the task of ${key} to finish`,
          () => watcher.finished.get(key),
          120_000,
          20,
        );
        if (i < 0) continue;
        if (done.result !== 'SUCCESS') unsuccessful.push(`${key}: ${done.result}`);
        first.push(times[0]! - t0);
        all.push(times[DEMO_JOBS_PER_UPLOAD - 1]! - t0);
        finish.push(done.receivedAt - t0);
      }

      const longRuns = ctx.quick ? 1 : 2;
      const longFinish: number[] = [];
      for (let i = 0; i < longRuns; i++) {
        const key = `input/long-${i + 1}.mp4`;
        const t0 = performance.now();
        await upload(rt, key, long);
        const done = await waitUntil(
          `the task of ${key} to finish`,
          () => watcher.finished.get(key),
          300_000,
          20,
        );
        if (done.result !== 'SUCCESS') unsuccessful.push(`${key}: ${done.result}`);
        longFinish.push(done.receivedAt - t0);
      }
      const note = `${n} sequential uploads, 3 s 320x180 clip`;
      const problems = unsuccessful.length
        ? [row('tasks not SUCCESS', unsuccessful.length, 'tasks', unsuccessful.slice(0, 3).join('; '))]
        : [];
      return [
        ...problems,
        row('upload → first CreateJob p50', median(first), 'ms', note),
        row('upload → first CreateJob p95', percentile(first, 95), 'ms'),
        row('upload → all 3 CreateJobs p50', median(all), 'ms'),
        row('upload → all 3 CreateJobs p95', percentile(all, 95), 'ms'),
        row(
          'upload → FINISH event, tiny clip p50',
          median(finish),
          'ms',
          'TaskFinished received on the events queue',
        ),
        row(
          'upload → FINISH event, 10 s 720p',
          median(longFinish),
          'ms',
          `median of ${longRuns}; demo schema (MP4 720p + 2 JPEG + GIF)`,
        ),
      ];
    } finally {
      await watcher.stop();
      await rt.stop();
    }
  },
};
