import type { NotificationConfig, Task } from '../core/model';
import {
  buildTaskEvent,
  deliveryMessage,
  notificationEventType,
  type DeliveryTarget,
  type TaskEvent,
} from '../core/notifications';
import type { DeliveryQueue } from '../core/ports';
import type { TaskChangeListener } from './task-updates';

export interface NotificationServiceOptions {
  /** The NotifyQueue. */
  queue: DeliveryQueue;
  /** DEFAULT_NOTIFY_FUNCTION: receives every task's TaskFinished event ('finish' mode). */
  defaultFunction?: string;
  now?: () => string;
}

/**
 * Decides which task changes are notified (the task's own notification in its mode, plus the stack's
 * default function in 'finish' mode) and enqueues one delivery message per target on the NotifyQueue.
 */
export class NotificationService implements TaskChangeListener {
  private readonly now: () => string;

  constructor(private readonly opts: NotificationServiceOptions) {
    this.now = opts.now ?? (() => new Date().toISOString());
  }

  /** Enqueues the deliveries `before → after` calls for; returns how many were enqueued. */
  async taskChanged(before: Task | undefined, after: Task): Promise<number> {
    const targets: { config: Pick<NotificationConfig, 'type' | 'target' | 'mode'> }[] = [];
    if (after.notification) targets.push({ config: after.notification });
    if (this.opts.defaultFunction) {
      targets.push({ config: { type: 'function', target: this.opts.defaultFunction, mode: 'finish' } });
    }
    let sent = 0;
    for (const { config } of targets) {
      const eventType = notificationEventType(config.mode, before, after);
      if (!eventType) continue;
      await this.enqueue(
        { type: config.type, target: config.target },
        buildTaskEvent(after, eventType, this.now()),
      );
      sent++;
    }
    return sent;
  }

  /** Enqueues the TaskFinished deliveries of a finished task again (identical eventIds). */
  async taskFinishRepeated(task: Task): Promise<number> {
    if (task.status !== 'FINISH') return 0;
    const targets: DeliveryTarget[] = [];
    if (task.notification) targets.push({ type: task.notification.type, target: task.notification.target });
    if (this.opts.defaultFunction) targets.push({ type: 'function', target: this.opts.defaultFunction });
    for (const target of targets)
      await this.enqueue(target, buildTaskEvent(task, 'TaskFinished', this.now()));
    return targets.length;
  }

  /** Puts one delivery message on the NotifyQueue. */
  enqueue(target: DeliveryTarget, event: TaskEvent): Promise<void> {
    return this.opts.queue.enqueue(deliveryMessage(target, event));
  }
}
