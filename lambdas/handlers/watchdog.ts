/**
 * watchdog (scheduled): fails subtasks stuck in WAITING/PROCESSING longer than STUCK_SUBTASK_MINUTES
 * with code InternalError.Timeout; submits nothing. Env: TABLE_NAME, STUCK_SUBTASK_MINUTES,
 * NOTIFY_QUEUE_URL, DEFAULT_NOTIFY_FUNCTION.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createDocumentClient } from '../adapters/aws-clients';
import { createDynamoStores } from '../adapters/dynamo-stores';
import { watchdogConfig } from '../config';
import { WatchdogService } from '../services/watchdog-service';
import { createNotifyingUpdater } from '../services/notifying-updater';

export interface WatchdogHandlerDeps {
  watchdog: WatchdogService;
  logger: Logger;
  metrics?: Metrics;
}

/** The watchdog handler (the event is the EventBridge schedule event and is not used). */
export function createWatchdogHandler(deps: WatchdogHandlerDeps) {
  return async (): Promise<{ failedSubtasks: number }> => {
    const failedSubtasks = await deps.watchdog.run();
    deps.logger.info('watchdog run finished', { failedSubtasks });
    deps.metrics?.addMetric('StuckSubtasksFailed', MetricUnit.Count, failedSubtasks);
    deps.metrics?.publishStoredMetrics();
    return { failedSubtasks };
  };
}

const config = watchdogConfig();
const logger = new Logger();
const stores = createDynamoStores(createDocumentClient(), config.tableName);

/** Lambda entry point (EventBridge schedule). */
export const handler = createWatchdogHandler({
  watchdog: new WatchdogService({
    tasks: stores.tasks,
    updater: createNotifyingUpdater(stores.tasks, {
      sqs: new SQSClient({}),
      notifyQueueUrl: config.notifyQueueUrl,
      ...(config.defaultNotifyFunction ? { defaultNotifyFunction: config.defaultNotifyFunction } : {}),
    }),
    stuckSubtaskMinutes: config.stuckSubtaskMinutes,
    log: logger,
  }),
  logger,
  metrics: new Metrics(),
});
