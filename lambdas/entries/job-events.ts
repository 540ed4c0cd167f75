import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Log } from '../core/ports';
import type { JobEventService } from '../services/job-event-service';
import { errorInfo } from '../services/log';
import { jsonBody, sqsRecordHandler } from './sqs-batch';

export interface JobEventsEntryDeps {
  jobEvents: JobEventService;
  logger: Log;
  metrics?: Metrics;
}

/** job-events: SQS batch of EventBridge "MediaConvert Job State Change" events → task updates. */
export function jobEventsEntry(deps: JobEventsEntryDeps) {
  return sqsRecordHandler(
    async (record) => {
      const outcome = await deps.jobEvents.handle(jsonBody(record) as { detail?: unknown; time?: string });
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
