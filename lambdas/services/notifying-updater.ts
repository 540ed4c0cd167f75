import type { DeliveryQueue, Log, TaskStore } from '../core/ports';
import { OutboxRelay } from './outbox-relay';
import { TaskUpdater } from './task-updates';

/** Where task changes are notified. */
export interface NotifyWiring {
  /** The NotifyQueue. */
  queue: DeliveryQueue;
  /** Stack-wide function that receives every task's TaskFinished event. */
  defaultNotifyFunction?: string;
  now?: () => string;
  log?: Log;
}

/** The relay from task outboxes to the NotifyQueue. */
export function createOutboxRelay(
  tasks: TaskStore,
  notify: Pick<NotifyWiring, 'queue' | 'log'>,
): OutboxRelay {
  return new OutboxRelay({ tasks, queue: notify.queue, ...(notify.log ? { log: notify.log } : {}) });
}

/** A TaskUpdater whose writes store their events in the task outbox and relay them (every task writer). */
export function createNotifyingUpdater(tasks: TaskStore, notify: NotifyWiring): TaskUpdater {
  return new TaskUpdater(tasks, {
    relay: createOutboxRelay(tasks, notify),
    ...(notify.defaultNotifyFunction ? { defaultFunction: notify.defaultNotifyFunction } : {}),
    ...(notify.now ? { now: notify.now } : {}),
  });
}
