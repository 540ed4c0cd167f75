/**
 * The outbox under an SQS failure: after each kind of task write (ingest, job event, restart, abort,
 * watchdog) the next SendMessage to the NotifyQueue is made to fail. The task write stands with its
 * event in the outbox; a redelivery of the trigger sends nothing twice; the sweep sends it. Every event
 * reaches the queue exactly once per eventId and target. Real DynamoDB protocol (dynalite, with the
 * sparse outbox index) and real SQS protocol (fauxqs); the failure is injected in the SQS client.
 */
import { MemoryAiEngine } from '../support/memory-ai-engine';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { CreateJobCommandInput } from '@aws-sdk/client-mediaconvert';
import { createDynamoStores } from '../../lambdas/adapters/dynamo-stores';
import { SqsDeliveryQueue } from '../../lambdas/adapters/sqs-delivery-queue';
import type { Stores } from '../../lambdas/core/ports';
import type { Task } from '../../lambdas/core/model';
import { parseDeliveryMessage, type DeliveryMessage } from '../../lambdas/core/notifications';
import { JobEventService } from '../../lambdas/services/job-event-service';
import { createOutboxRelay } from '../../lambdas/services/notifying-updater';
import type { OutboxRelay } from '../../lambdas/services/outbox-relay';
import { createTaskServices, type TaskServices } from '../../lambdas/services/task-services';
import { WatchdogService } from '../../lambdas/services/watchdog-service';
import { startDynalite, type LocalTable } from '../support/dynalite';
import { makeSchema } from '../support/tasks';
import { startFauxqs, type Fauxqs } from './fauxqs';
import { FakeMediaConvert, jobStateChange, STACK_ID } from './support';

jest.setTimeout(60_000);

let db: LocalTable;
let fq: Fauxqs;
beforeAll(async () => {
  [db, fq] = await Promise.all([startDynalite(), startFauxqs()]);
});
const clients: SQSClient[] = [];
afterAll(async () => {
  for (const c of clients) c.destroy();
  await Promise.all([db.stop(), fq.stop()]);
});

const RECEIVER = 'arn:aws:sqs:eu-west-1:123456789012:receiver';

interface World {
  stores: Stores;
  services: TaskServices;
  jobEvents: JobEventService;
  mediaConvert: FakeMediaConvert;
  relay: OutboxRelay;
  queueUrl: string;
  /** Makes the next `n` SendMessage calls to the NotifyQueue fail like an SQS outage. */
  failNextSends(n: number): void;
  failedSends(): number;
}

let worldCounter = 0;
async function world(): Promise<World> {
  const tableName = await db.newTable();
  const stores = createDynamoStores(db.doc, tableName);
  await stores.schemas.put(
    makeSchema({
      id: 'sch-outbox',
      name: 'outbox',
      trigger: { bucket: 'in', directory: 'videos/' },
      output: { bucket: 'out', directory: 'results/' },
      items: { transcode: [{ templateId: 100010 }] },
      notification: { type: 'queue', target: RECEIVER, mode: 'change' },
    }),
    { expectNew: true },
  );
  const { QueueUrl } = await fq.sqs.send(new CreateQueueCommand({ QueueName: `notify-${++worldCounter}` }));
  let armed = 0;
  let failed = 0;
  // One client per world so the injected failure hits this world's queue only.
  const client = new SQSClient({
    endpoint: fq.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  clients.push(client);
  client.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { QueueUrl?: string };
      if (armed > 0 && input.QueueUrl === QueueUrl) {
        armed--;
        failed++;
        throw Object.assign(new Error('injected: SQS unavailable'), { name: 'ServiceUnavailable' });
      }
      return next(args);
    },
    { step: 'initialize', name: 'injectSqsFailure' },
  );
  const queue = new SqsDeliveryQueue(client, QueueUrl!);
  const mediaConvert = new FakeMediaConvert();
  const services = createTaskServices({
    stores,
    queue,
    ai: new MemoryAiEngine(),
    submitter: mediaConvert,
    objects: { etag: async () => 'b1946ac92492d2347c6235b4d2611184' },
    probe: async () => ({ durationSeconds: 10, frameRate: 25, width: 640, height: 360 }),
    jobs: { roleArn: 'arn:aws:iam::123456789012:role/mc', stackId: STACK_ID, workBucket: 'mps-work' },
  });
  return {
    stores,
    services,
    mediaConvert,
    jobEvents: new JobEventService({ tasks: stores.tasks, updater: services.updater, stackId: STACK_ID }),
    relay: createOutboxRelay(stores.tasks, { queue }),
    queueUrl: QueueUrl!,
    failNextSends: (n) => void (armed = n),
    failedSends: () => failed,
  };
}

