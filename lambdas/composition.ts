/**
 * The composition root: every function of the service assembled from configuration (lambdas/config.ts),
 * SDK clients, adapters (lambdas/adapters) and services (lambdas/services), in this one file. AWS
 * (lambdas/platform/aws.ts, used by lambdas/handlers/*) and the local runtime (local/platform.ts) call
 * the same builders; a {@link Platform} holds the few things that differ between them.
 *
 * One builder per function, each reading only the configuration its function needs when it is called
 * (at module load in Lambda, so a misconfigured function fails at once with a ConfigError). A Lambda
 * bundle keeps only the builder its handler calls: esbuild drops the others and their SDK clients.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { RekognitionClient } from '@aws-sdk/client-rekognition';
import { TranscribeClient } from '@aws-sdk/client-transcribe';
import type { AwsCredentialIdentity } from '@smithy/types';
import { AiNotDeployedEngine, AWS_UNAVAILABLE_ITEMS } from './adapters/ai-not-deployed';
import { AwsAiEngine } from './adapters/aws-ai-engine';
import { createDocumentClient } from './adapters/aws-clients';
import { createDynamoStores } from './adapters/dynamo-stores';
import { createHttpNotifier } from './adapters/http-notifier';
import {
  createMediaConvertClient,
  type MediaConvertApi,
  MediaConvertJobSubmitter,
} from './adapters/mediaconvert-submitter';
import { createNotifier } from './adapters/notifiers';
import { createSecretProvider } from './adapters/secret';
import { createS3SourceProbe } from './adapters/source-probe';
import { S3SpriteComposer } from './adapters/sprite-composer';
import { SqsDeliveryDeadLetterSink } from './adapters/sqs-dead-letter-sink';
import { SqsDeadLetteredDeliveries } from './adapters/sqs-dead-letters';
import { S3ObjectHead } from './adapters/s3-object-head';
import { S3ObjectLister } from './adapters/s3-object-lister';
import { S3ObjectStat } from './adapters/s3-object-stat';
import { S3Transfers } from './adapters/s3-transfers';
import { SqsDeliveryQueue } from './adapters/sqs-delivery-queue';
import { SqsJobEventQueue } from './adapters/sqs-job-event-queue';
import { SqsRetryScheduler } from './adapters/sqs-retry-scheduler';
import type { ApiDeps } from './api';
import {
  allowPrivateCallbackUrls,
  awsAiDeployed,
  awsAiSettings,
  callbackSecretConfig,
  deliveryDeadLetterConfig,
  type Env,
  jobEventsQueueUrl,
  jobSettings,
  maxJobMinutes,
  mediaConvertEndpoint,
  notifyConfig,
  notifyDlqUrl,
  stackBuckets,
  stackId,
  stuckSubtaskMinutes,
  tableName,
} from './config';
import { backendRequests } from './core/ai/aws/backend-requests';
import { subtaskOutputPrefix } from './core/naming/output-paths';
import type {
  FunctionTargets,
  MediaAiEngine,
  Notifier,
  ObjectHeadReader,
  Stores,
  TaskStore,
} from './core/ports';
import type { IngestEntryDeps } from './entries/ingest';
import type { JobEventsEntryDeps } from './entries/job-events';
import type { NotifyDeliveryEntryDeps } from './entries/notify-delivery';
import type { SeedEntryDeps } from './entries/seed';
import type { WatchdogEntryDeps } from './entries/watchdog';
import { CatalogService } from './services/catalog-service';
import { type DeliveryBackoff, DeliveryService } from './services/delivery-service';
import { AiCompletionService } from './services/ai-completion-service';
import { JobEventService } from './services/job-event-service';
import { errorInfo } from './services/log';
import type { NotifyWiring } from './services/notifying-updater';
import { createNotifyingUpdater, createOutboxRelay } from './services/notifying-updater';
import { SeedService } from './services/seed-service';
import { createTaskServices } from './services/task-services';
import { RecoveryService } from './services/recovery-service';
import { WatchdogService } from './services/watchdog-service';

/** The functions of the service (one Lambda function each in AWS). */
export type FunctionName =
  'ingest' | 'job-events' | 'notify-delivery' | 'watchdog' | 'seed' | 'api' | 'recovery';

