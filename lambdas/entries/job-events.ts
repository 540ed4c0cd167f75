import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Log } from '../core/ports';
import { isBackendMessage } from '../core/ai/aws/backend-events';
import type { AiCompletionService } from '../services/ai-completion-service';
import type { JobEventService } from '../services/job-event-service';
import { errorInfo } from '../services/log';
import { jsonBody, sqsRecordHandler } from './sqs-batch';

export interface JobEventsEntryDeps {
  jobEvents: JobEventService;
  /** Completions of Rekognition Video and Transcribe jobs (AI subtasks on AWS); without it they are ignored. */
  aiCompletions?: AiCompletionService;
  logger: Log;
  metrics?: Metrics;
}

/**
 * job-events: SQS batch of EventBridge "MediaConvert Job State Change" and "MPS AI Job State Change"
 * events, Rekognition Video notifications and "Transcribe Job State Change" events → task updates.
 */
export function jobEventsEntry(deps: JobEventsEntryDeps) {
  return sqsRecordHandler(
    async (record) => {
      const body = jsonBody(record);
      const outcome = isBackendMessage(body)
        ? ((await deps.aiCompletions?.handle(body)) ?? 'ignored')
        : await deps.jobEvents.handle(body as { detail?: unknown; time?: string });
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
