/**
 * The embedded runtime: the service's own handlers wired to local real-protocol endpoints, with the
 * ffmpeg engine in place of MediaConvert and small emulations of what AWS does between them
 * (EventBridge rules, Lambda SQS event source mappings, the watchdog schedule).
 *
 *   s3rver ──object created──► LocalEventBridge ──► ingest queue ──► ingest handler ──► engine
 *   engine ──job state change─► LocalEventBridge ──► job-events queue ──► job-events handler
 *   job-events handler ──► notify queue ──► notify-delivery handler ──► SQS / SNS / HTTP
 *   control API (node:http) ──► api handler
 */
import os from 'node:os';
import path from 'node:path';
import type { EngineHandle, ServiceWiring } from './service';
import {
  loadOrCreateCallbackSecret,
  prepareDataDir,
  readEndpointsFile,
  removeEndpointsFile,
  writeEndpointsFile,
} from './data-dir';
import { createLocalAwsClients, type LocalAwsClients } from './endpoints/clients';
import { startLocalEndpoints, type LocalEndpoints } from './endpoints/start';
import { decodeS3EventKey } from '../lambdas/adapters/s3-event';
import { WORK_QUEUES } from '../lambdas/contract';
import { LocalEventBridge } from './event-bridge';
import { startSqsEventSource, type EventSource } from './event-source';
import { removeEndpointsRecord, writeEndpointsRecord } from './endpoints-record';
import { preferPort } from './ports';
import { isProcessAlive } from './process-alive';
import { waitForEmptyQueue } from './queue-drain';
import { readRecoveryMark, writeRecoveryMark } from './recovery-mark';
import { startSchedule } from './schedule';
import { LOCAL_STACK_ID, ensureLocalResources, expireWorkObjects, type LocalResources } from './resources';

export const DEFAULT_API_PORT = 8787;
/** How often the local runtime sweeps task outboxes, and how old an event must be to be swept. */
const LOCAL_OUTBOX_SWEEP_INTERVAL_MS = 1000;
const LOCAL_OUTBOX_SWEEP_AGE_MS = 5000;