/** The AWS services the functions call through SDK clients. */
export type AwsService =
  | 'dynamodb'
  | 's3'
  | 'sqs'
  | 'sns'
  | 'lambda'
  | 'secretsmanager'
  | 'mediaconvert'
  | 'rekognition'
  | 'transcribe';

/** Constructor settings of an SDK client (a subset every client, or S3 for the S3-only ones, accepts). */
export interface ClientSettings {
  region?: string;
  endpoint?: string;
  credentials?: AwsCredentialIdentity;
  maxAttempts?: number;
  /** S3 only. */
  forcePathStyle?: boolean;
  /** S3 only. */
  requestChecksumCalculation?: 'WHEN_SUPPORTED' | 'WHEN_REQUIRED';
  /** S3 only. */
  responseChecksumValidation?: 'WHEN_SUPPORTED' | 'WHEN_REQUIRED';
}

/** An SDK client the composition built, as the platform hook sees it (SQS clients with their type). */
export type BuiltClient =
  | { service: 'sqs'; client: SQSClient }
  | { service: Exclude<AwsService, 'sqs'>; client: { destroy(): void } };

/** What differs between AWS and the local runtime. */
export interface Platform {
  /** The configuration lambdas/config.ts reads: process.env in Lambda, a plain object locally. */
  readonly env: Env;
  /** SDK client settings per service: none in Lambda (the runtime supplies region and credentials). */
  clientSettings(service: AwsService): ClientSettings;
  /** Called with every SDK client built here (local: rewrites queue URLs, closes clients on stop). */
  onClient?(built: BuiltClient): void;
  /** The logger of a function. */
  logger(fn: FunctionName): Logger;
  /** The CloudWatch metrics (EMF) of a function; locally none. */
  metrics?(fn: FunctionName): Metrics;
  /** MediaConvert: by default the SDK client on MEDIACONVERT_ENDPOINT; locally the ffmpeg engine. */
  readonly mediaConvert?: MediaConvertApi;
  /**
   * The AI engine of ContentReview, AiRecognition and AiAnalysis subtasks: by default the AWS adapter
   * (adapters/aws-ai-engine.ts); locally the offline engines of local/ai/.
   */
  readonly mediaAi?: MediaAiEngine;
  /**
   * Delays between delivery attempts; default AWS_DELIVERY_BACKOFF (services/delivery-service.ts). The local runtime shortens
   * them so that a dead callback reaches the DLQ in about a minute, after as many attempts as in AWS.
   */
  readonly deliveryBackoff?: DeliveryBackoff;
  /**
   * Function notification targets where there is no Lambda (local runtime: handler modules on disk);
   * schemas and tasks are then checked to name one that can be invoked. Default: Lambda functions.
   */
  readonly functionTargets?: FunctionTargets;
}

// ── the functions ─────────────────────────────────────────────────────────────────────────────────

/** ingest: upload events → tasks + MediaConvert jobs. */
export function ingestFunction(p: Platform): IngestEntryDeps {
  const logger = p.logger('ingest');
  const metrics = p.metrics?.('ingest');
  const sqs = sqsClient(p);
  const all = stores(p);
  const { ingest } = createTaskServices({
    ...taskSubmission(p, all.tasks),
    ...notifyWiring(p, sqs),
    stores: all,
    log: logger,
    onRetryableSubmitError: () => metrics?.addMetric('SubmitRetry', MetricUnit.Count, 1),
  });
  return { ingest, logger, ...(metrics ? { metrics } : {}) };
}

