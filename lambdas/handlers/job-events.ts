/**
 * job-events: SQS batch of EventBridge "MediaConvert Job State Change" events → task updates,
 * sprite composition, notifications. Env: TABLE_NAME, STACK_ID, NOTIFY_QUEUE_URL, DEFAULT_NOTIFY_FUNCTION.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createDocumentClient } from '../adapters/aws-clients';
import { createDynamoStores } from '../adapters/dynamo-stores';
import { S3SpriteComposer } from '../adapters/sprite-composer';
import { jobEventsConfig } from '../config';
import { JobEventService } from '../services/job-event-service';
import { errorInfo } from '../services/log';
import { createNotifyingUpdater } from '../services/notifying-updater';
import { jsonBody, sqsRecordHandler } from './sqs-batch';

export interface JobEventsHandlerDeps {
  jobEvents: JobEventService;
  logger: Logger;
  metrics?: Metrics;
}

/** The job-events handler over the given service (the local runtime wires its own). */
export function createJobEventsHandler(deps: JobEventsHandlerDeps) {
  return sqsRecordHandler(
    async (record) => {
      const body = jsonBody(record) as { detail?: unknown; time?: string };
      const outcome = await deps.jobEvents.handle(body);
      if (outcome === 'ignored') deps.logger.info('event ignored (not a job of ours or a status we skip)');
    },
    {
      // Events of one job may share a batch; optimistic locking serialises them, parallel is safe.
      parallel: true,
      onFailure: (record, err) =>
        deps.logger.error('job event failed; it will be retried', {
          messageId: record.messageId,
          ...errorInfo(err),
        }),
      failureMetric: 'JobEventFailed',
      ...(deps.metrics ? { metrics: deps.metrics } : {}),
    },
  );
}

const config = jobEventsConfig();
const logger = new Logger();
const metrics = new Metrics();
const stores = createDynamoStores(createDocumentClient(), config.tableName);
const updater = createNotifyingUpdater(stores.tasks, {
  sqs: new SQSClient({}),
  notifyQueueUrl: config.notifyQueueUrl,
  ...(config.defaultNotifyFunction ? { defaultNotifyFunction: config.defaultNotifyFunction } : {}),
});

/** Lambda entry point (SQS event source with ReportBatchItemFailures). */
export const handler = createJobEventsHandler({
  jobEvents: new JobEventService({
    tasks: stores.tasks,
    updater,
    stackId: config.stackId,
    sprites: new S3SpriteComposer(new S3Client({}), stores.templates),
    log: logger,
  }),
  logger,
  metrics,
});
