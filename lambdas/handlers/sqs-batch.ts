import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

/**
 * Runs `handleRecord` for every record and reports the ones that threw as `batchItemFailures`
 * (ReportBatchItemFailures), so only they return to the queue (and reach its DLQ after
 * maxReceiveCount). A fresh processor per invocation keeps concurrent invocations (local runtime) apart.
 */
export async function processSqsBatch(
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

/** The JSON body of a record; throws a clear error for a body that is not JSON. */
export function jsonBody(record: SQSRecord): unknown {
  try {
    return JSON.parse(record.body);
  } catch {
    throw new Error(`message ${record.messageId} body is not JSON`);
  }
}
