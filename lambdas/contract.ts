/**
 * What the CDK stack (lib/), the local runtime (local/) and the functions (lambdas/config.ts) must agree
 * on, in one place: environment variable names and defaults, the work queues' retry budgets, the
 * EventBridge rule patterns, the table's keys and ARN → URL helpers. test/composition/contract.test.ts asserts that the
 * synthesized stack and the local runtime get the same values from here. Plain data and functions only:
 * lib/ imports this module at synth time.
 */

import { createHash } from 'node:crypto';

/** Name of the stack `bin/app.ts` deploys by default, and the stack the `mps` CLI looks for. */
export const DEFAULT_STACK_NAME = 'MpsStack';

/** Environment variables of the functions (what each one reads: lambdas/config.ts). */
export const ENV = {
  tableName: 'TABLE_NAME',
  stackId: 'STACK_ID',
  mediaConvertRoleArn: 'MEDIACONVERT_ROLE_ARN',
  mediaConvertEndpoint: 'MEDIACONVERT_ENDPOINT',
  mediaConvertQueueArn: 'MEDIACONVERT_QUEUE_ARN',
  mediaConvertAcceleration: 'MEDIACONVERT_ACCELERATION',
  workBucket: 'WORK_BUCKET',
  notifyQueueUrl: 'NOTIFY_QUEUE_URL',
  notifyDlqUrl: 'NOTIFY_DLQ_URL',
  notifyMaxAttempts: 'NOTIFY_MAX_ATTEMPTS',
  defaultNotifyFunction: 'DEFAULT_NOTIFY_FUNCTION',
  callbackSecretArn: 'CALLBACK_SECRET_ARN',
  callbackSecret: 'CALLBACK_SECRET',
  allowPrivateCallbackUrls: 'ALLOW_PRIVATE_CALLBACK_URLS',
  stuckSubtaskMinutes: 'STUCK_SUBTASK_MINUTES',
  maxJobMinutes: 'MAX_JOB_MINUTES',
  jobEventsQueueUrl: 'JOB_EVENTS_QUEUE_URL',
  triggerBuckets: 'TRIGGER_BUCKETS',
  outputBuckets: 'OUTPUT_BUCKETS',
  /** SNS topic Amazon Rekognition Video reports finished jobs to (its NotificationChannel); unset: no AI on AWS. */
  aiNotificationTopicArn: 'AI_NOTIFICATION_TOPIC_ARN',
  /** Role Amazon Rekognition assumes to publish to that topic. */
  aiNotificationRoleArn: 'AI_NOTIFICATION_ROLE_ARN',
} as const;

/**
 * Where Amazon Transcribe writes its transcript and subtitles: `{AI_WORK_PREFIX}{job name}.json` (and
 * `.vtt`, `.srt`) in the work bucket, expired with the other scratch objects; the job-event side copies
 * the subtitles to the outputs and folds the transcript into the result JSON.
 */
export const AI_WORK_PREFIX = 'ai/';

/**
 * Where the cover jobs of AI analyses (a MediaConvert frame capture each) write, in the work bucket:
 * `{AI_COVERS_PREFIX}{token}/` holds the frame, the companion output and the marker naming the job.
 */
export const AI_COVERS_PREFIX = `${AI_WORK_PREFIX}covers/`;

/**
 * The first characters of every Amazon Transcribe job name of this stack: `mps-{stack id}-{hash}-`, the
 * stack id in the characters Transcribe's names allow ([0-9a-zA-Z._-], others become '-'; at most 40)
 * and the first 8 hex digits of its SHA-256. Job names are unique per account and region, and the
 * Transcribe rule and grants cover this prefix only: the hash keeps a stack "Mps" from matching the jobs
 * of "Mps-Staging" (or "a/b" those of "a-b").
 */
export function transcribeJobNamePrefix(stackId: string): string {
  const readable = stackId.replace(/[^0-9a-zA-Z._-]/g, '-').slice(0, 40);
  return `mps-${readable}-${createHash('sha256').update(stackId).digest('hex').slice(0, 8)}-`;
}

/** Minutes without news after which the watchdog asks MediaConvert about a subtask's job. */
export const DEFAULT_STUCK_SUBTASK_MINUTES = 180;

/** Minutes after submission after which the watchdog cancels a job still queued or running. */
export const DEFAULT_MAX_JOB_MINUTES = 24 * 60;

/**
 * Seconds an event may sit in a task's outbox before the sweep relays it: its writer normally relays
 * it within milliseconds, so the sweep only takes what a crash or a queue outage left behind.
 */
export const OUTBOX_SWEEP_AGE_SECONDS = 60;

/** The input of the watchdog's one-minute schedule: relay outbox events only. */
export const OUTBOX_SWEEP_INPUT = { mps: 'outbox-sweep' } as const;

/** A work queue: how long its consumer may run, and how many receives before its DLQ. */
export interface WorkQueueContract {
  /** Timeout of the consuming function (the AWS queue's visibility timeout is 6 ×, as Lambda advises). */
  handlerTimeoutSeconds: number;
  /** Receives before a message moves to the dead-letter queue. */
  maxReceiveCount: number;
}

/** The three work queues; the local runtime keeps the receive counts and shortens the timeouts. */
export const WORK_QUEUES = {
  ingest: { handlerTimeoutSeconds: 120, maxReceiveCount: 5 },
  jobEvents: { handlerTimeoutSeconds: 120, maxReceiveCount: 5 },
  notify: { handlerTimeoutSeconds: 60, maxReceiveCount: 8 },
} as const satisfies Record<string, WorkQueueContract>;

