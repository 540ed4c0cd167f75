import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { OUTBOX_SWEEP_AGE_SECONDS, OUTBOX_SWEEP_INPUT } from '../contract';
import type { Log } from '../core/ports';
import type { OutboxRelay } from '../services/outbox-relay';
import type { WatchdogService } from '../services/watchdog-service';

export interface WatchdogEntryDeps {
  watchdog: WatchdogService;
  /** Relays task events a crash or a queue outage left in task outboxes. */
  outbox: OutboxRelay;
  logger: Log;
  metrics?: Metrics;
}

/** What one invocation did. */
export interface WatchdogRunResult {
  /** Outbox events relayed by the sweep. */
  relayedEvents: number;
  /** Absent on an outbox-only run. */
  failedSubtasks?: number;
  recoveredSubtasks?: number;
  runningSubtasks?: number;
}

/**
 * watchdog (scheduled). Every run sweeps task outboxes (events older than OUTBOX_SWEEP_AGE_SECONDS).
 * The main schedule then asks MediaConvert about subtasks without news for too long (recovers lost job
 * events, fails what is lost or ran too long); the one-minute schedule (input OUTBOX_SWEEP_INPUT) stops
 * there. A sweep that could not relay everything fails the invocation after the rest ran, so the
 * schedule's retries and the function's error alarm see it.
 */
export function watchdogEntry(deps: WatchdogEntryDeps) {
  return async (event?: unknown): Promise<WatchdogRunResult> => {
    const sweep = await deps.outbox.sweep(OUTBOX_SWEEP_AGE_SECONDS * 1000);
    deps.metrics?.addMetric('OutboxEventsRelayed', MetricUnit.Count, sweep.relayed);
    let result: WatchdogRunResult = { relayedEvents: sweep.relayed };
    if ((event as { mps?: unknown } | undefined)?.mps !== OUTBOX_SWEEP_INPUT.mps) {
      const { failed, recovered, running } = await deps.watchdog.run();
      result = { ...result, failedSubtasks: failed, recoveredSubtasks: recovered, runningSubtasks: running };
      deps.metrics?.addMetric('StuckSubtasksFailed', MetricUnit.Count, failed);
      deps.metrics?.addMetric('JobEventsRecovered', MetricUnit.Count, recovered);
    }
    deps.logger.info('watchdog run finished', { ...result });
    deps.metrics?.publishStoredMetrics();
    if (sweep.failed > 0) {
      throw new Error(`outbox sweep: ${sweep.failed} task(s) still have events the NotifyQueue did not take`);
    }
    return result;
  };
}
