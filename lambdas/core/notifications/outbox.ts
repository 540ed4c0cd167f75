import type { NotificationConfig, PendingEvent, Task } from '../model';
import { deliveryMessage, type DeliveryMessage, type DeliveryTarget } from './delivery-message';
import { buildTaskEvent, notificationEventType, taskEventId } from './task-event';

/**
 * The transactional outbox of a task. A write that changes a task also stores, in the same conditional
 * write, the events that change must send (`withDecidedEvent`); a relay then puts them on the
 * NotifyQueue (`outboxDeliveries`) and removes them with another conditional write
 * (`withRelayedEvents`). An event is therefore never lost between the task write and the enqueue,
 * and its eventId is the same however often it is relayed.
 */

/** Who is told about task changes: the task's own notification, and the stack-wide function. */
export interface NotifyPolicy {
  /** DEFAULT_NOTIFY_FUNCTION: receives every task's TaskFinished event ('finish' mode). */
  defaultFunction?: string;
}

/** The event the write `before → after` decides (before undefined = creation), if any, with its id. */
export function decidedEvent(
  before: Task | undefined,
  after: Task,
  policy: NotifyPolicy,
  now: string,
): { eventId: string; event: PendingEvent } | undefined {
  const configs: Pick<NotificationConfig, 'type' | 'target' | 'mode'>[] = [];
  if (after.notification) configs.push(after.notification);
  if (policy.defaultFunction)
    configs.push({ type: 'function', target: policy.defaultFunction, mode: 'finish' });
  const targets: DeliveryTarget[] = [];
  let eventType: PendingEvent['eventType'] | undefined;
  for (const config of configs) {
    const type = notificationEventType(config.mode, before, after);
    if (!type) continue;
    // One write decides at most one event type: TaskFinished when the task becomes FINISH, else TaskChanged.
    eventType = type;
    targets.push({ type: config.type, target: config.target });
  }
  if (!eventType) return undefined;
  return {
    eventId: taskEventId(after.taskId, after.version, eventType),
    event: { eventType, version: after.version, time: now, targets },
  };
}

/** `after` with the event its write from `before` decides added to its outbox (unchanged if none). */
export function withDecidedEvent(
  before: Task | undefined,
  after: Task,
  policy: NotifyPolicy,
  now: string,
): Task {
  const decided = decidedEvent(before, after, policy, now);
  if (!decided) return after;
  return { ...after, outbox: { ...after.outbox, [decided.eventId]: decided.event } };
}

/** The NotifyQueue messages of one pending event, built from `task` (the task as stored now). */
export function outboxDeliveries(task: Task, eventId: string): DeliveryMessage[] {
  const pending = task.outbox?.[eventId];
  if (!pending) return [];
  // The id under which the event was stored is the one it is sent with, whatever happens to the task.
  const event = { ...buildTaskEvent(task, pending.eventType, pending.time, pending.version), eventId };
  return pending.targets.map((target) => deliveryMessage(target, event));
}

/** The ids of the pending events decided at or before `cutoff` (ISO-8601), oldest first. */
export function pendingEventIds(task: Task, cutoff?: string): string[] {
  return Object.entries(task.outbox ?? {})
    .filter(([, e]) => cutoff === undefined || e.time <= cutoff)
    .sort(([, a], [, b]) => a.version - b.version)
    .map(([id]) => id);
}

/** The time the oldest pending event was decided, or undefined for an empty outbox. */
export function oldestPendingTime(task: Pick<Task, 'outbox'>): string | undefined {
  const times = Object.values(task.outbox ?? {}).map((e) => e.time);
  return times.length ? times.reduce((a, b) => (a <= b ? a : b)) : undefined;
}

/**
 * The task once the first `relayed[eventId]` targets of each of those pending events are on the
 * NotifyQueue: fully relayed events leave the outbox, partly relayed ones keep only the targets still
 * to go (so a later relay does not send the others twice). It is the next version: the bump makes a
 * writer that read the task before this write re-read it, so it cannot store the events again.
 * The same task when nothing listed is pending.
 */
export function withRelayedEvents(task: Task, relayed: Readonly<Record<string, number>>): Task {
  const outbox = { ...task.outbox };
  let changed = false;
  for (const [id, sent] of Object.entries(relayed)) {
    const pending = outbox[id];
    if (!pending || sent <= 0) continue;
    changed = true;
    if (sent >= pending.targets.length) delete outbox[id];
    else outbox[id] = { ...pending, targets: pending.targets.slice(sent) };
  }
  if (!changed) return task;
  const { outbox: _old, ...rest } = task;
  return { ...rest, ...(Object.keys(outbox).length ? { outbox } : {}), version: task.version + 1 };
}
