/**
 * At-least-once delivery: every S3 event and every MediaConvert job-state event delivered twice, out of
 * order, some copies concurrently, must leave exactly the task records (and MediaConvert jobs) of a
 * clean run where each event arrives once, in order.
 */
import '../support/handler-env';
import type { CreateJobCommandInput } from '@aws-sdk/client-mediaconvert';
import type { Task } from '../../lambdas/core/model';
import { sqsEvent, sqsRecord } from '../support/sqs-events';
import { encodeS3Key, type FaultFixture, faultFixture, jobStateChange, objectCreated } from './support';

const KEYS = ['videos/a.mp4', 'videos/b clip+1.mov', 'videos/영상 100%.mp4', 'videos/d.mp4'];
/** The upload of this key ends with a MediaConvert ERROR; the others complete. */
const FAILING_KEY = 'videos/d.mp4';
const CLOCK = () => '2026-03-01T10:00:05.000Z';
const ITEMS = {
  transcode: [{ templateId: 100010 }],
  snapshotByTimeOffset: [{ templateId: 10, offsets: [{ value: 1, unit: 's' as const }] }],
};

/** Deterministic shuffle (mulberry32), so a failure reproduces. */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  let a = seed;
  const rand = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const uploadEvent = (key: string, i: number) =>
  objectCreated(encodeS3Key(key), {
    sequencer: `00617F0829932${i}D189`,
    time: `2026-03-01T10:00:0${i}Z`,
  });

/** Where a job writes, as MediaConvert reports it on COMPLETE. */
function outputPathOf(job: CreateJobCommandInput): string {
  const group = job.Settings!.OutputGroups![0]!;
  const dest = group.OutputGroupSettings!.FileGroupSettings!.Destination!;
  const output = group.Outputs![0]!;
  return output.ContainerSettings?.Container === 'RAW'
    ? `${dest}.0000000.jpg`
    : `${dest}${output.NameModifier ?? ''}.mp4`;
}

/** The job-state events of every job, in the order MediaConvert emits them. */
function jobEventsOf(f: FaultFixture) {
  return f.mediaConvert.jobIds().flatMap((jobId) => {
    const job = f.mediaConvert.job(jobId);
    const task = f.stores.tasks.items.get(job.UserMetadata!.mpsTaskId!)!;
    const failing = task.input.key === FAILING_KEY;
    return [
      jobStateChange(job, jobId, 'PROGRESSING', '2026-03-01T10:01:00Z'),
      jobStateChange(job, jobId, 'STATUS_UPDATE', '2026-03-01T10:01:30Z', {
        jobProgress: { jobPercentComplete: 50 },
      }),
      failing
        ? jobStateChange(job, jobId, 'ERROR', '2026-03-01T10:02:00Z', {
            errorCode: 1010,
            errorMessage: 'Unable to open input file',
          })
        : jobStateChange(job, jobId, 'COMPLETE', '2026-03-01T10:02:00Z', {
            outputGroupDetails: [
              {
                type: 'FILE_GROUP',
                outputDetails: [
                  {
                    outputFilePaths: [outputPathOf(job)],
                    durationInMs: 10_000,
                    videoDetails: { widthInPx: 640, heightInPx: 360 },
                  },
                ],
              },
            ],
          }),
    ];
  });
}

/** Task records without the write counter (a redelivery that changes nothing writes nothing, but an
 *  out-of-order run skips intermediate writes), keyed by input key. */
function comparable(tasks: Task[]): Record<string, Omit<Task, 'version'>> {
  return Object.fromEntries(tasks.map(({ version: _v, ...rest }) => [rest.input.key, rest]));
}

async function cleanRun() {
  const f = await faultFixture({ items: ITEMS, now: CLOCK });
  for (const [i, key] of KEYS.entries()) {
    expect((await f.ingest(sqsEvent(sqsRecord(uploadEvent(key, i))))).batchItemFailures).toEqual([]);
  }
  for (const ev of jobEventsOf(f)) {
    expect((await f.jobEvents(sqsEvent(sqsRecord(ev)))).batchItemFailures).toEqual([]);
  }
  return f;
}

