/**
 * Fixtures of the fault-injection tests: the real ingest and job-events handlers over in-memory stores,
 * a MediaConvert stand-in that behaves like the service where it matters (a repeated
 * ClientRequestToken returns the same job; failures can be injected per call), and real-shaped
 * EventBridge events.
 */
import { MemoryAiEngine } from '../support/memory-ai-engine';
import { createHash } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import type { CreateJobCommandInput } from '@aws-sdk/client-mediaconvert';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsDeliveryQueue } from '../../lambdas/adapters/sqs-delivery-queue';
import type { ProcessingItems, Schema, SourceInfo, Task } from '../../lambdas/core/model';
import type { JobSubmitter, ObjectStat, SourceProbe } from '../../lambdas/core/ports';
import { ingestEntry } from '../../lambdas/entries/ingest';
import { jobEventsEntry } from '../../lambdas/entries/job-events';
import { JobEventService } from '../../lambdas/services/job-event-service';
import { createTaskServices } from '../../lambdas/services/task-services';
import { memoryStores } from '../support/memory-stores';
import { makeSchema } from '../support/tasks';

export const STACK_ID = 'mps-fault-stack';
export const NOTIFY_QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/mps-notify';
export const SILENT = new Logger({ logLevel: 'SILENT' });

/**
 * A JobSubmitter like MediaConvert: CreateJob with a ClientRequestToken already used returns the job
 * created for it (MediaConvert's idempotency); `failNext` makes the next calls throw.
 */
export class FakeMediaConvert implements JobSubmitter {
  /** Every accepted CreateJob input that created a new job. */
  readonly jobs: CreateJobCommandInput[] = [];
  /** Every createJob call, including failed and idempotent ones. */
  calls = 0;
  readonly cancelled: string[] = [];
  private readonly byToken = new Map<string, string>();
  private readonly failures: unknown[] = [];
  private readonly byId = new Map<string, CreateJobCommandInput>();

  /** Whether a repeated ClientRequestToken returns the first job (MediaConvert does, within a window). */
  idempotent = true;
  /** Milliseconds each createJob takes (lets concurrent submissions of one subtask overlap). */
  latencyMs = 0;

  failNext(...errors: unknown[]): void {
    this.failures.push(...errors);
  }

  async createJob(input: CreateJobCommandInput): Promise<{ jobId: string }> {
    this.calls++;
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    const failure = this.failures.shift();
    if (failure !== undefined) throw failure;
    const token = input.ClientRequestToken;
    const existing = token && this.idempotent ? this.byToken.get(token) : undefined;
    if (existing) return { jobId: existing };
    this.jobs.push(input);
    // Derived from the token, so that the same submission gets the same id in every test run.
    const jobId = token
      ? `job-${createHash('sha256').update(token).digest('hex').slice(0, 12)}`
      : `job-${this.jobs.length}`;
    if (this.byId.has(jobId)) {
      const copy = `${jobId}-${this.jobs.length}`;
      this.byId.set(copy, input);
      return { jobId: copy };
    }
    if (token) this.byToken.set(token, jobId);
    this.byId.set(jobId, input);
    return { jobId };
  }

  async cancelJob(jobId: string): Promise<void> {
    this.cancelled.push(jobId);
  }

  /** Ids of the jobs created, in creation order. */
  jobIds(): string[] {
    return [...this.byId.keys()];
  }

  /** The CreateJob input that created `jobId`. */
  job(jobId: string): CreateJobCommandInput {
    const input = this.byId.get(jobId);
    if (!input) throw new Error(`no job ${jobId}`);
    return input;
  }
}

export { encodeS3Key, jobStateChange, objectCreated } from './events';

export interface FaultFixture {
  stores: ReturnType<typeof memoryStores>;
  mediaConvert: FakeMediaConvert;
  probeCalls: { key: string; fields: readonly (keyof SourceInfo)[] }[];
  ingest: ReturnType<typeof ingestEntry>;
  jobEvents: ReturnType<typeof jobEventsEntry>;
  tasks(): Task[];
}

/**
 * The real ingest and job-events handlers (services, core, task runner) over in-memory stores, with one
 * enabled schema on bucket `in`, directory `videos/` (any extension unless `extensions` is given).
 */
export async function faultFixture(
  opts: {
    items?: ProcessingItems;
    extensions?: string[];
    probe?: SourceProbe;
    objects?: ObjectStat;
    sqs?: SQSClient;
    logger?: Logger;
    schema?: Partial<Schema>;
    /** Clock of the task runner (submission times); default the real clock. */
    now?: () => string;
  } = {},
): Promise<FaultFixture> {
  const stores = memoryStores();
  await stores.schemas.put(
    makeSchema({
      id: 'sch-fault',
      name: 'fault',
      trigger: {
        bucket: 'in',
        directory: 'videos/',
        ...(opts.extensions ? { extensions: opts.extensions } : {}),
      },
      output: { bucket: 'out', directory: 'results/' },
      items: opts.items ?? { transcode: [{ templateId: 100010 }] },
      ...opts.schema,
    }),
    { expectNew: true },
  );
  const mediaConvert = new FakeMediaConvert();
  const probeCalls: FaultFixture['probeCalls'] = [];
  const probe: SourceProbe =
    opts.probe ?? (async () => ({ durationSeconds: 10, frameRate: 25, width: 640, height: 360 }));
  const sqs = opts.sqs ?? new SQSClient({ region: 'eu-west-1' });
  const logger = opts.logger ?? SILENT;
  const services = createTaskServices({
    stores,
    queue: new SqsDeliveryQueue(sqs, NOTIFY_QUEUE_URL),
    ai: new MemoryAiEngine(),
    submitter: mediaConvert,
    // Every object exists (ETag unknown): an event key that decodes differently resolves to the decoded form.
    objects: opts.objects ?? { etag: async () => '' },
    probe: async (source, fields) => {
      probeCalls.push({ key: source.key, fields });
      return probe(source, fields);
    },
    jobs: { roleArn: 'arn:aws:iam::123456789012:role/mc', stackId: STACK_ID, workBucket: 'mps-work' },
    ...(opts.now ? { now: opts.now } : {}),
  });
  const ingest = ingestEntry({ ingest: services.ingest, logger });
  const jobEvents = jobEventsEntry({
    jobEvents: new JobEventService({
      tasks: stores.tasks,
      updater: services.updater,
      stackId: STACK_ID,
      ...(opts.now ? { now: opts.now } : {}),
    }),
    logger,
  });
  return {
    stores,
    mediaConvert,
    probeCalls,
    ingest,
    jobEvents,
    tasks: () => [...stores.tasks.items.values()].sort((a, b) => a.input.key.localeCompare(b.input.key)),
  };
}
