import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { parseUploadEvents } from '../adapters/s3-event';
import type { Log } from '../core/ports';
import type { IngestService } from '../services/ingest-service';
import { errorInfo } from '../services/log';
import { jsonBody, sqsRecordHandler } from './sqs-batch';

export interface IngestEntryDeps {
  ingest: IngestService;
  logger: Log;
  metrics?: Metrics;
}

/**
 * ingest: SQS batch of EventBridge S3 "Object Created" events → tasks + MediaConvert jobs. Keys arrive
 * URL-encoded, from S3 and from the local runtime alike.
 */
export function ingestEntry(deps: IngestEntryDeps) {
  return sqsRecordHandler(
    async (record) => {
      for (const upload of parseUploadEvents(jsonBody(record), { keysEncoded: true })) {
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
