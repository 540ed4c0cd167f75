/**
 * The service on one machine: the composition root's Platform (lambdas/composition.ts) over the local
 * endpoints, with the ffmpeg engine as MediaConvert, a plain environment object instead of process.env,
 * and no Lambda (function notification targets are refused with a clear error).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { LogLevel } from '@aws-lambda-powertools/logger/types';
import type { MediaConvertApi } from '../lambdas/adapters/mediaconvert-submitter';
import type { Platform } from '../lambdas/composition';
import type { Env } from '../lambdas/config';
import { DEFAULT_STUCK_SUBTASK_MINUTES, ENV } from '../lambdas/contract';
import { localClientSettings, type LocalEndpointUrls, useLocalQueueUrls } from './endpoints/clients';
import { LOCAL_ACCOUNT_ID } from './event-bridge';
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
    [ENV.jobEventsQueueUrl]: ctx.resources.jobEventsQueue.url,
    // Like the stack's: the trigger bucket is also where outputs go.
    [ENV.triggerBuckets]: ctx.resources.bucket,
    [ENV.outputBuckets]: ctx.resources.bucket,
    [ENV.callbackSecret]: ctx.callbackSecret,
    [ENV.allowPrivateCallbackUrls]: 'true',
    [ENV.stuckSubtaskMinutes]: process.env[ENV.stuckSubtaskMinutes] ?? String(DEFAULT_STUCK_SUBTASK_MINUTES),
  };
}

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
    functionTargetsUnavailable:
      'the local runtime runs no AWS Lambda; use a queue, topic or url notification locally',
    destroy() {
      for (const client of clients.splice(0)) client.destroy();
    },
  };
}
