/**
 * The service on one machine: the composition root's Platform (lambdas/composition.ts) over the local
 * endpoints, with the ffmpeg engine as MediaConvert, the offline AI engine (local/ai/) for the AI items, a plain environment object instead of process.env,
 * no Lambda (function notification targets are handler modules, local/function-targets.ts) and short
 * delivery backoff.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { LogLevel } from '@aws-lambda-powertools/logger/types';
import type { MediaConvertApi } from '../lambdas/adapters/mediaconvert-submitter';
import type { Platform } from '../lambdas/composition';
import type { Env } from '../lambdas/config';
import type { MediaAiEngine } from '../lambdas/core/ports';
import { DEFAULT_STUCK_SUBTASK_MINUTES, ENV } from '../lambdas/contract';
import type { DeliveryBackoff } from '../lambdas/services/delivery-service';
import { localClientSettings, type LocalEndpointUrls, useLocalQueueUrls } from './endpoints/clients';
import { LOCAL_ACCOUNT_ID } from './event-bridge';
import { localFunctionTargets } from './function-targets';
import type { LocalResources } from './resources';

/** The environment the functions get in AWS (lib/), with local values. */
export function localEnvironment(ctx: {
  resources: LocalResources;
  stackId: string;
  callbackSecret: string;
}): Env {
  return {
    [ENV.tableName]: ctx.resources.tableName,
    [ENV.stackId]: ctx.stackId,
    [ENV.mediaConvertRoleArn]: `arn:aws:iam::${LOCAL_ACCOUNT_ID}:role/mps-local-mediaconvert`,
    [ENV.workBucket]: ctx.resources.workBucket,
    [ENV.notifyQueueUrl]: ctx.resources.notifyQueue.url,
    [ENV.notifyDlqUrl]: ctx.resources.notifyQueue.dlq.url,
    [ENV.notifyMaxAttempts]: String(ctx.resources.notifyQueue.maxReceiveCount),
    [ENV.jobEventsQueueUrl]: ctx.resources.jobEventsQueue.url,
    // Like the stack's: the trigger bucket is also where outputs go.
    [ENV.triggerBuckets]: ctx.resources.bucket,
    [ENV.outputBuckets]: ctx.resources.bucket,
    [ENV.callbackSecret]: ctx.callbackSecret,
    [ENV.allowPrivateCallbackUrls]: 'true',
    [ENV.stuckSubtaskMinutes]: process.env[ENV.stuckSubtaskMinutes] ?? String(DEFAULT_STUCK_SUBTASK_MINUTES),
  };
}

/**
 * Delivery retries locally: 1, 2, 4, 8, 8, 8, 8 s between the 8 attempts of AWS's NotifyQueue (39 s of
 * backoff, plus the event source's polling), so a dead callback shows in `mps deliveries list` within
 * 2 minutes instead of AWS's half hour.
 */
export const LOCAL_DELIVERY_BACKOFF: DeliveryBackoff = { baseSeconds: 1, maxSeconds: 8 };

/** MPS_LOG_LEVEL (or POWERTOOLS_LOG_LEVEL); default WARN so `npm start` shows only the runtime's own lines. */
export function localLogLevel(): LogLevel {
  const raw = (process.env.MPS_LOG_LEVEL ?? process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN').toUpperCase();
  return (['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'].includes(raw) ? raw : 'WARN') as LogLevel;
}

export interface LocalPlatform extends Platform {
  /** Closes the SDK clients the composition built. */
  destroy(): void;
}

export function localPlatform(opts: {
  env: Env;
  endpoints: LocalEndpointUrls;
  engine: MediaConvertApi;
  /** The offline AI engine (local/ai/) of the AI items. */
  ai: MediaAiEngine;
  /** Relative handler-module paths of function notification targets start here. */
  dataDir: string;
  logLevel?: LogLevel;
}): LocalPlatform {
  const clients: { destroy(): void }[] = [];
  const logLevel = opts.logLevel ?? localLogLevel();
  return {
    env: opts.env,
    clientSettings: (service) => localClientSettings(opts.endpoints, service),
    onClient(built) {
      if (built.service === 'sqs') useLocalQueueUrls(built.client, opts.endpoints);
      clients.push(built.client);
    },
    logger: (fn) => new Logger({ serviceName: `mps-local-${fn}`, logLevel }),
    mediaConvert: opts.engine,
    mediaAi: opts.ai,
    functionTargets: localFunctionTargets(opts.dataDir),
    // A dead callback reaches the DLQ after as many attempts as in AWS, within about a minute.
    deliveryBackoff: LOCAL_DELIVERY_BACKOFF,
    destroy() {
      for (const client of clients.splice(0)) client.destroy();
    },
  };
}
