/**
 * Start-up recovery over ports (in-memory stores, a fake S3 listing, the fault suite's MediaConvert
 * stand-in): uploads whose event was lost become tasks by the rules of live ingest, jobs the engine no
 * longer knows are re-submitted as new attempts, outbox events go out, and a second run does nothing.
 */
import { MemoryAiEngine } from '../support/memory-ai-engine';
import type { JobInspector, ListedObject, ObjectInventory } from '../../lambdas/core/ports';
import type { DeliveryMessage } from '../../lambdas/core/notifications';
import { INTERRUPTED_CODE } from '../../lambdas/core/tasks';
import { createOutboxRelay } from '../../lambdas/services/notifying-updater';
import { RecoveryService } from '../../lambdas/services/recovery-service';
import { createTaskServices } from '../../lambdas/services/task-services';
import { FakeMediaConvert } from '../fault/support';
import { memoryStores } from '../support/memory-stores';
import { makeSchema } from '../support/tasks';

const ENABLED_AT = '2026-03-01T10:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(ENABLED_AT) + minutes * 60_000).toISOString();

async function setup() {
  const stores = memoryStores();
  await stores.schemas.put(
    makeSchema({
      id: 'sch-a',
      name: 'a',
      status: 'enabled',
      enabledAt: ENABLED_AT,
      trigger: { bucket: 'in', directory: 'videos/', extensions: ['mp4'] },
      output: { bucket: 'out', directory: 'results/' },
      items: { transcode: [{ templateId: 100010 }] },
      notification: {
        type: 'queue',
        target: 'https://sqs.eu-west-1.amazonaws.com/1/receiver',
        mode: 'finish',
      },
    }),
    { expectNew: true },
  );
  const sent: DeliveryMessage[] = [];
  const queue = { enqueue: async (m: DeliveryMessage) => void sent.push(m) };
  const mediaConvert = new FakeMediaConvert();
  const services = createTaskServices({
    stores,
    queue,
    ai: new MemoryAiEngine(),
    submitter: mediaConvert,
    objects: { etag: async () => undefined },
    probe: async () => ({ durationSeconds: 10, frameRate: 25, width: 640, height: 360 }),
    jobs: { roleArn: 'arn:aws:iam::123456789012:role/mc', stackId: 'stack', workBucket: 'work' },
  });
  const listing = new Map<string, ListedObject[]>();
  // The engine of the restarted process: it knows the jobs created since, not the forgotten ones.
  const forgotten = new Set<string>();
  const listed: string[] = [];
  const inventory: ObjectInventory = {
    objects: async (bucket, prefix) => {
      listed.push(`${bucket}/${prefix}`);
      return (listing.get(bucket) ?? []).filter((o) => o.key.startsWith(prefix));
    },
  };
  const jobs: JobInspector = {
    getJob: async (jobId) =>
      mediaConvert.jobIds().includes(jobId) && !forgotten.has(jobId)
        ? { Id: jobId, Status: 'PROGRESSING', Role: 'r', Settings: {} }
        : undefined,
  };
  const recovery = new RecoveryService({
    tasks: stores.tasks,
    updater: services.updater,
    runner: services.runner,
    ingest: services.ingest,
    schemaCache: services.schemaCache,
    objects: inventory,
    jobs,
    outbox: createOutboxRelay(stores.tasks, { queue }),
    triggerBuckets: ['in'],
  });
  const put = (bucket: string, key: string, lastModified: string) =>
    listing.set(bucket, [...(listing.get(bucket) ?? []), { key, lastModified, etag: `etag-${key}` }]);
  return {
    stores,
    services,
    mediaConvert,
    recovery,
    put,
    listed,
    forget: (jobId: string) => forgotten.add(jobId),
    sent,
  };
}

