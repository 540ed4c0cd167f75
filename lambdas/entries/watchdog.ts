import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { Log } from '../core/ports';
import type { WatchdogService } from '../services/watchdog-service';

export interface WatchdogEntryDeps {
  watchdog: WatchdogService;
  logger: Log;
  metrics?: Metrics;
}

/**
 * watchdog (scheduled; the schedule event itself is not used): asks MediaConvert about subtasks without
 * news for too long; recovers lost job events, fails what is lost or ran too long.
 */
export function watchdogEntry(deps: WatchdogEntryDeps) {
  return async (): Promise<{
    failedSubtasks: number;
    recoveredSubtasks: number;
    runningSubtasks: number;
  }> => {
    const { failed, recovered, running } = await deps.watchdog.run();
    const result = { failedSubtasks: failed, recoveredSubtasks: recovered, runningSubtasks: running };
    deps.logger.info('watchdog run finished', result);
    deps.metrics?.addMetric('StuckSubtasksFailed', MetricUnit.Count, failed);
    deps.metrics?.addMetric('JobEventsRecovered', MetricUnit.Count, recovered);
    deps.metrics?.publishStoredMetrics();
    return result;
  };
}