/** job-events: MediaConvert job-state changes → task updates, sprite sheets, notifications. */
export function jobEventsFunction(p: Platform): JobEventsEntryDeps {
  const logger = p.logger('job-events');
  const metrics = p.metrics?.('job-events');
  const { tasks, templates } = stores(p);
  const sqs = sqsClient(p);
  const jobEvents = new JobEventService({
    tasks,
    updater: createNotifyingUpdater(tasks, { ...notifyWiring(p, sqs), log: logger }),
    stackId: stackId(p.env),
    sprites: new S3SpriteComposer(
      client(p, 's3', (c) => new S3Client(c)),
      templates,
    ),
    log: logger,
  });
  const aiCompletions = new AiCompletionService({
    tasks,
    ai: aiEngine(p, tasks, { covers: true }),
    jobEvents,
    stackId: stackId(p.env),
    log: logger,
  });
  return { jobEvents, aiCompletions, logger, ...(metrics ? { metrics } : {}) };
}

/** notify-delivery: delivery messages → SQS, SNS, signed HTTPS callbacks, async Lambda invokes. */
export function notifyDeliveryFunction(p: Platform): NotifyDeliveryEntryDeps {
  const logger = p.logger('notify-delivery');
  const metrics = p.metrics?.('notify-delivery');
  const sqs = sqsClient(p);
  const dead = deliveryDeadLetterConfig(p.env);
  const delivery = new DeliveryService({
    notifier: notifier(p, sqs),
    retries: new SqsRetryScheduler(sqs),
    deadLetters: { sink: new SqsDeliveryDeadLetterSink(sqs, dead.dlqUrl), maxAttempts: dead.maxAttempts },
    ...(p.deliveryBackoff ? { backoff: p.deliveryBackoff } : {}),
    log: logger,
  });
  return { delivery, ...(metrics ? { metrics } : {}) };
}

/**
 * watchdog: relays task events left in outboxes, and asks MediaConvert about subtasks without news past
 * STUCK_SUBTASK_MINUTES (recovers lost events).
 */
export function watchdogFunction(p: Platform): WatchdogEntryDeps {
  const logger = p.logger('watchdog');
  const metrics = p.metrics?.('watchdog');
  const { tasks } = stores(p);
  const sqs = sqsClient(p);
  const notify = { ...notifyWiring(p, sqs), log: logger };
  const watchdog = new WatchdogService({
    tasks,
    updater: createNotifyingUpdater(tasks, notify),
    jobs: mediaConvertJobs(p),
    ai: aiEngine(p, tasks, { covers: true }),
    objects: new S3ObjectLister(client(p, 's3', (c) => new S3Client(c))),
    jobEvents: new SqsJobEventQueue(sqs, jobEventsQueueUrl(p.env)),
    stuckSubtaskMinutes: stuckSubtaskMinutes(p.env),
    maxJobMinutes: maxJobMinutes(p.env),
    log: logger,
  });
  const outbox = createOutboxRelay(tasks, notify);
  return { watchdog, outbox, logger, ...(metrics ? { metrics } : {}) };
}

/**
 * recovery: the local runtime's start-up recovery (its queues and jobs die with it; on AWS the queues
 * keep messages and MediaConvert keeps jobs, so no function runs this). See RecoveryService.
 */
export function recoveryFunction(p: Platform): { recovery: RecoveryService } {
  const logger = p.logger('recovery');
  const sqs = sqsClient(p);
  const all = stores(p);
  const submission = taskSubmission(p, all.tasks);
  const notify = { ...notifyWiring(p, sqs), log: logger };
  const services = createTaskServices({ ...submission, ...notify, stores: all, log: logger });
  const recovery = new RecoveryService({
    tasks: all.tasks,
    updater: services.updater,
    runner: services.runner,
    ingest: services.ingest,
    schemaCache: services.schemaCache,
    objects: new S3ObjectLister(client(p, 's3', (c) => new S3Client(c))),
    jobs: submission.submitter,
    ai: submission.ai,
    outbox: createOutboxRelay(all.tasks, notify),
    triggerBuckets: stackBuckets(p.env)?.trigger ?? [],
    log: logger,
  });
  return { recovery };
}

