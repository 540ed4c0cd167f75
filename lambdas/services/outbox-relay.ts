import { outboxDeliveries, pendingEventIds, withRelayedEvents } from '../core/notifications';
import type { Task } from '../core/model';
import type { DeliveryQueue, Log, TaskStore } from '../core/ports';
import { errorInfo, SILENT_LOG } from './log';
import { updateTask } from './task-updates';

export interface OutboxRelayDeps {
  tasks: TaskStore;
  /** The NotifyQueue. */
  queue: DeliveryQueue;
  now?: () => Date;
  log?: Log;
}

/** What one sweep did. */
export interface SweepResult {
  /** Tasks whose outbox held due events. */
  tasks: number;
  /** Events fully relayed. */
  relayed: number;
  /** Tasks whose relay failed (left for the next sweep). */
  failed: number;
}

/** Events a sweep relays per round; it runs rounds until fewer are found. */
const SWEEP_PAGE = 100;
const MAX_SWEEP_ROUNDS = 50;

/**
 * Moves events from task outboxes to the NotifyQueue. The writer that decided an event relays it right
 * after its write (`afterWrite`); whatever that could not send (a crash, a queue outage) stays in the
 * outbox, and `sweep` relays it later. Each target's message is sent before the event leaves the
 * outbox, so a crash in between sends it again with the same eventId (at least once), never loses it.
 */
export class OutboxRelay {
  private readonly now: () => Date;
  private readonly log: Log;

  constructor(private readonly deps: OutboxRelayDeps) {
    this.now = deps.now ?? (() => new Date());
    this.log = deps.log ?? SILENT_LOG;
  }

  /**
   * Relays `eventIds` of the task just written as `task`. A failure is logged and leaves the events to
   * the sweep: the task write stands, and retrying its trigger would not decide the events again.
   * Returns whether every event went out.
   */
  async afterWrite(task: Task, eventIds: readonly string[]): Promise<boolean> {
    if (eventIds.length === 0) return true;
    try {
      await this.relay(task, eventIds);
      return true;
    } catch (err) {
      this.log.warn('task events left in the outbox for the next sweep', {
        taskId: task.taskId,
        eventIds: [...eventIds],
        ...errorInfo(err),
      });
      return false;
    }
  }

  /**
   * Sends each target's message of `eventIds` (as pending in `task`), then removes what was sent from
   * the outbox, also when a send failed part-way (then rethrows).
   */
  async relay(task: Task, eventIds: readonly string[]): Promise<void> {
    const relayed: Record<string, number> = {};
    let failure: unknown;
    outer: for (const eventId of eventIds) {
      for (const message of outboxDeliveries(task, eventId)) {
        try {
          await this.deps.queue.enqueue(message);
        } catch (err) {
          failure = err;
          break outer;
        }
        relayed[eventId] = (relayed[eventId] ?? 0) + 1;
      }
    }
    if (Object.keys(relayed).length > 0) {
      await updateTask(this.deps.tasks, task.taskId, (t) => withRelayedEvents(t, relayed), task);
    }
    if (failure !== undefined) throw failure;
  }

  /** Relays every event decided more than `olderThanMs` ago that is still in an outbox. */
  async sweep(olderThanMs: number): Promise<SweepResult> {
    const cutoff = new Date(this.now().getTime() - olderThanMs).toISOString();
    const result: SweepResult = { tasks: 0, relayed: 0, failed: 0 };
    // The index may lag the table: a task already looked at in this sweep is not looked at again.
    const seen = new Set<string>();
    for (let round = 0; round < MAX_SWEEP_ROUNDS; round++) {
      const found = await this.deps.tasks.withPendingEvents(cutoff, SWEEP_PAGE);
      const ids = found.filter((id) => !seen.has(id));
      for (const taskId of ids) {
        seen.add(taskId);
        const task = await this.deps.tasks.get(taskId);
        const due = task ? pendingEventIds(task, cutoff) : [];
        if (!task || due.length === 0) continue;
        result.tasks++;
        try {
          await this.relay(task, due);
          result.relayed += due.length;
        } catch (err) {
          result.failed++;
          this.log.warn('outbox sweep could not relay a task event', { taskId, ...errorInfo(err) });
        }
      }
      if (found.length < SWEEP_PAGE || ids.length === 0) break;
    }
    if (result.tasks > 0) this.log.info('outbox sweep relayed task events', { ...result });
    return result;
  }
}
