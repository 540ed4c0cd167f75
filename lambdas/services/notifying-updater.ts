import type { SQSClient } from '@aws-sdk/client-sqs';
import type { TaskStore } from '../core/ports';
import { NotificationService } from './notification-service';
import { TaskUpdater } from './task-updates';

/** Where task changes are notified. */
export interface NotifyWiring {
  sqs: SQSClient;
  notifyQueueUrl: string;
  defaultNotifyFunction?: string;
  now?: () => string;
}

/** A TaskUpdater whose writes enqueue notifications (job-events, watchdog, and below). */
export function createNotifyingUpdater(tasks: TaskStore, notify: NotifyWiring): TaskUpdater {
  return new TaskUpdater(
    tasks,
    new NotificationService({
      sqs: notify.sqs,
      queueUrl: notify.notifyQueueUrl,
      ...(notify.defaultNotifyFunction ? { defaultFunction: notify.defaultNotifyFunction } : {}),
      ...(notify.now ? { now: notify.now } : {}),
    }),
  );
}
