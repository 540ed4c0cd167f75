import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

/**
 * Runs `handleRecord` for every record and reports the ones that threw as `batchItemFailures`
 * (ReportBatchItemFailures), so only they return to the queue (and reach its DLQ after
 * maxReceiveCount). A fresh processor per invocation keeps concurrent invocations (local runtime) apart.
 */
async function processSqsBatch(
  event: SQSEvent,
  context: Context | undefined,
  handleRecord: (record: SQSRecord) => Promise<void>,
  opts: { parallel: boolean },
): Promise<SQSBatchResponse> {
  const processor = new BatchProcessor(EventType.SQS);
  return processPartialResponse(event, handleRecord, processor, {
    ...(context ? { context } : {}),
    processInParallel: opts.parallel,
    throwOnFullBatchFailure: false,
  });
}

export interface SqsRecordHandlerOptions {
  /** Process the records of a batch concurrently. */
  parallel: boolean;
  /** Called with each record that failed (it returns to the queue); log it here. */
  onFailure(record: SQSRecord, error: unknown): void;
  /** Metric counting the failed records of each batch, published with `metrics`. */
  failureMetric: string;
  /** Metric counting the records of each batch that succeeded. */
  successMetric?: string;
  metrics?: Metrics;
}

/** An SQS-triggered Lambda handler over `handleRecord`, with partial batch failures and a failure metric. */
export function sqsRecordHandler(
  handleRecord: (record: SQSRecord) => Promise<void>,
  opts: SqsRecordHandlerOptions,
): (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse> {
  return async (event, context) => {
    const response = await processSqsBatch(
      event,
      context,
      async (record) => {
        try {
          await handleRecord(record);
        } catch (err) {
          opts.onFailure(record, err);
          throw err;
        }
      },
      { parallel: opts.parallel },
    );
    const failed = response.batchItemFailures.length;
    opts.metrics?.addMetric(opts.failureMetric, MetricUnit.Count, failed);
    if (opts.successMetric)
      opts.metrics?.addMetric(opts.successMetric, MetricUnit.Count, event.Records.length - failed);
    opts.metrics?.publishStoredMetrics();
    return response;
  };
}

/** The JSON body of a record; throws a clear error for a body that is not JSON. */
export function jsonBody(record: SQSRecord): unknown {
  try {
    return JSON.parse(record.body);
  } catch {
    throw new Error(`message ${record.messageId} body is not JSON`);
  }
}
