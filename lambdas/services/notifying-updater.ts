import type { DeliveryQueue, TaskStore } from '../core/ports';
import { NotificationService } from './notification-service';
import { TaskUpdater } from './task-updates';

/** Where task changes are notified. */
export interface NotifyWiring {
  /** The NotifyQueue. */
  queue: DeliveryQueue;
  /** Stack-wide function that receives every task's TaskFinished event. */
  defaultNotifyFunction?: string;
  now?: () => string;
}

/** A TaskUpdater whose writes enqueue notifications (job-events, watchdog, and the task services). */
export function createNotifyingUpdater(tasks: TaskStore, notify: NotifyWiring): TaskUpdater {
  return new TaskUpdater(
    tasks,
    new NotificationService({
      queue: notify.queue,
      ...(notify.defaultNotifyFunction ? { defaultFunction: notify.defaultNotifyFunction } : {}),
      ...(notify.now ? { now: notify.now } : {}),
    }),
  );
}