describe('RecoveryService', () => {
  it('creates the task of each upload whose event was lost, by the rules of live ingest, once', async () => {
    const w = await setup();
    w.put('in', 'videos/lost.mp4', at(5)); // no task: its event died with the queue
    w.put('in', 'videos/before-enable.mp4', at(-5)); // older than the schema: never a task
    w.put('in', 'videos/notes.txt', at(5)); // extension not accepted
    w.put('in', 'videos/lost_transcode_100010.mp4', at(5)); // a service output
    w.put('in', 'elsewhere/clip.mp4', at(5)); // not under a trigger directory
    w.put('in', 'videos/too-new.mp4', at(30)); // after `before`: its event is live
    w.put('in', 'videos/seen.mp4', at(5)); // already ingested live
    const live = await w.services.ingest.ingest({
      bucket: 'in',
      key: 'videos/seen.mp4',
      sequencer: '00617F08299329D189',
      eventTime: at(5),
    });
    expect(live.tasks).toHaveLength(1);

    const result = await w.recovery.recover({ before: new Date(at(20)) });
    expect(result).toMatchObject({ uploadTasks: 1, resubmitted: 0 });
    const keys = [...w.stores.tasks.items.values()].map((t) => t.input.key).sort();
    expect(keys).toEqual(['videos/lost.mp4', 'videos/seen.mp4']);
    const lost = [...w.stores.tasks.items.values()].find((t) => t.input.key === 'videos/lost.mp4')!;
    expect(lost).toMatchObject({ createdAt: at(5), schemaId: 'sch-a', status: 'PROCESSING' });
    expect(w.mediaConvert.jobs).toHaveLength(2);

    // Again (a second crash before anything else happened): nothing new.
    expect(await w.recovery.recover({ before: new Date(at(20)) })).toMatchObject({ uploadTasks: 0 });
    expect(w.stores.tasks.items.size).toBe(2);
    expect(w.mediaConvert.jobs).toHaveLength(2);
  });

  it('lists nested trigger directories once and gives an upload under both the task of each schema', async () => {
    const w = await setup();
    await w.stores.schemas.put(
      makeSchema({
        id: 'sch-hd',
        name: 'hd',
        status: 'enabled',
        enabledAt: ENABLED_AT,
        trigger: { bucket: 'in', directory: 'videos/hd/' },
        output: { bucket: 'out', directory: 'hd/' },
        items: { transcode: [{ templateId: 100010 }] },
      }),
      { expectNew: true },
    );
    w.put('in', 'videos/hd/clip.mp4', at(5));
    expect(await w.recovery.recover({ before: new Date(at(20)) })).toMatchObject({ uploadTasks: 2 });
    expect(w.listed).toEqual(['in/videos/']);
    expect([...w.stores.tasks.items.values()].map((t) => t.schemaId).sort()).toEqual(['sch-a', 'sch-hd']);
  });

  it('looks only at uploads from `after` on when an earlier recovery covered the rest', async () => {
    const w = await setup();
    w.put('in', 'videos/covered.mp4', at(5));
    w.put('in', 'videos/new.mp4', at(15));
    expect(await w.recovery.recover({ after: new Date(at(10)), before: new Date(at(20)) })).toMatchObject({
      uploadTasks: 1,
    });
    expect([...w.stores.tasks.items.values()].map((t) => t.input.key)).toEqual(['videos/new.mp4']);
  });

  it('re-submits subtasks whose job is gone as a new attempt, and leaves running jobs alone', async () => {
    const w = await setup();
    for (const key of ['videos/dead.mp4', 'videos/alive.mp4']) {
      await w.services.ingest.ingest({ bucket: 'in', key, sequencer: `00${key.length}`, eventTime: at(1) });
    }
    const byKey = (key: string) => [...w.stores.tasks.items.values()].find((t) => t.input.key === key)!;
    const deadJob = byKey('videos/dead.mp4').subtasks[0]!.jobId!;
    w.forget(deadJob);

    const result = await w.recovery.recover({ before: new Date(at(20)) });
    expect(result).toMatchObject({ resubmitted: 1, uploadTasks: 0 });
    const dead = byKey('videos/dead.mp4').subtasks[0]!;
    expect(dead).toMatchObject({ attempt: 2, status: 'PROCESSING' });
    expect(dead.jobId).not.toBe(deadJob);
    expect(dead.history).toEqual([
      expect.objectContaining({ attempt: 1, status: 'FAIL', jobId: deadJob, errorCode: INTERRUPTED_CODE }),
    ]);
    expect(byKey('videos/alive.mp4').subtasks[0]).toMatchObject({ attempt: 1 });
    expect(w.mediaConvert.jobs).toHaveLength(3);

    // The new attempt's job is known: a second run changes nothing.
    expect(await w.recovery.recover({ before: new Date(at(20)) })).toMatchObject({ resubmitted: 0 });
    expect(w.mediaConvert.jobs).toHaveLength(3);
  });

  it('submits WAITING subtasks that never got a job, and sends events left in outboxes', async () => {
    const w = await setup();
    await w.services.ingest.ingest({ bucket: 'in', key: 'videos/a.mp4', sequencer: '01', eventTime: at(1) });
    const [task] = [...w.stores.tasks.items.values()];
    // As if the process died between the task write and CreateJob, with an event still in the outbox.
    const stalled = {
      ...task!,
      status: 'WAITING' as const,
      subtasks: task!.subtasks.map(({ jobId: _j, startedAt: _s, ...s }) => ({
        ...s,
        status: 'WAITING' as const,
      })),
      outbox: {
        'evt-pending': {
          eventType: 'TaskChanged' as const,
          version: task!.version,
          time: at(1),
          targets: [{ type: 'queue' as const, target: 'https://sqs.eu-west-1.amazonaws.com/1/receiver' }],
        },
      },
      version: task!.version + 1,
    };
    expect(await w.stores.tasks.update(stalled, task!.version)).toBe(true);
    w.sent.length = 0;

    const result = await w.recovery.recover({ before: new Date(at(20)) });
    expect(result).toMatchObject({ started: 1, relayedEvents: 1, resubmitted: 0 });
    expect(w.sent.map((m) => m.event.eventId)).toEqual(['evt-pending']);
    const after = (await w.stores.tasks.get(task!.taskId))!;
    expect(after.subtasks[0]).toMatchObject({ status: 'PROCESSING', attempt: 1 });
    expect(after.outbox).toBeUndefined();
  });
});