describe('duplicated and reordered events', () => {
  it('leave the same tasks and the same MediaConvert jobs as a clean run', async () => {
    const clean = await cleanRun();
    const cleanTasks = clean.tasks();
    expect(cleanTasks).toHaveLength(KEYS.length);
    expect(cleanTasks.map((t) => [t.input.key, t.status, t.result])).toEqual([
      ['videos/a.mp4', 'FINISH', 'SUCCESS'],
      ['videos/b clip+1.mov', 'FINISH', 'SUCCESS'],
      ['videos/d.mp4', 'FINISH', 'FAIL'],
      ['videos/영상 100%.mp4', 'FINISH', 'SUCCESS'],
    ]);
    expect(clean.mediaConvert.jobs).toHaveLength(2 * KEYS.length);

    // CreateJob calls answered with an existing job (concurrent copies both got as far as submitting).
    let raced = 0;
    for (const seed of [1, 2, 3]) {
      const chaos = await faultFixture({ items: ITEMS, now: CLOCK });
      chaos.mediaConvert.latencyMs = 5;
      // Every upload event twice, uploads shuffled. Per upload, the copies arrive either concurrently (two
      // handler invocations at once, as two Lambda pollers would), together in one batch, or far apart
      // (the second after every other upload).
      const late: string[] = [];
      for (const [n, key] of shuffle(KEYS, seed).entries()) {
        const i = KEYS.indexOf(key);
        const mode = (n + seed) % 3;
        const responses =
          mode === 0
            ? await Promise.all([
                chaos.ingest(sqsEvent(sqsRecord(uploadEvent(key, i)))),
                chaos.ingest(sqsEvent(sqsRecord(uploadEvent(key, i)))),
              ])
            : mode === 1
              ? [await chaos.ingest(sqsEvent(sqsRecord(uploadEvent(key, i)), sqsRecord(uploadEvent(key, i))))]
              : (late.push(key), [await chaos.ingest(sqsEvent(sqsRecord(uploadEvent(key, i))))]);
        for (const res of responses) expect(res.batchItemFailures).toEqual([]);
      }
      for (const key of late) {
        const res = await chaos.ingest(sqsEvent(sqsRecord(uploadEvent(key, KEYS.indexOf(key)))));
        expect(res.batchItemFailures).toEqual([]);
      }
      // Same for the job-state events: COMPLETE may come before PROGRESSING, copies race each other.
      const events = shuffle(
        jobEventsOf(chaos).flatMap((ev) => [sqsRecord(ev), sqsRecord(ev)]),
        seed * 7,
      );
      for (let i = 0; i < events.length; i += 3) {
        const res = await chaos.jobEvents(sqsEvent(...events.slice(i, i + 3)));
        expect(res.batchItemFailures).toEqual([]);
      }

      expect(comparable(chaos.tasks())).toEqual(comparable(cleanTasks));
      // One job per subtask; no duplicate had to be cancelled.
      expect(chaos.mediaConvert.jobs.map((j) => j.ClientRequestToken).sort()).toEqual(
        clean.mediaConvert.jobs.map((j) => j.ClientRequestToken).sort(),
      );
      expect(chaos.mediaConvert.cancelled).toEqual([]);
      raced += chaos.mediaConvert.calls - chaos.mediaConvert.jobs.length;
      // A stale write never lowered a task's version below the clean run's final write.
      for (const t of chaos.tasks()) expect(t.version).toBeGreaterThan(1);
    }
    // The concurrent deliveries really raced to MediaConvert; its idempotency token kept it to one job.
    expect(raced).toBeGreaterThan(0);
  });

  it('without MediaConvert idempotency, the losing duplicate job is cancelled and its events ignored', async () => {
    const clean = await cleanRun();
    const f = await faultFixture({ items: ITEMS, now: CLOCK });
    f.mediaConvert.idempotent = false;
    f.mediaConvert.latencyMs = 5;
    for (const [i, key] of KEYS.entries()) {
      const responses = await Promise.all([
        f.ingest(sqsEvent(sqsRecord(uploadEvent(key, i)))),
        f.ingest(sqsEvent(sqsRecord(uploadEvent(key, i)))),
      ]);
      for (const res of responses) expect(res.batchItemFailures).toEqual([]);
    }
    const recorded = new Set(f.tasks().flatMap((t) => t.subtasks.map((s) => s.jobId)));
    expect(recorded.size).toBe(2 * KEYS.length);
    // Every job that is not the recorded one of its subtask was cancelled, and only those.
    const extra = f.mediaConvert.jobIds().filter((id) => !recorded.has(id));
    expect(extra.length).toBeGreaterThan(0);
    expect(f.mediaConvert.cancelled.sort()).toEqual(extra.sort());

    // The cancelled jobs report CANCELED (same task, subtask and attempt in UserMetadata): ignored.
    for (const jobId of extra) {
      const ev = jobStateChange(f.mediaConvert.job(jobId), jobId, 'CANCELED', '2026-03-01T10:00:30Z');
      expect((await f.jobEvents(sqsEvent(sqsRecord(ev)))).batchItemFailures).toEqual([]);
    }
    const events = jobEventsOf(f).filter((ev) => recorded.has(ev.detail.jobId));
    for (const ev of events) {
      expect((await f.jobEvents(sqsEvent(sqsRecord(ev)))).batchItemFailures).toEqual([]);
    }
    const strip = (tasks: Task[]) =>
      Object.fromEntries(
        Object.entries(comparable(tasks)).map(([k, t]) => [
          k,
          { ...t, subtasks: t.subtasks.map(({ jobId: _j, ...s }) => s) },
        ]),
      );
    expect(strip(f.tasks())).toEqual(strip(clean.tasks()));
  });

  it('a late duplicate upload event after the task finished changes nothing and submits nothing', async () => {
    const f = await cleanRun();
    const before = structuredClone(f.tasks());
    const calls = f.mediaConvert.calls;
    const res = await f.ingest(sqsEvent(...KEYS.map((key, i) => sqsRecord(uploadEvent(key, i)))));
    expect(res.batchItemFailures).toEqual([]);
    expect(f.tasks()).toEqual(before);
    expect(f.mediaConvert.calls).toBe(calls);
    // And a late PROGRESSING for a finished job does not reopen it.
    const [first] = jobEventsOf(f);
    expect((await f.jobEvents(sqsEvent(sqsRecord(first)))).batchItemFailures).toEqual([]);
    expect(f.tasks()).toEqual(before);
  });
});
