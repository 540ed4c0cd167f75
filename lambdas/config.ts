/**
 * Typed configuration, read from an environment: `process.env` in Lambda, a plain object in the local
 * runtime (local/platform.ts). Variable names and defaults come from lambdas/contract.ts; every reader
 * fails fast with a message naming the missing or invalid variable. The composition root
 * (lambdas/composition.ts) reads what each part needs when the part is first built, i.e. at module load
 * of the Lambda function that uses it.
 */
import { DEFAULT_MAX_JOB_MINUTES, DEFAULT_STUCK_SUBTASK_MINUTES, ENV } from './contract';
import type { JobSettings } from './core/mediaconvert';
import type { StackBuckets } from './core/schemas';
import type { AwsAiSettings } from './core/ai/aws/backend-requests';

export type Env = Readonly<Record<string, string | undefined>>;

/** Thrown when the environment lacks a required variable or holds an invalid value. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function required(env: Env, name: string, meaning: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(`environment variable ${name} is required (${meaning}) but is not set`);
  return value;
}

function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function booleanVar(env: Env, name: string, fallback: boolean): boolean {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new ConfigError(`environment variable ${name} must be "true" or "false"; got ${JSON.stringify(raw)}`);
}

/** TABLE_NAME: the service's DynamoDB table. */
export function tableName(env: Env): string {
  return required(env, ENV.tableName, 'the DynamoDB table of the service');
}

/** STACK_ID: the correlation id in every job's UserMetadata.mpsStackId. */
export function stackId(env: Env): string {
  return required(env, ENV.stackId, 'the correlation id written to UserMetadata.mpsStackId');
}

const ACCELERATION_MODES = ['DISABLED', 'ENABLED', 'PREFERRED'] as const;

/**
 * The settings of every MediaConvert job (core JobSettings): MEDIACONVERT_ROLE_ARN,
 * MEDIACONVERT_QUEUE_ARN, MEDIACONVERT_ACCELERATION, STACK_ID and WORK_BUCKET (where companion
 * outputs of frame-capture jobs go). Ingest, the API and the local runtime read them here alike.
 */
export function jobSettings(env: Env): JobSettings {
  const acceleration = optional(env, ENV.mediaConvertAcceleration);
  if (acceleration !== undefined && !(ACCELERATION_MODES as readonly string[]).includes(acceleration)) {
    throw new ConfigError(
      `environment variable ${ENV.mediaConvertAcceleration} must be one of ${ACCELERATION_MODES.join(', ')}; got ${JSON.stringify(acceleration)}`,
    );
  }
  const queueArn = optional(env, ENV.mediaConvertQueueArn);
  return {
    roleArn: required(env, ENV.mediaConvertRoleArn, 'the IAM role MediaConvert assumes'),
    stackId: stackId(env),
    workBucket: required(env, ENV.workBucket, "the stack's work bucket for companion outputs"),
    ...(queueArn ? { queueArn } : {}),
    ...(acceleration ? { acceleration: acceleration as JobSettings['acceleration'] } : {}),
  };
}

/** MEDIACONVERT_ENDPOINT, by default the regional endpoint of AWS_REGION (no DescribeEndpoints). */
export function mediaConvertEndpoint(env: Env): string {
  return (
    optional(env, ENV.mediaConvertEndpoint) ??
    `https://mediaconvert.${required(env, 'AWS_REGION', 'the AWS region; set by the Lambda runtime')}.amazonaws.com`
  );
}

/** Where task notifications are enqueued. */
export interface NotifyConfig {
  notifyQueueUrl: string;
  /** Stack-wide function that receives every task's 'finish' event. */
  defaultNotifyFunction?: string;
}

/** NOTIFY_QUEUE_URL and DEFAULT_NOTIFY_FUNCTION. */
export function notifyConfig(env: Env): NotifyConfig {
  const defaultNotifyFunction = optional(env, ENV.defaultNotifyFunction);
  return {
    notifyQueueUrl: required(
      env,
      ENV.notifyQueueUrl,
      'the SQS queue notification deliveries are enqueued to',
    ),
    ...(defaultNotifyFunction ? { defaultNotifyFunction } : {}),
  };
}

/** NOTIFY_DLQ_URL: the notify DLQ, for the API's /deliveries routes (absent: those routes answer 409). */
export function notifyDlqUrl(env: Env): string | undefined {
  return optional(env, ENV.notifyDlqUrl);
}

/** Where notify-delivery puts a delivery that failed its last attempt, and how many attempts it has. */
export interface DeliveryDeadLetterConfig {
  dlqUrl: string;
  maxAttempts: number;
}

/**
 * NOTIFY_DLQ_URL and NOTIFY_MAX_ATTEMPTS (the NotifyQueue's maxReceiveCount) for notify-delivery: at
 * the last attempt a failed delivery is dead-lettered with its attempts and last error.
 */
