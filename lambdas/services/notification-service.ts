import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { ValidationError } from '../core/errors';
import type { NotificationConfig, Task } from '../core/model';
import { buildTaskEvent, notificationEventType, type TaskEvent } from '../core/notifications';
import type { DeliveryTarget, Notifier } from '../adapters/notifiers';
import type { TaskChangeListener } from './task-updates';

/** Body of a NotifyQueue message: one event for one target. */
export interface DeliveryMessage {
  kind: 'mps.delivery';
  version: 1;
  target: DeliveryTarget;
  event: TaskEvent;
}

export interface NotificationServiceOptions {
  sqs: SQSClient;
  /** NOTIFY_QUEUE_URL. */
  queueUrl: string;
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
  async enqueue(target: DeliveryTarget, event: TaskEvent): Promise<void> {
    const message: DeliveryMessage = { kind: 'mps.delivery', version: 1, target, event };
    await this.opts.sqs.send(
      new SendMessageCommand({ QueueUrl: this.opts.queueUrl, MessageBody: JSON.stringify(message) }),
    );
  }
}

const TARGET_TYPES = new Set(['queue', 'topic', 'url', 'function']);

/** Parses a NotifyQueue message body; ValidationError when it is not a delivery message. */
export function parseDeliveryMessage(body: string): DeliveryMessage {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new ValidationError('delivery message is not JSON', 'body');
  }
  const m = value as Partial<DeliveryMessage>;
  if (
    m?.kind !== 'mps.delivery' ||
    m.version !== 1 ||
    typeof m.target?.target !== 'string' ||
    !TARGET_TYPES.has(m.target?.type as string) ||
    typeof m.event?.eventId !== 'string'
  ) {
    throw new ValidationError(
      'message is not an mps delivery message (kind, version, target, event)',
      'body',
    );
  }
  return m as DeliveryMessage;
}

/** Delivers one NotifyQueue message with the notifier; rejects when the target refused it. */
export async function deliverMessage(notifier: Notifier, body: string): Promise<DeliveryMessage> {
  const message = parseDeliveryMessage(body);
  await notifier.deliver(message.target, message.event);
  return message;
}