/** MediaConvert job statuses the job-events rule forwards (the others carry nothing tasks use). */
export const JOB_EVENT_STATUSES = ['PROGRESSING', 'STATUS_UPDATE', 'COMPLETE', 'ERROR', 'CANCELED'] as const;

/** One allowed value of an EventBridge pattern field: the exact value, or `{ prefix }` (prefix matching). */
export type PatternValue = string | { readonly prefix: string };

/** An EventBridge event pattern: allowed values per field, nested. */
export interface EventPattern {
  [field: string]: readonly PatternValue[] | EventPattern;
}

/** The rule that sends uploads to the ingest queue: S3 "Object Created" of the trigger buckets. */
export function uploadRulePattern(triggerBuckets?: readonly string[]): EventPattern {
  return {
    source: ['aws.s3'],
    'detail-type': ['Object Created'],
    ...(triggerBuckets ? { detail: { bucket: { name: triggerBuckets } } } : {}),
  };
}

/** The rule that sends this stack's MediaConvert job-state changes to the job-events queue. */
export function jobEventRulePattern(stackId: string): EventPattern {
  return {
    source: ['aws.mediaconvert'],
    'detail-type': ['MediaConvert Job State Change'],
    detail: { status: JOB_EVENT_STATUSES, userMetadata: { mpsStackId: [stackId] } },
  };
}

/** Amazon Transcribe job statuses the Transcribe rule forwards (the ends of a job). */
export const TRANSCRIBE_EVENT_STATUSES = ['COMPLETED', 'FAILED'] as const;

/**
 * The rule that sends this stack's "Transcribe Job State Change" events (speech in AiRecognition
 * subtasks) to the job-events queue. Amazon Rekognition Video reports through its SNS topic instead.
 */
export function transcribeEventRulePattern(stackId: string): EventPattern {
  return {
    source: ['aws.transcribe'],
    'detail-type': ['Transcribe Job State Change'],
    detail: {
      TranscriptionJobStatus: TRANSCRIBE_EVENT_STATUSES,
      TranscriptionJobName: [{ prefix: transcribeJobNamePrefix(stackId) }],
    },
  };
}

/**
 * True when `event` matches `pattern` as EventBridge matches exact-value and prefix patterns: every
 * field named in the pattern is present and one of its listed values (nested objects recursively).
 */
export function matchesEventPattern(pattern: EventPattern, event: unknown): boolean {
  if (typeof event !== 'object' || event === null) return false;
  const fields = event as Record<string, unknown>;
  return Object.entries(pattern).every(([field, expected]) =>
    isValueList(expected)
      ? expected.some((v) => matchesValue(v, fields[field]))
      : matchesEventPattern(expected, fields[field]),
  );
}

function matchesValue(expected: PatternValue, actual: unknown): boolean {
  if (typeof actual !== 'string') return false;
  return typeof expected === 'string' ? actual === expected : actual.startsWith(expected.prefix);
}

function isValueList(v: readonly PatternValue[] | EventPattern): v is readonly PatternValue[] {
  return Array.isArray(v);
}

/** The URL of an SQS queue ARN (`arn:aws:sqs:<region>:<account>:<name>`); anything else is returned as is. */
export function queueUrlOfArn(arnOrUrl: string): string {
  const arn = /^arn:(aws[a-z-]*):sqs:([a-z0-9-]+):(\d{12}):(.+)$/.exec(arnOrUrl);
  if (!arn) return arnOrUrl;
  const [, partition, region, account, name] = arn;
  const suffix = partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://sqs.${region}.${suffix}/${account}/${name}`;
}

/**
 * CORS of the deployed control API for the web console's origin (lib/control-api.ts): the methods the
 * console calls and the headers of its SigV4-signed requests.
 */
export const CONSOLE_API_CORS = {
  allowMethods: ['GET', 'POST', 'PUT', 'DELETE', 'HEAD'],
  allowHeaders: [
    'authorization',
    'content-type',
    'x-amz-date',
    'x-amz-security-token',
    'x-amz-content-sha256',
  ],
  maxAgeSeconds: 3600,
} as const;

/** The table's key attributes and indexes (lib/state.ts builds the table from them). */
export const TABLE_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
  gsi1: { indexName: 'GSI1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  gsi2: { indexName: 'GSI2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  /** Sparse, keys only: the tasks whose outbox holds events (the relay's sweep). */
  gsi3: { indexName: 'GSI3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  ttlAttribute: 'expiresAt',
} as const;

/** Key schema and indexes as a CreateTable input without TableName (plain object, no SDK import). */
export const TABLE_DEFINITION = {
  BillingMode: 'PAY_PER_REQUEST' as const,
  AttributeDefinitions: [
    TABLE_KEYS.partitionKey,
    TABLE_KEYS.sortKey,
    ...[TABLE_KEYS.gsi1, TABLE_KEYS.gsi2, TABLE_KEYS.gsi3].flatMap((g) => [g.partitionKey, g.sortKey]),
  ].map((AttributeName: string) => ({ AttributeName, AttributeType: 'S' as const })),
  KeySchema: [
    { AttributeName: TABLE_KEYS.partitionKey as string, KeyType: 'HASH' as const },
    { AttributeName: TABLE_KEYS.sortKey as string, KeyType: 'RANGE' as const },
  ],
  GlobalSecondaryIndexes: [TABLE_KEYS.gsi1, TABLE_KEYS.gsi2, TABLE_KEYS.gsi3].map((g) => ({
    IndexName: g.indexName as string,
    KeySchema: [
      { AttributeName: g.partitionKey as string, KeyType: 'HASH' as const },
      { AttributeName: g.sortKey as string, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: g === TABLE_KEYS.gsi3 ? ('KEYS_ONLY' as const) : ('ALL' as const) },
  })),
};
