/**
 * The real service on the local endpoints: the handlers' own factories (lambdas/handlers/*) over the
 * services (lambdas/services/*), the DynamoDB stores and the notifiers, configured through
 * lambdas/config.ts from a local environment, with the ffmpeg engine (local/engine) as the
 * MediaConvert JobSubmitter.
 *
 * The handler modules also build their Lambda entry points at module load (config from process.env,
 * default SDK clients). Those are never used here, but loading them needs a valid environment, so the
 * local one is put in process.env for the duration of the imports and restored afterwards.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { LogLevel } from '@aws-lambda-powertools/logger/types';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { TABLE_DEFINITION } from '../lambdas/adapters/dynamo-table';
import { DEMO_SCHEMA_NAME, demoSchemaInput } from './demo';
import { LOCAL_ACCOUNT_ID } from './event-bridge';
import type { ServiceWiring, WireContext, WiredService } from './service';

/** The environment the Lambda functions get in AWS, with local values. */
export function localEnvironment(
  ctx: Pick<WireContext, 'resources' | 'region' | 'stackId' | 'callbackSecret'>,
) {
  return {
    AWS_REGION: ctx.region,
    TABLE_NAME: ctx.resources.tableName,
    STACK_ID: ctx.stackId,
    MEDIACONVERT_ROLE_ARN: `arn:aws:iam::${LOCAL_ACCOUNT_ID}:role/mps-local-mediaconvert`,
    MEDIACONVERT_ENDPOINT: 'http://127.0.0.1:1/local-engine',
    WORK_BUCKET: ctx.resources.workBucket,
    NOTIFY_QUEUE_URL: ctx.resources.notifyQueue.url,
    CALLBACK_SECRET: ctx.callbackSecret,
    ALLOW_PRIVATE_CALLBACK_URLS: 'true',
    STUCK_SUBTASK_MINUTES: process.env.STUCK_SUBTASK_MINUTES ?? '180',
  } satisfies Record<string, string>;
}

