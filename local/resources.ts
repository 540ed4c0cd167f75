/**
 * Creates the local stack's resources on the local endpoints, idempotently (safe on every start,
 * whether the endpoints kept their state or not): the table, the bucket and the work bucket, the three work queues
 * with their DLQs, the demo events queue and the events topic subscribed to a queue.
 */
import {
  CreateBucketCommand,
  PutBucketCorsCommand,
  DeleteObjectsCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
} from '@aws-sdk/client-s3';
import { CreateTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  SetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import type { LocalAwsClients } from './endpoints/clients';
import { ensureTable } from './local-table';
import { WORK_QUEUES } from '../lambdas/contract';

export const LOCAL_STACK_ID = 'mps-local';

export const LOCAL_NAMES = {
  table: 'mps-local',
  bucket: 'mps-local',
  /** The work bucket: companion outputs of frame-capture jobs (the AWS stack expires them after a day). */
  workBucket: 'mps-local-work',
  ingestQueue: 'mps-local-ingest',
  jobEventsQueue: 'mps-local-job-events',
  notifyQueue: 'mps-local-notify',
  /** The demo schema's notification queue: what `mps events` / users read. */
  eventsQueue: 'mps-local-events',
  /** SNS topic for schemas with a `topic` notification… */
  eventsTopic: 'mps-local-events',
  /** …subscribed to this queue (SNS envelope, not raw), so topic deliveries can be read locally. */
  topicEventsQueue: 'mps-local-topic-events',
} as const;

export interface QueueRef {
  name: string;
  url: string;
  arn: string;
}

export interface WorkQueueRef extends QueueRef {
  dlq: QueueRef;
  maxReceiveCount: number;
  visibilityTimeoutSeconds: number;
}

export interface LocalResources {
  tableName: string;
  bucket: string;
  workBucket: string;
  ingestQueue: WorkQueueRef;
  jobEventsQueue: WorkQueueRef;
  notifyQueue: WorkQueueRef;
  eventsQueue: QueueRef;
  topicEventsQueue: QueueRef;
  eventsTopicArn: string;
}

export type { TableDefinition } from './local-table';
import type { TableDefinition } from './local-table';

export interface WorkQueueSettings {
  visibilityTimeoutSeconds: number;
  maxReceiveCount: number;
}

export interface EnsureResourcesOptions {
  table: TableDefinition;
  names?: Partial<Record<keyof typeof LOCAL_NAMES, string>>;
  /** Per work queue; defaults mirror the AWS stack's retry budget at laptop-friendly timeouts. */
  queues?: Partial<Record<'ingest' | 'jobEvents' | 'notify', Partial<WorkQueueSettings>>>;
}

/** The AWS stack's receive budgets (lambdas/contract.ts); visibility is shortened so retries come soon. */
const DEFAULT_QUEUE_SETTINGS: Record<'ingest' | 'jobEvents' | 'notify', WorkQueueSettings> = {
  ingest: { visibilityTimeoutSeconds: 30, maxReceiveCount: WORK_QUEUES.ingest.maxReceiveCount },
  jobEvents: { visibilityTimeoutSeconds: 30, maxReceiveCount: WORK_QUEUES.jobEvents.maxReceiveCount },
  notify: { visibilityTimeoutSeconds: 30, maxReceiveCount: WORK_QUEUES.notify.maxReceiveCount },
};

const DLQ_RETENTION_SECONDS = String(14 * 24 * 3600);

export async function ensureLocalResources(
  clients: LocalAwsClients,
  opts: EnsureResourcesOptions,
): Promise<LocalResources> {
  const names = { ...LOCAL_NAMES, ...opts.names };
  const settings = (k: 'ingest' | 'jobEvents' | 'notify'): WorkQueueSettings => ({
    ...DEFAULT_QUEUE_SETTINGS[k],
    ...opts.queues?.[k],
  });

  const [, , , ingestQueue, jobEventsQueue, notifyQueue, eventsQueue, topicEventsQueue] = await Promise.all([
    ensureTable(clients, names.table, opts.table),
    ensureBucket(clients, names.bucket).then(() => allowBrowserTransfers(clients, names.bucket)),
    ensureBucket(clients, names.workBucket),
    ensureWorkQueue(clients, names.ingestQueue, settings('ingest')),
    ensureWorkQueue(clients, names.jobEventsQueue, settings('jobEvents')),
    ensureWorkQueue(clients, names.notifyQueue, settings('notify')),
    ensureQueue(clients, names.eventsQueue, {}),
    ensureQueue(clients, names.topicEventsQueue, {}),
  ]);
  const topic = await clients.sns.send(new CreateTopicCommand({ Name: names.eventsTopic }));
  const eventsTopicArn = topic.TopicArn!;
  // Subscribe is idempotent for the same (topic, protocol, endpoint, attributes).
  await clients.sns.send(
    new SubscribeCommand({ TopicArn: eventsTopicArn, Protocol: 'sqs', Endpoint: topicEventsQueue.arn }),
  );

  return {
    tableName: names.table,
    bucket: names.bucket,
    workBucket: names.workBucket,
    ingestQueue,
    jobEventsQueue,
    notifyQueue,
    eventsQueue,
    topicEventsQueue,
    eventsTopicArn,
  };
}

async function ensureBucket(clients: LocalAwsClients, bucket: string): Promise<void> {
  try {
    await clients.s3.send(new HeadBucketCommand({ Bucket: bucket }));
    return;
  } catch (err) {
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status !== 404) throw err;
  }
  try {
    await clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw err;
  }
}

