import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { Log } from '../core/ports';
import type { WatchdogService } from '../services/watchdog-service';

export interface WatchdogEntryDeps {
  watchdog: WatchdogService;
  logger: Log;
  metrics?: Metrics;
}

/** watchdog (scheduled; the schedule event itself is not used): fails subtasks stuck too long. */
export function watchdogEntry(deps: WatchdogEntryDeps) {
  return async (): Promise<{ failedSubtasks: number }> => {
    const failedSubtasks = await deps.watchdog.run();
    deps.logger.info('watchdog run finished', { failedSubtasks });
    deps.metrics?.addMetric('StuckSubtasksFailed', MetricUnit.Count, failedSubtasks);
    deps.metrics?.publishStoredMetrics();
    return { failedSubtasks };
  };
}
