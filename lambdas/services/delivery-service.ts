import { type DeliveryMessage, parseDeliveryMessage } from '../core/notifications';
import type { DeliveryDeadLetterSink, Log, Notifier, QueuedMessageRef, RetryScheduler } from '../core/ports';
import { errorInfo, SILENT_LOG } from './log';

/** How long failed deliveries wait: base · 2^(n−1) seconds after n failed attempts, at most max. */
export interface DeliveryBackoff {
  baseSeconds: number;
  maxSeconds: number;
}

/** AWS: 10 s, 20 s, … up to 15 minutes (SQS's visibility limit per change is 12 h; this keeps callbacks timely). */
export const AWS_DELIVERY_BACKOFF: DeliveryBackoff = { baseSeconds: 10, maxSeconds: 900 };

/** Seconds before delivery attempt n + 1 after n failed receives: min(max, base · 2^(n−1)). */
export function backoffSeconds(receiveCount: number, policy: DeliveryBackoff = AWS_DELIVERY_BACKOFF): number {
  const n = Math.max(1, Math.floor(receiveCount) || 1);
  return Math.min(policy.maxSeconds, policy.baseSeconds * 2 ** (n - 1));
}

/** Seconds from the first failed attempt until the last one (of `attempts`), waiting only on backoff. */
export function totalBackoffSeconds(
  attempts: number,
  policy: DeliveryBackoff = AWS_DELIVERY_BACKOFF,
): number {
  let total = 0;
  for (let n = 1; n < attempts; n++) total += backoffSeconds(n, policy);
  return total;
}

/** One received NotifyQueue message. */
export interface QueuedDelivery extends QueuedMessageRef {
  messageId: string;
  body: string;
  /** Receives so far, this one included. */
  receiveCount: number;
  /** When the message was first sent to the NotifyQueue, ISO-8601 (SQS SentTimestamp), when known. */
  sentAt?: string;
}

/** What became of a message: delivered, or dead-lettered after its last attempt failed. */
export type DeliveryOutcome =
  { outcome: 'delivered'; delivery: DeliveryMessage } | { outcome: 'dead-lettered'; attempts: number };

export interface DeliveryServiceDeps {
  notifier: Notifier;
  retries: RetryScheduler;
  /**
   * The notify DLQ and the attempts a message gets (the NotifyQueue's maxReceiveCount): when the last
   * attempt fails, the message is put there with its attempts, last error and time, and removed from
   * the NotifyQueue. The queue's own redrive policy stays as the backstop (a crash on the last attempt).
   * @default - failures are only retried; the queue's redrive policy dead-letters them (no error recorded)
   */
  deadLetters?: { sink: DeliveryDeadLetterSink; maxAttempts: number };
  /** @default AWS_DELIVERY_BACKOFF */
  backoff?: DeliveryBackoff;
  log?: Log;
  /** Current time, ISO-8601 (tests pin it). */
  now?: () => string;
}

/** The error's machine-readable code: its `code` when it has one (MpsError, SDK errors), else its name. */
function errorCode(err: unknown): string {
  const code = (err as { code?: unknown })?.code;
  if (typeof code === 'string' && code !== '') return code;
  return err instanceof Error ? err.name : 'Error';
}

/**
 * Delivers NotifyQueue messages, one event to one target each. A failed delivery is retried with
 * exponential backoff ({@link backoffSeconds}): the message is scheduled to come back after the delay
 * and the failure is rethrown so that the queue keeps it; when its last attempt fails it is
 * dead-lettered with what happened (`deadLetters`; `mps deliveries list` shows it, `replay` sends it
 * back).
 */
export class DeliveryService {
  private readonly log: Log;
  private readonly now: () => string;

  constructor(private readonly deps: DeliveryServiceDeps) {
    this.log = deps.log ?? SILENT_LOG;
    this.now = deps.now ?? (() => new Date().toISOString());
  }

  async deliver(message: QueuedDelivery): Promise<DeliveryOutcome> {
    try {
      const delivery = parseDeliveryMessage(message.body);
      await this.deps.notifier.deliver(delivery.target, delivery.event);
      this.log.info('event delivered', {
        eventId: delivery.event.eventId,
        taskId: delivery.event.task.taskId,
        targetType: delivery.target.type,
      });
      return { outcome: 'delivered', delivery };
    } catch (err) {
      const dead = this.deps.deadLetters;
      if (dead && message.receiveCount >= dead.maxAttempts) {
        if (await this.deadLetter(message, err, dead.sink)) {
          return { outcome: 'dead-lettered', attempts: message.receiveCount };
        }
        throw err;
      }
      await this.retryLater(message, err);
      throw err;
    }
  }

  private async retryLater(message: QueuedDelivery, err: unknown): Promise<void> {
    const delay = backoffSeconds(message.receiveCount, this.deps.backoff);
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
  }

  /** Puts the message in the DLQ with its record; false (logged) when that failed: the queue retries. */
  private async deadLetter(
    message: QueuedDelivery,
    err: unknown,
    sink: DeliveryDeadLetterSink,
  ): Promise<boolean> {
    const lastError = { code: errorCode(err), message: err instanceof Error ? err.message : String(err) };
    try {
      await sink.put({
        body: message.body,
        attempts: message.receiveCount,
        lastError,
        failedAt: this.now(),
        ...(message.sentAt ? { sentAt: message.sentAt } : {}),
      });
    } catch (sinkErr) {
      this.log.error('could not dead-letter a delivery after its last attempt; the queue will redrive it', {
        messageId: message.messageId,
        ...errorInfo(sinkErr),
      });
      return false;
    }
    this.log.error('delivery failed its last attempt; dead-lettered', {
      messageId: message.messageId,
      attempts: message.receiveCount,
      ...errorInfo(err),
    });
    return true;
  }
}