/**
 * Lets the web console PUT uploads (single and multipart parts, reading the ETag of each part) and GET
 * outputs (hls.js fetches playlists and segments) with presigned URLs from any local origin: s3rver
 * answers cross-origin requests by the bucket's CORS rules, as S3 does. Loopback only, so any origin.
 */
async function allowBrowserTransfers(clients: LocalAwsClients, bucket: string): Promise<void> {
  await clients.s3.send(
    new PutBucketCorsCommand({
      Bucket: bucket,
      CORSConfiguration: {
        CORSRules: [
          {
            AllowedOrigins: ['*'],
            AllowedMethods: ['GET', 'HEAD', 'PUT'],
            AllowedHeaders: ['*'],
            ExposeHeaders: ['ETag'],
            MaxAgeSeconds: 3600,
          },
        ],
      },
    }),
  );
}

async function ensureWorkQueue(
  clients: LocalAwsClients,
  name: string,
  settings: WorkQueueSettings,
): Promise<WorkQueueRef> {
  const dlq = await ensureQueue(clients, `${name}-dlq`, { MessageRetentionPeriod: DLQ_RETENTION_SECONDS });
  const queue = await ensureQueue(clients, name, {
    VisibilityTimeout: String(settings.visibilityTimeoutSeconds),
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: dlq.arn,
      maxReceiveCount: settings.maxReceiveCount,
    }),
  });
  return { ...queue, dlq, ...settings };
}

/** Creates the queue or brings an existing one's attributes to the wanted values. */
async function ensureQueue(
  clients: LocalAwsClients,
  name: string,
  attributes: Record<string, string>,
): Promise<QueueRef> {
  let url: string | undefined;
  try {
    url = (await clients.sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl;
  } catch (err) {
    const errName = (err as { name?: string }).name;
    if (errName !== 'QueueDoesNotExist' && errName !== 'AWS.SimpleQueueService.NonExistentQueue') throw err;
  }
  if (url) {
    if (Object.keys(attributes).length > 0) {
      await clients.sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: attributes }));
    }
  } else {
    url = (await clients.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes })))
      .QueueUrl!;
  }
  const attrs = await clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  return { name, url, arn: attrs.Attributes!.QueueArn! };
}

/** How long work-bucket objects live (the AWS stack's lifecycle rule: one day). */
export const WORK_OBJECT_LIFETIME_MS = 24 * 3600 * 1000;

/**
 * Deletes the work-bucket objects (companion outputs) last modified before `olderThan`, as the AWS
 * stack's lifecycle rule does: the local runtime runs it at start. Returns how many were deleted.
 */
export async function expireWorkObjects(
  clients: LocalAwsClients,
  bucket: string,
  olderThan: Date = new Date(Date.now() - WORK_OBJECT_LIFETIME_MS),
): Promise<number> {
  let deleted = 0;
  let token: string | undefined;
  do {
    const page = await clients.s3.send(
      new ListObjectsV2Command({ Bucket: bucket, ...(token ? { ContinuationToken: token } : {}) }),
    );
    const expired = (page.Contents ?? []).filter(
      (o) => o.Key && o.LastModified && o.LastModified < olderThan,
    );
    if (expired.length > 0) {
      await clients.s3.send(
        new DeleteObjectsCommand({
          Bucket: bucket,
          Delete: { Objects: expired.map((o) => ({ Key: o.Key! })) },
        }),
      );
      deleted += expired.length;
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return deleted;
}

export { tableMismatch } from './local-table';