export function deliveryDeadLetterConfig(env: Env): DeliveryDeadLetterConfig {
  const dlqUrl = required(env, ENV.notifyDlqUrl, 'the notify dead-letter queue');
  const raw = required(env, ENV.notifyMaxAttempts, "the NotifyQueue's maxReceiveCount");
  const maxAttempts = Number(raw);
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new ConfigError(
      `environment variable ${ENV.notifyMaxAttempts} must be a whole number ≥ 1; got ${raw}`,
    );
  }
  return { dlqUrl, maxAttempts };
}

/** The callback HMAC key: a Secrets Manager secret (AWS), or the key itself (local runtime). */
export type CallbackSecretConfig = { secretArn: string } | { secretValue: string };

/** CALLBACK_SECRET_ARN, or CALLBACK_SECRET locally. Exactly one is needed. */
export function callbackSecretConfig(env: Env): CallbackSecretConfig {
  const secretArn = optional(env, ENV.callbackSecretArn);
  if (secretArn) return { secretArn };
  const secretValue = optional(env, ENV.callbackSecret);
  if (secretValue) return { secretValue };
  throw new ConfigError(
    `environment variable ${ENV.callbackSecretArn} is required (the Secrets Manager secret holding the callback HMAC key) but is not set; the local runtime may set ${ENV.callbackSecret} instead`,
  );
}

/** ALLOW_PRIVATE_CALLBACK_URLS: http:// and private-network callback URLs (local runtime only). */
export function allowPrivateCallbackUrls(env: Env): boolean {
  return booleanVar(env, ENV.allowPrivateCallbackUrls, false);
}

function minutesVar(env: Env, name: string, fallback: number): number {
  const raw = optional(env, name) ?? String(fallback);
  const minutes = Number(raw);
  if (!Number.isInteger(minutes) || minutes < 1) {
    throw new ConfigError(
      `environment variable ${name} must be a whole number of minutes ≥ 1; got ${JSON.stringify(raw)}`,
    );
  }
  return minutes;
}

/** STUCK_SUBTASK_MINUTES: when the watchdog asks MediaConvert about a subtask still WAITING/PROCESSING. */
export function stuckSubtaskMinutes(env: Env): number {
  return minutesVar(env, ENV.stuckSubtaskMinutes, DEFAULT_STUCK_SUBTASK_MINUTES);
}

/** MAX_JOB_MINUTES: when the watchdog cancels a job still queued or running. */
export function maxJobMinutes(env: Env): number {
  return minutesVar(env, ENV.maxJobMinutes, DEFAULT_MAX_JOB_MINUTES);
}

/**
 * TRIGGER_BUCKETS and OUTPUT_BUCKETS (comma-separated): the buckets the deployment serves, which schemas
 * and tasks must name. Both absent: any bucket (tests).
 */
export function stackBuckets(env: Env): StackBuckets | undefined {
  const names = (name: string) =>
    (optional(env, name) ?? '')
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean);
  const trigger = names(ENV.triggerBuckets);
  const output = names(ENV.outputBuckets);
  if (trigger.length === 0 && output.length === 0) return undefined;
  if (trigger.length === 0) {
    throw new ConfigError(
      `environment variable ${ENV.triggerBuckets} is required when ${ENV.outputBuckets} is set`,
    );
  }
  return { trigger, output };
}

/** JOB_EVENTS_QUEUE_URL: where the watchdog sends the rebuilt events of jobs whose event was lost. */
export function jobEventsQueueUrl(env: Env): string {
  return required(env, ENV.jobEventsQueueUrl, 'the SQS queue job-state events are applied from');
}

/**
 * AI_NOTIFICATION_TOPIC_ARN, AI_NOTIFICATION_ROLE_ARN (with STACK_ID and WORK_BUCKET): the AWS AI
 * backends' settings, or undefined when the stack was deployed without them (no topic).
 */
export function awsAiSettings(env: Env): AwsAiSettings | undefined {
  const topic = optional(env, ENV.aiNotificationTopicArn);
  if (!topic) return undefined;
  return {
    stackId: stackId(env),
    notificationTopicArn: topic,
    notificationRoleArn: required(
      env,
      ENV.aiNotificationRoleArn,
      'the role Amazon Rekognition publishes with',
    ),
    workBucket: required(env, ENV.workBucket, "the stack's work bucket, where Amazon Transcribe writes"),
  };
}

/** True when the stack was deployed with its AI backends (AI_NOTIFICATION_TOPIC_ARN is set). */
export function awsAiDeployed(env: Env): boolean {
  return optional(env, ENV.aiNotificationTopicArn) !== undefined;
}