/** seed: the templates and schemas declared in the CDK app (or the local demo schema). */
export function seedFunction(p: Platform): SeedEntryDeps {
  return { seed: new SeedService({ catalog: catalog(p, stores(p)) }), logger: p.logger('seed') };
}

/** api: the control API (templates, schemas, tasks, explain, dead-lettered deliveries). */
export function apiFunction(p: Platform): ApiDeps {
  const logger = p.logger('api');
  const sqs = sqsClient(p);
  const all = stores(p);
  const submission = taskSubmission(p, all.tasks);
  const { control } = createTaskServices({
    ...submission,
    ...notifyWiring(p, sqs),
    stores: all,
    log: logger,
  });
  const dlqUrl = notifyDlqUrl(p.env);
  const buckets = stackBuckets(p.env);
  return {
    tasks: all.tasks,
    catalog: catalog(p, all, new S3ObjectHead(client(p, 's3', (c) => new S3Client(c)))),
    operations: control,
    probe: submission.probe,
    ...aiBackendRequestsOf(p),
    jobs: submission.jobs,
    // Presigned URLs carry no flexible checksum (an empty body's would refuse every real upload).
    transfers: new S3Transfers(
      client(p, 's3', (c) => new S3Client({ ...c, requestChecksumCalculation: 'WHEN_REQUIRED' })),
    ),
    ...(buckets ? { buckets } : {}),
    ...(dlqUrl
      ? {
          deliveries: new SqsDeadLetteredDeliveries(sqs, {
            dlqUrl,
            notifyQueueUrl: notifyConfig(p.env).notifyQueueUrl,
          }),
        }
      : {}),
    logError: (message, error) =>
      logger.error(message, { ...errorInfo(error), stack: error instanceof Error ? error.stack : undefined }),
  };
}

// ── shared parts ──────────────────────────────────────────────────────────────────────────────────

function client<C extends { destroy(): void }>(
  p: Platform,
  service: Exclude<AwsService, 'sqs'>,
  make: (settings: ClientSettings) => C,
): C {
  const built = make(p.clientSettings(service));
  p.onClient?.({ service, client: built });
  return built;
}

function sqsClient(p: Platform): SQSClient {
  const sqs = new SQSClient(p.clientSettings('sqs'));
  p.onClient?.({ service: 'sqs', client: sqs });
  return sqs;
}

function stores(p: Platform): Stores {
  const dynamodb = client(p, 'dynamodb', (c) => new DynamoDBClient(c));
  return createDynamoStores(createDocumentClient(dynamodb), tableName(p.env));
}

/** The catalog; with `watermarkImages`, watermark templates are checked against their image (api). */
function catalog(
  p: Platform,
  { templates, schemas }: Stores,
  watermarkImages?: ObjectHeadReader,
): CatalogService {
  const buckets = stackBuckets(p.env);
  return new CatalogService({
    templates,
    schemas,
    ...(watermarkImages ? { watermarkImages } : {}),
    allowPrivateCallbackUrls: allowPrivateCallbackUrls(p.env),
    ...(buckets ? { buckets } : {}),
    ...(p.functionTargets ? { functionTargets: p.functionTargets } : {}),
    // A stack deployed without its AI backends fails every AI subtask: refuse such items up front.
    ...(p.mediaAi || awsAiDeployed(p.env) ? {} : { unavailableItems: AWS_UNAVAILABLE_ITEMS }),
  });
}

function notifyWiring(p: Platform, sqs: SQSClient): NotifyWiring {
  const config = notifyConfig(p.env);
  return {
    queue: new SqsDeliveryQueue(sqs, config.notifyQueueUrl),
    ...(config.defaultNotifyFunction ? { defaultNotifyFunction: config.defaultNotifyFunction } : {}),
  };
}