/** Imports modules with `env` in process.env, restoring the previous values afterwards. */
async function withEnv<T>(env: Record<string, string>, load: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await load();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

function logLevel(): LogLevel {
  const raw = (process.env.MPS_LOG_LEVEL ?? process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN').toUpperCase();
  return (['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'].includes(raw) ? raw : 'WARN') as LogLevel;
}

async function wire(ctx: WireContext): Promise<WiredService> {
  const env = localEnvironment(ctx);
  const m = await withEnv(env, async () => ({
    config: await import('../lambdas/config'),
    stores: await import('../lambdas/adapters/dynamo-stores'),
    probe: await import('../lambdas/adapters/source-probe'),
    submitter: await import('../lambdas/adapters/mediaconvert-submitter'),
    notifiers: await import('../lambdas/adapters/notifiers'),
    httpNotifier: await import('../lambdas/adapters/http-notifier'),
    secret: await import('../lambdas/adapters/secret'),
    sprites: await import('../lambdas/adapters/sprite-composer'),
    services: await import('../lambdas/services/wiring'),
    notifying: await import('../lambdas/services/notifying-updater'),
    jobEventService: await import('../lambdas/services/job-event-service'),
    watchdogService: await import('../lambdas/services/watchdog-service'),
    seedService: await import('../lambdas/services/seed-service'),
    deliveries: await import('../lambdas/services/deliveries'),
    api: await import('../lambdas/api'),
    apiServer: await import('../lambdas/api/http-server'),
    ingestHandler: await import('../lambdas/handlers/ingest'),
    jobEventsHandler: await import('../lambdas/handlers/job-events'),
    notifyHandler: await import('../lambdas/handlers/notify-delivery'),
    watchdogHandler: await import('../lambdas/handlers/watchdog'),
    engine: await import('./engine'),
  }));

  // Config through the service's own readers, so a local misconfiguration fails like it would in AWS.
  const ingestConfig = m.config.ingestConfig(env);
  const jobEventsConfig = m.config.jobEventsConfig(env);
  const notifyConfig = m.config.notifyDeliveryConfig(env);
  const watchdogConfig = m.config.watchdogConfig(env);

  const level = logLevel();
  const logger = (fn: string) => new Logger({ serviceName: `mps-local-${fn}`, logLevel: level });
  const { clients } = ctx;
  const stores = m.stores.createDynamoStores(clients.dynamodbDoc, ingestConfig.tableName);

  const engine = new m.engine.LocalMediaConvert({
    io: new m.engine.S3ObjectIO(clients.s3),
    workDir: ctx.workDir,
    concurrency: ctx.concurrency,
    region: ctx.region,
    accountId: LOCAL_ACCOUNT_ID,
    onEvent: (event) => ctx.onJobEvent(event),
    log: ctx.log,
  });

  const jobs = ingestConfig.jobs;
  const ingestLog = logger('ingest');
  const services = m.services.createTaskServices({
    stores,
    sqs: clients.sqs,
    notifyQueueUrl: ingestConfig.notifyQueueUrl,
    // The same adapter as in AWS over the engine's CreateJob/CancelJob: a BadRequestException fails the
    // subtask with MediaConvert.BadRequest, anything else is retried.
    submitter: new m.submitter.MediaConvertJobSubmitter(engine),
    probe: m.probe.createS3SourceProbe(clients.s3),
    jobs,
    log: ingestLog,
  });

  const jobEventsLog = logger('job-events');
  const jobEventsHandler = m.jobEventsHandler.createJobEventsHandler({
    jobEvents: new m.jobEventService.JobEventService({
      tasks: stores.tasks,
      updater: m.notifying.createNotifyingUpdater(stores.tasks, {
        sqs: clients.sqs,
        notifyQueueUrl: jobEventsConfig.notifyQueueUrl,
      }),
      sprites: new m.sprites.S3SpriteComposer(clients.s3, stores.templates),
      log: jobEventsLog,
    }),
    logger: jobEventsLog,
  });

  const secret = m.secret.createSecretProvider({ secretValue: notifyConfig.callbackSecret ?? '' });
  const notifier = m.notifiers.createNotifier({
    sqs: clients.sqs,
    sns: clients.sns,
    // Never called: function targets are refused below (there is no local Lambda).
    lambda: new LambdaClient({
      region: ctx.region,
      credentials: clients.credentials,
      endpoint: 'http://127.0.0.1:9',
    }),
    http: m.httpNotifier.createHttpNotifier({ secret, allowPrivate: notifyConfig.allowPrivateCallbackUrls }),
  });
  const notifyHandler = m.notifyHandler.createNotifyDeliveryHandler({
    notifier: {
      deliver(target, event) {
        if (target.type === 'function') {
          return Promise.reject(
            new Error(
              `function notifications (${target.target}) need AWS Lambda, which the local runtime does not run; ` +
                'use a queue, topic or url notification locally',
            ),
          );
        }
        return notifier.deliver(target, event);
      },
    },
    sqs: clients.sqs,
    logger: logger('notify-delivery'),
    // The handler derives an AWS queue URL from eventSourceARN; locally the queue has its own URL.
    queueUrl: () => ctx.resources.notifyQueue.url,
  });

  const watchdogLog = logger('watchdog');
  const watchdogHandler = m.watchdogHandler.createWatchdogHandler({
    watchdog: new m.watchdogService.WatchdogService({
      tasks: stores.tasks,
      updater: m.notifying.createNotifyingUpdater(stores.tasks, {
        sqs: clients.sqs,
        notifyQueueUrl: watchdogConfig.notifyQueueUrl,
      }),
      stuckSubtaskMinutes: watchdogConfig.stuckSubtaskMinutes,
      log: watchdogLog,
    }),
    logger: watchdogLog,
  });

  const apiLog = logger('api');
  const apiHandler = m.api.createApiHandler({
    templates: stores.templates,
    schemas: stores.schemas,
    tasks: stores.tasks,
    operations: services.control,
    probe: m.probe.createS3SourceProbe(clients.s3),
    jobs,
    deliveries: m.deliveries.sqsDeliveries(
      clients.sqs,
      ctx.resources.notifyQueue.dlq.url,
      ctx.resources.notifyQueue.url,
    ),
    allowPrivateCallbackUrls: true,
    logError: (message, error) => apiLog.error(message, { error: String(error) }),
  });

  const seed = new m.seedService.SeedService({
    templates: stores.templates,
    schemas: stores.schemas,
    allowPrivateCallbackUrls: true,
  });

  return {
    engine,
    handlers: {
      ingest: m.ingestHandler.createIngestHandler({
        ingest: services.ingest,
        keysEncoded: true,
        logger: ingestLog,
      }),
      jobEvents: jobEventsHandler,
      notifyDelivery: notifyHandler,
      watchdog: async () => void (await watchdogHandler()),
    },
    async seed() {
      // Presets are built in. The demo schema is created once; later edits (e.g. a url notification)
      // are the user's and are kept across restarts.
      if (await stores.schemas.getByName(DEMO_SCHEMA_NAME)) return;
      await seed.apply({
        templates: [],
        schemas: [
          {
            ...demoSchemaInput({
              bucket: ctx.resources.bucket,
              eventsQueueUrl: ctx.resources.eventsQueue.arn,
            }),
            status: 'enabled',
          },
        ],
      });
    },
    startApi: (port) =>
      m.apiServer.startApiHttpServer(apiHandler, {
        port,
        log: (message, error) => apiLog.error(message, { error: String(error) }),
      }),
  };
}

export const SERVICE: ServiceWiring = { table: TABLE_DEFINITION, wire };
