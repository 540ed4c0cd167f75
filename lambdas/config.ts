/**
 * Typed configuration of each handler, read from the environment once at module load.
 * Every reader fails fast with a message naming the missing or invalid variable.
 */

import type { JobSettings } from './core/mediaconvert';

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

function region(env: Env): string {
  return required(env, 'AWS_REGION', 'the AWS region; set by the Lambda runtime');
}

/** How MediaConvert jobs are submitted. */
export interface MediaConvertConfig {
  roleArn: string;
  /** Regional endpoint, e.g. https://mediaconvert.eu-west-1.amazonaws.com. */
  endpoint: string;
  queueArn?: string;
  acceleration?: 'DISABLED' | 'ENABLED' | 'PREFERRED';
}

const ACCELERATION_MODES = ['DISABLED', 'ENABLED', 'PREFERRED'] as const;

/** MEDIACONVERT_* variables (endpoint defaults to the regional one). */
export function mediaConvertConfig(env: Env = process.env): MediaConvertConfig {
  const acceleration = optional(env, 'MEDIACONVERT_ACCELERATION');
  if (acceleration !== undefined && !(ACCELERATION_MODES as readonly string[]).includes(acceleration)) {
    throw new ConfigError(
      `environment variable MEDIACONVERT_ACCELERATION must be one of ${ACCELERATION_MODES.join(', ')}; got ${JSON.stringify(acceleration)}`,
    );
  }
  const queueArn = optional(env, 'MEDIACONVERT_QUEUE_ARN');
  return {
    roleArn: required(env, 'MEDIACONVERT_ROLE_ARN', 'the IAM role MediaConvert assumes'),
    endpoint: optional(env, 'MEDIACONVERT_ENDPOINT') ?? `https://mediaconvert.${region(env)}.amazonaws.com`,
    ...(queueArn ? { queueArn } : {}),
    ...(acceleration ? { acceleration: acceleration as MediaConvertConfig['acceleration'] } : {}),
  };
}

/**
 * The settings of every MediaConvert job (core JobSettings): MEDIACONVERT_ROLE_ARN,
 * MEDIACONVERT_QUEUE_ARN, MEDIACONVERT_ACCELERATION, STACK_ID and WORK_BUCKET (where companion
 * outputs of frame-capture jobs go). Ingest, the API and the local runtime read them here alike.
 */
export function jobSettings(env: Env = process.env): JobSettings {
  const mc = mediaConvertConfig(env);
  return {
    roleArn: mc.roleArn,
    stackId: stackId(env),
    workBucket: required(env, 'WORK_BUCKET', "the stack's work bucket for companion outputs"),
    ...(mc.queueArn ? { queueArn: mc.queueArn } : {}),
    ...(mc.acceleration ? { acceleration: mc.acceleration } : {}),
  };
}

/** Where task notifications are enqueued. */
export interface NotifyConfig {
  notifyQueueUrl: string;
  /** Stack-wide function that receives every task's 'finish' event. */
  defaultNotifyFunction?: string;
}

function notifyConfig(env: Env): NotifyConfig {
  const defaultNotifyFunction = optional(env, 'DEFAULT_NOTIFY_FUNCTION');
  return {
    notifyQueueUrl: required(
      env,
      'NOTIFY_QUEUE_URL',
      'the SQS queue notification deliveries are enqueued to',
    ),
    ...(defaultNotifyFunction ? { defaultNotifyFunction } : {}),
  };
}

function tableName(env: Env): string {
  return required(env, 'TABLE_NAME', 'the DynamoDB table of the service');
}

function stackId(env: Env): string {
  return required(env, 'STACK_ID', 'the correlation id written to UserMetadata.mpsStackId');
}

/** Config of the ingest handler (and of the API, which submits jobs too). */
export interface IngestConfig extends NotifyConfig {
  tableName: string;
  stackId: string;
  mediaConvert: MediaConvertConfig;
  jobs: JobSettings;
}

export function ingestConfig(env: Env = process.env): IngestConfig {
  return {
    tableName: tableName(env),
    stackId: stackId(env),
    mediaConvert: mediaConvertConfig(env),
    jobs: jobSettings(env),
    ...notifyConfig(env),
  };
}

/** Config of the job-events handler. */
export interface JobEventsConfig extends NotifyConfig {
  tableName: string;
  stackId: string;
}

export function jobEventsConfig(env: Env = process.env): JobEventsConfig {
  return { tableName: tableName(env), stackId: stackId(env), ...notifyConfig(env) };
}

/** Config of the notify-delivery handler. Exactly one of the secret variables is needed. */
export interface NotifyDeliveryConfig {
  /** Secrets Manager secret holding the HMAC key (AWS). */
  callbackSecretArn?: string;
  /** The HMAC key itself (local runtime only). */
  callbackSecret?: string;
  /** Allow http:// and private/loopback callback URLs (local runtime only). */
  allowPrivateCallbackUrls: boolean;
}

export function notifyDeliveryConfig(env: Env = process.env): NotifyDeliveryConfig {
  const callbackSecretArn = optional(env, 'CALLBACK_SECRET_ARN');
  const callbackSecret = optional(env, 'CALLBACK_SECRET');
  if (!callbackSecretArn && !callbackSecret) {
    throw new ConfigError(
      'environment variable CALLBACK_SECRET_ARN is required (the Secrets Manager secret holding the callback HMAC key) but is not set; the local runtime may set CALLBACK_SECRET instead',
    );
  }
  return {
    ...(callbackSecretArn ? { callbackSecretArn } : {}),
    ...(callbackSecret && !callbackSecretArn ? { callbackSecret } : {}),
    allowPrivateCallbackUrls: booleanVar(env, 'ALLOW_PRIVATE_CALLBACK_URLS', false),
  };
}

/** Config of the seed custom resource. */
export interface SeedConfig {
  tableName: string;
}

export function seedConfig(env: Env = process.env): SeedConfig {
  return { tableName: tableName(env) };
}

/** Config of the watchdog. */
export interface WatchdogConfig extends NotifyConfig {
  tableName: string;
  stuckSubtaskMinutes: number;
}

export function watchdogConfig(env: Env = process.env): WatchdogConfig {
  const raw = optional(env, 'STUCK_SUBTASK_MINUTES') ?? '180';
  const minutes = Number(raw);
  if (!Number.isInteger(minutes) || minutes < 1) {
    throw new ConfigError(
      `environment variable STUCK_SUBTASK_MINUTES must be a whole number of minutes ≥ 1; got ${JSON.stringify(raw)}`,
    );
  }
  return { tableName: tableName(env), stuckSubtaskMinutes: minutes, ...notifyConfig(env) };
}

function booleanVar(env: Env, name: string, fallback: boolean): boolean {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new ConfigError(`environment variable ${name} must be "true" or "false"; got ${JSON.stringify(raw)}`);
}