const upload = (key: string) => ({
  bucket: 'in',
  key,
  etag: 'b1946ac92492d2347c6235b4d2611184',
  sequencer: `00617F0829932${key.length}D189`,
  eventTime: new Date().toISOString(),
});

/** Everything on the NotifyQueue (received and deleted). */
async function drain(w: World): Promise<DeliveryMessage[]> {
  const out: DeliveryMessage[] = [];
  for (;;) {
    const res = await fq.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: w.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    const messages = res.Messages ?? [];
    if (messages.length === 0) return out;
    for (const m of messages) {
      out.push(parseDeliveryMessage(m.Body!));
      await fq.sqs.send(new DeleteMessageCommand({ QueueUrl: w.queueUrl, ReceiptHandle: m.ReceiptHandle! }));
    }
  }
}

/** Delivery counts by eventId and target: each must be exactly one. */
function countsOf(messages: DeliveryMessage[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of messages) {
    const id = `${m.event.eventId} → ${m.target.target}`;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/**
 * Runs `write` with the next NotifyQueue send failing, then `redeliver` (the trigger again), then the
 * sweep; asserts the refused event was kept, then delivered once, and that nothing was delivered twice.
 */
async function exactlyOnceDespiteFailure(
  w: World,
  write: () => Promise<unknown>,
  redeliver: () => Promise<unknown>,
): Promise<{ task: Task; messages: DeliveryMessage[]; refused: string }> {
  const before = await drain(w);
  w.failNextSends(1);
  await write();
  expect(w.failedSends()).toBe(1);
  const afterWrite = await drain(w);
  const [task] = (await w.stores.tasks.list({ limit: 10 })).items;
  const pending = Object.keys(task!.outbox ?? {});
  expect(pending).toHaveLength(1);
  const refused = pending[0]!;
  expect(afterWrite.map((m) => m.event.eventId)).not.toContain(refused);

  await redeliver();
  const afterRedelivery = await drain(w);
  expect(afterRedelivery.map((m) => m.event.eventId)).not.toContain(refused);

  expect((await w.relay.sweep(0)).failed).toBe(0);
  const swept = await drain(w);
  expect(swept.map((m) => m.event.eventId)).toEqual([refused]);
  expect(await w.relay.sweep(0)).toMatchObject({ relayed: 0 });
  expect(await drain(w)).toEqual([]);

  const all = [...before, ...afterWrite, ...afterRedelivery, ...swept];
  for (const [id, n] of countsOf(all)) expect(`${id}: ${n}`).toBe(`${id}: 1`);
  const stored = (await w.stores.tasks.get(task!.taskId))!;
  expect(stored.outbox).toBeUndefined();
  return { task: stored, messages: all, refused };
}

async function ingested(w: World, key: string): Promise<Task> {
  const [result] = (await w.services.ingest.ingest(upload(key))).tasks;
  return (await w.stores.tasks.get(result!.taskId))!;
}

/** The file a single-output MP4 job writes. */
function mp4PathOf(job: CreateJobCommandInput): string {
  const group = job.Settings!.OutputGroups![0]!;
  return `${group.OutputGroupSettings!.FileGroupSettings!.Destination!}${group.Outputs![0]!.NameModifier ?? ''}.mp4`;
}

async function jobEvent(w: World, task: Task, status: 'COMPLETE' | 'ERROR') {
  const jobId = task.subtasks[0]!.jobId!;
  const detail =
    status === 'ERROR'
      ? { errorCode: 1010, errorMessage: 'unreadable' }
      : {
          outputGroupDetails: [
            {
              type: 'FILE_GROUP',
              outputDetails: [
                {
                  outputFilePaths: [mp4PathOf(w.mediaConvert.job(jobId))],
                  durationInMs: 10_000,
                  videoDetails: { widthInPx: 640, heightInPx: 360 },
                },
              ],
            },
          ],
        };
  const event = jobStateChange(w.mediaConvert.job(jobId), jobId, status, new Date().toISOString(), detail);
  return w.jobEvents.handle(event);
}

describe('an SQS failure after a task write loses no event and duplicates none', () => {
  it('ingest: the creation event', async () => {
    const w = await world();
    const u = upload('videos/a.mp4');
    const { messages, refused } = await exactlyOnceDespiteFailure(
      w,
      () => w.services.ingest.ingest(u),
      () => w.services.ingest.ingest(u),
    );
    // Relayed late, the event names the change (creation) and carries the task as it is by then.
    expect(messages.find((m) => m.event.eventId === refused)?.event).toMatchObject({
      eventType: 'TaskChanged',
      task: { status: 'PROCESSING' },
    });
  });

  it('job event: the finish', async () => {
    const w = await world();
    const task = await ingested(w, 'videos/b.mp4');
    const { messages, refused } = await exactlyOnceDespiteFailure(
      w,
      () => jobEvent(w, task, 'COMPLETE'),
      () => jobEvent(w, task, 'COMPLETE'),
    );
    expect(messages.find((m) => m.event.eventId === refused)?.event).toMatchObject({
      eventType: 'TaskFinished',
      task: { status: 'FINISH', result: 'SUCCESS' },
    });
  });

  it('restart: the task back to WAITING', async () => {
    const w = await world();
    const task = await ingested(w, 'videos/c.mp4');
    await jobEvent(w, task, 'ERROR');
    const { messages, refused } = await exactlyOnceDespiteFailure(
      w,
      () => w.services.control.restart(task.taskId, { all: false }),
      // A repeated restart of a task that is running again is refused; it sends nothing.
      () =>
        expect(w.services.control.restart(task.taskId, { all: false })).rejects.toThrow(/only a FINISH task/),
    );
    expect(messages.find((m) => m.event.eventId === refused)?.event).toMatchObject({
      eventType: 'TaskChanged',
      task: { subtasks: [expect.objectContaining({ attempt: 2 })] },
    });
  });

  it('abort: the finish as ABORTED', async () => {
    const w = await world();
    const task = await ingested(w, 'videos/d.mp4');
    const { messages, refused } = await exactlyOnceDespiteFailure(
      w,
      () => w.services.control.abort(task.taskId),
      () => expect(w.services.control.abort(task.taskId)).rejects.toThrow(/already finished/),
    );
    expect(messages.find((m) => m.event.eventId === refused)?.event).toMatchObject({
      eventType: 'TaskFinished',
      task: { result: 'ABORTED' },
    });
  });

  it('watchdog: the finish of a subtask whose job is lost', async () => {
    const w = await world();
    const task = await ingested(w, 'videos/e.mp4');
    const watchdog = new WatchdogService({
      tasks: w.stores.tasks,
      updater: w.services.updater,
      jobs: { getJob: async () => undefined, cancelJob: async () => undefined },
      objects: { keys: async () => [] },
      jobEvents: { enqueue: async () => undefined },
      stuckSubtaskMinutes: 60,
      maxJobMinutes: 600,
      now: () => new Date(Date.now() + 61 * 60_000),
    });
    const { messages, refused } = await exactlyOnceDespiteFailure(
      w,
      () => watchdog.run(),
      () => watchdog.run(),
    );
    expect(messages.find((m) => m.event.eventId === refused)?.event).toMatchObject({
      eventType: 'TaskFinished',
      task: { taskId: task.taskId, result: 'FAIL' },
    });
  });
});
