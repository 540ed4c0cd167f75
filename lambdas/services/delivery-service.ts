import { type DeliveryMessage, parseDeliveryMessage } from '../core/notifications';
import type { Log, Notifier, QueuedMessageRef, RetryScheduler } from '../core/ports';
import { errorInfo, SILENT_LOG } from './log';

/** Seconds before delivery attempt n + 1 after n failed receives: min(900, 10 · 2^(n−1)). */
export function backoffSeconds(receiveCount: number): number {
  const n = Math.max(1, Math.floor(receiveCount) || 1);
  return Math.min(900, 10 * 2 ** (n - 1));
}

/** One received NotifyQueue message. */
export interface QueuedDelivery extends QueuedMessageRef {
  messageId: string;
  body: string;
  /** Receives so far, this one included. */
  receiveCount: number;
}

export interface DeliveryServiceDeps {
  notifier: Notifier;
  retries: RetryScheduler;
  log?: Log;
}

/**
 * Delivers NotifyQueue messages, one event to one target each. A failed delivery is retried with
 * exponential backoff ({@link backoffSeconds}): the message is scheduled to come back after the delay
 * and the failure is rethrown so that the queue keeps it; after the queue's maxReceiveCount it moves to
 * the DLQ (alarmed; `mps deliveries replay` sends it back).
 */
export class DeliveryService {
  private readonly log: Log;

  constructor(private readonly deps: DeliveryServiceDeps) {
    this.log = deps.log ?? SILENT_LOG;
  }

  async deliver(message: QueuedDelivery): Promise<DeliveryMessage> {
    try {
      const delivery = parseDeliveryMessage(message.body);
      await this.deps.notifier.deliver(delivery.target, delivery.event);
      this.log.info('event delivered', {
        eventId: delivery.event.eventId,
        taskId: delivery.event.task.taskId,
        targetType: delivery.target.type,
      });
      return delivery;
    } catch (err) {
      const delay = backoffSeconds(message.receiveCount);
      this.log.warn('delivery failed; retrying later', {
        messageId: message.messageId,
        receiveCount: message.receiveCount,
        retryInSeconds: delay,
        ...errorInfo(err),
      });
      try {
        await this.deps.retries.retryIn(message, delay);
      } catch (scheduleErr) {
        this.log.warn(
          'could not set the retry delay; the queue visibility timeout applies',
          errorInfo(scheduleErr),
        );
      }
      throw err;
    }
  }
}
