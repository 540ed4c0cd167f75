/**
 * The real service on the local endpoints: the same builders (lambdas/composition.ts) and entries
 * (lambdas/entries) as the Lambda functions, over the local Platform (./platform.ts) with the ffmpeg
 * engine (./engine) as MediaConvert and the offline AI engine (./ai) for the AI items, whose job-state
 * events go straight to the job-events queue (as Rekognition's SNS notifications would in AWS).
 */
import path from 'node:path';
import { createApiHandler } from '../lambdas/api';
import { startApiHttpServer } from '../lambdas/api/http-server';
import {
  apiFunction,
  ingestFunction,
  jobEventsFunction,
  notifyDeliveryFunction,
  recoveryFunction,
  seedFunction,
  watchdogFunction,
} from '../lambdas/composition';
import { SqsJobEventQueue } from '../lambdas/adapters/sqs-job-event-queue';
import { TABLE_DEFINITION } from '../lambdas/contract';
import { ingestEntry } from '../lambdas/entries/ingest';
import { jobEventsEntry } from '../lambdas/entries/job-events';
import { notifyDeliveryEntry } from '../lambdas/entries/notify-delivery';
import { watchdogEntry } from '../lambdas/entries/watchdog';
import { LocalAiEngine } from './ai/local-ai-engine';
import { CONSOLE_PATH, consoleSite } from './console-site';
import { DEMO_SCHEMA_NAME, demoSchemaInput } from './demo';
import { LocalMediaConvert, S3ObjectIO } from './engine';
import { LOCAL_ACCOUNT_ID } from './event-bridge';
import { localEnvironment, localPlatform } from './platform';
import type { ServiceWiring, WireContext, WiredService } from './service';

async function wire(ctx: WireContext): Promise<WiredService> {
  const engine = new LocalMediaConvert({
    io: new S3ObjectIO(ctx.clients.s3),
    workDir: ctx.workDir,
    concurrency: ctx.concurrency,
    region: ctx.region,
    accountId: LOCAL_ACCOUNT_ID,
    onEvent: (event) => ctx.onJobEvent(event),
    log: ctx.log,
  });
  const jobEventsQueue = new SqsJobEventQueue(ctx.clients.sqs, ctx.resources.jobEventsQueue.url);
  const ai = new LocalAiEngine({
    io: new S3ObjectIO(ctx.clients.s3),
    workDir: path.join(ctx.workDir, 'ai'),
    onEvent: (event) => jobEventsQueue.enqueue(event),
    log: ctx.log,
  });
  const platform = localPlatform({
    env: localEnvironment(ctx),
    endpoints: ctx.endpoints,
    engine,
    ai,
    dataDir: ctx.dataDir,
  });

  // Every function is built up front, so a local misconfiguration fails at start like a Lambda at load.
  let built;
  try {
    const watchdog = watchdogFunction(platform);
    built = {
      api: apiFunction(platform),
      seed: seedFunction(platform).seed,
      recovery: recoveryFunction(platform).recovery,
      outbox: watchdog.outbox,
      handlers: {
        ingest: ingestEntry(ingestFunction(platform)),
        jobEvents: jobEventsEntry(jobEventsFunction(platform)),
        notifyDelivery: notifyDeliveryEntry(notifyDeliveryFunction(platform)),
        watchdog: watchdogEntry(watchdog),
      },
    };
  } catch (err) {
    platform.destroy();
    throw err;
  }
  const { api, seed, recovery, outbox, handlers } = built;
  const apiLog = platform.logger('api');

  return {
    engine,
    ai,
    close: () => platform.destroy(),
    handlers: {
      ...handlers,
      watchdog: async () => void (await handlers.watchdog()),
      relayOutbox: async (olderThanMs) => void (await outbox.sweep(olderThanMs)),
    },
    recover: (window) => recovery.recover(window),
    async seed() {
      // Presets are built in. The demo schema is created once; later edits (e.g. a url notification)
      // are the user's and are kept across restarts.
      if (await api.catalog.schemaByName(DEMO_SCHEMA_NAME)) return;
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
    async startApi(port) {
      const server = await startApiHttpServer(createApiHandler(api), {
        port,
        log: (message, error) => apiLog.error(message, { error: String(error) }),
        site: consoleSite(ctx.endpoints.s3),
      });
      return { url: server.url, consoleUrl: `${server.url}${CONSOLE_PATH}`, close: () => server.close() };
    },
  };
}

export const SERVICE: ServiceWiring = { table: TABLE_DEFINITION, wire };