export interface LocalRuntimeOptions {
  dataDir: string;
  /** Delete tables, objects and scratch files first. */
  reset?: boolean;
  /** Control API port; default 8787, 0 = any free port. A busy port is replaced by a free one. */
  apiPort?: number;
  /**
   * Also record the endpoints in this file (the per-user record the CLI reads from any directory, see
   * ./endpoints-record.ts); removed on stop. `npm start` passes the default location. @default none
   */
  userEndpointsFile?: string;
  /**
   * Endpoint ports. Default: apiPort+1 (S3), +2 (SQS/SNS), +3 (DynamoDB) when apiPort is fixed and
   * they are free, otherwise any free port. 0 = any free port.
   */
  s3Port?: number;
  sqsPort?: number;
  dynamodbPort?: number;
  /** Parallel ffmpeg jobs; default the number of CPU cores. */
  concurrency?: number;
  /** How often the watchdog runs; default 60 s. */
  watchdogIntervalMs?: number;
  /** Seed the presets and the demo schema; default true. */
  seedDemo?: boolean;
  /** Visibility timeout of the work queues (how soon a failed message is retried); default 30 s. */
  retryDelaySeconds?: number;
  /** The service to run; default the real one (./wiring). Tests of the shell pass their own. */
  service?: ServiceWiring;
  /** Progress and problems; default console. */
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export interface LocalRuntime {
  dataDir: string;
  region: string;
  stackId: string;
  /** `console`: the web console, when the API serves it (the real service does). */
  urls: { api: string; console?: string; s3: string; sqs: string; sns: string; dynamodb: string };
  credentials: { accessKeyId: string; secretAccessKey: string };
  clients: LocalAwsClients;
  resources: LocalResources;
  eventBridge: LocalEventBridge;
  engine: EngineHandle;
  callbackSecret: string;
  endpointsFile: string;
  /** The per-user endpoints record, when one was asked for. */
  userEndpointsFile?: string;
  /** Runs the watchdog once now (it also runs on its interval). */
  runWatchdog(): Promise<void>;
  /**
   * Stops everything. By default running jobs are killed silently and their subtasks stay PROCESSING
   * (as after a crash). With `abortJobs` (Ctrl-C in `npm start`) the engine first cancels its queued and
   * running jobs as CancelJob would, and the runtime waits (up to `abortWaitMs`, default 15 s) until the
   * job-events handler has recorded them: their subtasks end ABORTED.
   */
  stop(opts?: StopOptions): Promise<void>;
}

/** How {@link LocalRuntime.stop} treats the jobs still running. */
export interface StopOptions {
  /** Cancel queued and running jobs and record their subtasks ABORTED before stopping. @default false */
  abortJobs?: boolean;
  /** How long to wait for the cancellations to be recorded. @default 15000 */
  abortWaitMs?: number;
}

export async function startLocalRuntime(opts: LocalRuntimeOptions): Promise<LocalRuntime> {
  const log =
    opts.log ??
    ((level, message) => (level === 'info' ? console.log(message) : console.error(`[${level}] ${message}`)));
  const dataDir = path.resolve(opts.dataDir);
  assertNotRunning(dataDir);
  prepareDataDir(dataDir, { reset: opts.reset });

  // Everything started so far, stopped in reverse order on stop() or on a failed start.
  const stack: Array<{ name: string; stop: () => Promise<void> | void }> = [];
  const stopAll = async () => {
    for (const item of stack.reverse()) {
      try {
        await item.stop();
      } catch (err) {
        log('warn', `stopping ${item.name}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    stack.length = 0;
  };

  try {
    const apiPort = opts.apiPort ?? DEFAULT_API_PORT;
    const near = (offset: number) => (apiPort ? apiPort + offset : 0);
    const busy = (what: string) => (port: number) =>
      log('warn', `port ${port} is busy; ${what} uses another port`);
    const endpoints: LocalEndpoints = await startLocalEndpoints({
      dataDir,
      s3Port: await preferPort(opts.s3Port ?? near(1), busy('S3')),
      sqsPort: await preferPort(opts.sqsPort ?? near(2), busy('SQS/SNS')),
      dynamodbPort: await preferPort(opts.dynamodbPort ?? near(3), busy('DynamoDB')),
    });
    stack.push({ name: 'endpoints', stop: () => endpoints.stop() });
    const clients = createLocalAwsClients(endpoints);
    stack.push({ name: 'clients', stop: () => clients.destroy() });

    const service: ServiceWiring = opts.service ?? (await import('./wiring')).SERVICE;
    const retry = opts.retryDelaySeconds ?? 30;
    const resources = await ensureLocalResources(clients, {
      table: service.table,
      queues: {
        ingest: { visibilityTimeoutSeconds: retry },
        jobEvents: { visibilityTimeoutSeconds: retry },
        notify: { visibilityTimeoutSeconds: retry },
      },
    });
    const callbackSecret = loadOrCreateCallbackSecret(dataDir);
    // The AWS stack expires companion outputs after a day with a lifecycle rule; s3rver has none.
    const expired = await expireWorkObjects(clients, resources.workBucket);
    if (expired > 0) log('info', `removed ${expired} work object(s) older than a day`);

    const eventBridge = new LocalEventBridge({
      sqs: clients.sqs,
      region: endpoints.region,
      stackId: LOCAL_STACK_ID,
      // Like the stack's rule: uploads to the trigger bucket only (not the work bucket's companions).
      triggerBuckets: [resources.bucket],
      ingestQueueUrl: resources.ingestQueue.url,
      jobEventsQueueUrl: resources.jobEventsQueue.url,
      onDeliveryFailure: (err, event) =>
        log(
          'error',
          `event ${event['detail-type']} ${event.id} lost: ${err instanceof Error ? err.message : err}`,
        ),
    });
    stack.push({ name: 'event bridge', stop: () => eventBridge.flush() });
    // One line per upload and per finished job, so `npm start` shows what happens.
    eventBridge.onForward((rule, event) => {
      const detail = event.detail as {
        bucket?: { name: string };
        object?: { key: string };
        status?: string;
        jobId?: string;
        userMetadata?: Record<string, string>;
        errorMessage?: string;
      };
      if (rule === 'ingest') {
        log('info', `upload  s3://${detail.bucket?.name}/${decodeS3EventKey(detail.object?.key ?? '')}`);
      } else if (detail.status === 'COMPLETE' || detail.status === 'ERROR' || detail.status === 'CANCELED') {
        const m = detail.userMetadata ?? {};
        const why = detail.status === 'ERROR' ? `: ${detail.errorMessage ?? ''}` : '';
        log(
          'info',
          `job     ${detail.jobId} ${detail.status} (task ${m.mpsTaskId} subtask ${m.mpsSubtaskNo})${why}`,
        );
      }
    });

    const wired = await service.wire({
      dataDir,
      endpoints,
      clients,
      resources,
      region: endpoints.region,
      stackId: LOCAL_STACK_ID,
      callbackSecret,
      concurrency: opts.concurrency ?? Math.max(1, os.availableParallelism?.() ?? os.cpus().length),
      workDir: path.join(dataDir, 'work'),
      onJobEvent: (event) => {
        eventBridge.putJobStateEvent(event);
      },
      log,
    });
    stack.push({ name: 'service clients', stop: () => wired.close() });
    stack.push({ name: 'engine', stop: () => wired.engine.shutdown() });
    if (wired.ai) stack.push({ name: 'AI engine', stop: () => wired.ai!.shutdown() });

    if (opts.seedDemo ?? true) await wired.seed();

    // Uploads → EventBridge → ingest queue, subscribed after resources exist and handlers are wired.
    const liveSince = new Date();
    const unsubscribe = endpoints.onS3Event((record) => {
      eventBridge.putS3Record(record);
    });
    stack.push({ name: 'S3 events', stop: unsubscribe });

    // What the last stop (a crash included) left in flight: the queues are in memory and jobs ran in
    // this process. Uploads from before liveSince had their events then; the recovery covers them.
    const lastMark = readRecoveryMark(dataDir);
    const recovered = await wired.recover({ before: liveSince, ...(lastMark ? { after: lastMark } : {}) });
    writeRecoveryMark(dataDir, liveSince);
    if (recovered.uploadTasks + recovered.resubmitted + recovered.started + recovered.relayedEvents > 0) {
      log(
        'info',
        `recovered after the last stop: ${recovered.uploadTasks} task(s) for uploads whose event was lost, ` +
          `${recovered.resubmitted} subtask(s) re-submitted, ${recovered.started} task(s) started, ` +
          `${recovered.relayedEvents} pending event(s) sent`,
      );
    }

    const sources: EventSource[] = [
      startSqsEventSource({
        name: 'mps-local-ingest',
        sqs: clients.sqs,
        queueUrl: resources.ingestQueue.url,
        queueArn: resources.ingestQueue.arn,
        region: endpoints.region,
        handler: wired.handlers.ingest,
        batchSize: 5,
        concurrency: 2,
        timeoutMs: WORK_QUEUES.ingest.handlerTimeoutSeconds * 1000,
      }),
      startSqsEventSource({
        name: 'mps-local-job-events',
        sqs: clients.sqs,
        queueUrl: resources.jobEventsQueue.url,
        queueArn: resources.jobEventsQueue.arn,
        region: endpoints.region,
        handler: wired.handlers.jobEvents,
        batchSize: 10,
        timeoutMs: WORK_QUEUES.jobEvents.handlerTimeoutSeconds * 1000,
      }),
      startSqsEventSource({
        name: 'mps-local-notify-delivery',
        sqs: clients.sqs,
        queueUrl: resources.notifyQueue.url,
        queueArn: resources.notifyQueue.arn,
        region: endpoints.region,
        handler: wired.handlers.notifyDelivery,
        batchSize: 10,
        concurrency: 2,
        timeoutMs: WORK_QUEUES.notify.handlerTimeoutSeconds * 1000,
      }),
    ];
    stack.push({
      name: 'event sources',
      stop: async () => void (await Promise.all(sources.map((s) => s.stop()))),
    });

    const watchdog = startSchedule(
      'watchdog',
      () => wired.handlers.watchdog(),
      opts.watchdogIntervalMs ?? 60_000,
      log,
    );
    stack.push({ name: 'watchdog', stop: () => watchdog.stop() });
    // Task events a failed enqueue left in an outbox (the writer relays the rest at once).
    const outbox = startSchedule(
      'outbox',
      () => wired.handlers.relayOutbox(LOCAL_OUTBOX_SWEEP_AGE_MS),
      LOCAL_OUTBOX_SWEEP_INTERVAL_MS,
      log,
    );
    stack.push({ name: 'outbox relay', stop: () => outbox.stop() });

    const api = await wired.startApi(await preferPort(apiPort, busy('the control API')));
    stack.push({ name: 'control API', stop: () => api.close() });

    const urls = {
      api: api.url,
      ...(api.consoleUrl ? { console: api.consoleUrl } : {}),
      s3: endpoints.s3,
      sqs: endpoints.sqs,
      sns: endpoints.sns,
      dynamodb: endpoints.dynamodb,
    };
    const record = {
      ...urls,
      region: endpoints.region,
      accessKeyId: endpoints.accessKeyId,
      secretAccessKey: endpoints.secretAccessKey,
      eventsQueueUrl: resources.eventsQueue.url,
      bucket: resources.bucket,
      tableName: resources.tableName,
      dataDir,
      pid: process.pid,
      startedAt: new Date().toISOString(),
    };
    const endpointsFile = writeEndpointsFile(dataDir, record);
    stack.push({ name: 'endpoints.json', stop: () => removeEndpointsFile(dataDir) });
    const userFile = opts.userEndpointsFile;
    if (userFile) {
      writeEndpointsRecord(userFile, record);
      stack.push({ name: userFile, stop: () => removeEndpointsRecord(userFile) });
    }

    // Cancellations go through the same path as CancelJob: engine → CANCELED event → job-events queue →
    // job-events handler (still polling) → ABORTED; then the queue is empty.
    const abortJobs = async (waitMs: number) => {
      const canceled = (await wired.engine.cancelAll()) + ((await wired.ai?.cancelAll()) ?? 0);
      if (canceled === 0) return;
      await eventBridge.flush();
      if (!(await waitForEmptyQueue(clients.sqs, resources.jobEventsQueue.url, waitMs))) {
        log('warn', `the cancellation of ${canceled} job(s) was not recorded within ${waitMs} ms`);
      }
    };

    let stopping: Promise<void> | undefined;
    return {
      dataDir,
      region: endpoints.region,
      stackId: LOCAL_STACK_ID,
      urls,
      credentials: { accessKeyId: endpoints.accessKeyId, secretAccessKey: endpoints.secretAccessKey },
      clients,
      resources,
      eventBridge,
      engine: wired.engine,
      callbackSecret,
      endpointsFile,
      ...(userFile ? { userEndpointsFile: userFile } : {}),
      runWatchdog: () => watchdog.runNow(),
      stop(stopOpts = {}) {
        const aborting = stopOpts.abortJobs
          ? abortJobs(stopOpts.abortWaitMs ?? 15_000).catch((err) =>
              log('warn', `canceling jobs: ${err instanceof Error ? err.message : String(err)}`),
            )
          : Promise.resolve();
        return (stopping ??= aborting.then(stopAll));
      },
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** Two runtimes on one data dir would fight over the LevelDB lock and the ports. */
function assertNotRunning(dataDir: string): void {
  let existing;
  try {
    existing = readEndpointsFile(dataDir);
  } catch {
    return;
  }
  if (!existing || existing.pid === process.pid) return;
  // A stale file from a runtime that was killed.
  if (!isProcessAlive(existing.pid)) return;
  throw new Error(
    `another local runtime (pid ${existing.pid}) is using ${dataDir}; stop it first or pass a different --data-dir`,
  );
}
