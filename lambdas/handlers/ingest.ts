/**
 * ingest: SQS batch of EventBridge S3 "Object Created" events → tasks + MediaConvert jobs.
 * Env: TABLE_NAME, STACK_ID, MEDIACONVERT_ROLE_ARN, MEDIACONVERT_ENDPOINT, MEDIACONVERT_QUEUE_ARN,
 * MEDIACONVERT_ACCELERATION, WORK_BUCKET, NOTIFY_QUEUE_URL, DEFAULT_NOTIFY_FUNCTION (see lambdas/config.ts).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createDocumentClient } from '../adapters/aws-clients';
import { createDynamoStores } from '../adapters/dynamo-stores';
import { createMediaConvertClient, MediaConvertJobSubmitter } from '../adapters/mediaconvert-submitter';
import { parseUploadEvents } from '../adapters/s3-event';
import { createS3SourceProbe } from '../adapters/source-probe';
import { ingestConfig } from '../config';
import type { IngestService } from '../services/ingest-service';
import { errorInfo } from '../services/log';
import { createTaskServices } from '../services/wiring';
import { jsonBody, sqsRecordHandler } from './sqs-batch';

export interface IngestHandlerDeps {
  ingest: IngestService;
  /** Keys in the events are URL-encoded (always true for S3 events, also in the local runtime). */
  keysEncoded: boolean;
  logger: Logger;
  metrics?: Metrics;
}

/** The ingest handler over the given service (the local runtime wires its own). */
export function createIngestHandler(deps: IngestHandlerDeps) {
  return sqsRecordHandler(
    async (record) => {
      const uploads = parseUploadEvents(jsonBody(record), { keysEncoded: deps.keysEncoded });
      for (const upload of uploads) {
        const result = await deps.ingest.ingest(upload);
        deps.metrics?.addMetric(
          'TasksCreated',
          MetricUnit.Count,
          result.tasks.filter((t) => t.created).length,
        );
      }
    },
    {
      // Sequential: two deliveries of one upload in a batch must not race each other's submission.
      parallel: false,
      onFailure: (record, err) =>
        deps.logger.error('upload event failed; it will be retried, then dead-lettered', {
          messageId: record.messageId,
          receiveCount: record.attributes?.ApproximateReceiveCount,
          ...errorInfo(err),
        }),
      failureMetric: 'IngestFailed',
      ...(deps.metrics ? { metrics: deps.metrics } : {}),
    },
  );
}

const config = ingestConfig();
const logger = new Logger();
const metrics = new Metrics();
const doc = createDocumentClient();
const services = createTaskServices({
  stores: createDynamoStores(doc, config.tableName),
  sqs: new SQSClient({}),
  notifyQueueUrl: config.notifyQueueUrl,
  ...(config.defaultNotifyFunction ? { defaultNotifyFunction: config.defaultNotifyFunction } : {}),
  submitter: new MediaConvertJobSubmitter(
    createMediaConvertClient({ endpoint: config.mediaConvert.endpoint }),
  ),
  probe: createS3SourceProbe(new S3Client({})),
  jobs: config.jobs,
  log: logger,
  onRetryableSubmitError: () => metrics.addMetric('SubmitRetry', MetricUnit.Count, 1),
});

/** Lambda entry point (SQS event source with ReportBatchItemFailures). */
export const handler = createIngestHandler({ ingest: services.ingest, keysEncoded: true, logger, metrics });