/** MediaConvert's CreateJob, CancelJob and GetJob: the SDK client on MEDIACONVERT_ENDPOINT, or the platform's. */
function mediaConvertJobs(p: Platform): MediaConvertJobSubmitter {
  const mediaConvert =
    p.mediaConvert ??
    client(p, 'mediaconvert', (c) =>
      createMediaConvertClient({
        endpoint: c.endpoint ?? mediaConvertEndpoint(p.env),
        ...(c.region ? { region: c.region } : {}),
        ...(c.credentials ? { credentials: c.credentials } : {}),
      }),
    );
  return new MediaConvertJobSubmitter(mediaConvert);
}

/**
 * The AI engine: the platform's; else Rekognition and Transcribe when the stack deployed them (outputs
 * located through the task store); else one that fails AI subtasks with NotAvailableOnAws. With
 * `covers` (the functions that finish AI subtasks: job-events and watchdog) it also runs the covers'
 * MediaConvert frame captures, with the stack's job settings.
 */
function aiEngine(p: Platform, tasks: TaskStore, opts: { covers?: boolean } = {}): MediaAiEngine {
  if (p.mediaAi) return p.mediaAi;
  const settings = awsAiSettings(p.env);
  if (!settings) return new AiNotDeployedEngine();
  return new AwsAiEngine({
    ...(opts.covers ? { mediaConvert: mediaConvertJobs(p), jobs: jobSettings(p.env) } : {}),
    rekognition: client(p, 'rekognition', (c) => new RekognitionClient(c)),
    transcribe: client(p, 'transcribe', (c) => new TranscribeClient(c)),
    s3: client(p, 's3', (c) => new S3Client(c)),
    settings,
    outputOf: async ({ taskId, no, attempt }) => {
      const task = await tasks.get(taskId);
      const subtask = task?.subtasks.find((s) => s.no === no && s.attempt === attempt);
      return task && subtask
        ? {
            bucket: task.output.bucket,
            prefix: subtaskOutputPrefix(task, subtask),
            input: { bucket: task.input.bucket, key: task.input.key },
          }
        : undefined;
    },
  });
}

/** On AWS with AI backends: the Rekognition/Transcribe requests of an AI subtask, for GET /explain. */
function aiBackendRequestsOf(p: Platform): Pick<ApiDeps, 'aiBackendRequests'> {
  const settings = p.mediaAi ? undefined : awsAiSettings(p.env);
  if (!settings) return {};
  return {
    aiBackendRequests: (request) =>
      backendRequests(request, settings).map(({ api, input }) => ({ api, input })),
  };
}

/**
 * What creating and submitting tasks needs besides the stores: MediaConvert, the AI engine, the source
 * probe, job settings.
 */
function taskSubmission(p: Platform, tasks: TaskStore) {
  const s3 = client(p, 's3', (c) => new S3Client(c));
  return {
    jobs: jobSettings(p.env),
    submitter: mediaConvertJobs(p),
    ai: aiEngine(p, tasks),
    probe: createS3SourceProbe(s3),
    objects: new S3ObjectStat(s3),
  };
}

function notifier(p: Platform, sqs: SQSClient): Notifier {
  const secretConfig = callbackSecretConfig(p.env);
  const secret = createSecretProvider(
    'secretArn' in secretConfig
      ? {
          secretArn: secretConfig.secretArn,
          client: client(p, 'secretsmanager', (c) => new SecretsManagerClient(c)),
        }
      : { secretValue: secretConfig.secretValue },
  );
  return createNotifier({
    sqs,
    sns: client(p, 'sns', (c) => new SNSClient(c)),
    ...(p.functionTargets
      ? { functions: p.functionTargets }
      : { lambda: client(p, 'lambda', (c) => new LambdaClient(c)) }),
    http: createHttpNotifier({ secret, allowPrivate: allowPrivateCallbackUrls(p.env) }),
  });
}
