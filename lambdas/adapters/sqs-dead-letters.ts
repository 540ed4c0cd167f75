/**
 * Undelivered task events: the messages of the notify dead-letter queue, put there by the delivery
 * service when their last attempt failed (with attempts, last error and time as message attributes,
 * adapters/sqs-dead-letter-sink.ts) or, as a backstop, moved by the NotifyQueue's redrive policy. `listDeadLetters` shows them (without removing them);
 * `replayDeadLetters` sends them back to the NotifyQueue for another round of delivery attempts and
 * removes them from the DLQ. Used by the control API and `mps deliveries list|replay`.
 *
 * Replay is at-least-once: a message is sent to the NotifyQueue first and deleted from the DLQ
 * afterwards, so a crash in between delivers it twice (receivers deduplicate on `eventId`), never zero.
 */
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { ValidationError } from '../core/errors';
import { parseDeliveryMessage } from '../core/notifications';
import type { DeadLetteredDeliveries, FailedDelivery, ReplayResult } from '../core/ports';
import { DEAD_LETTER_ATTRIBUTES } from './sqs-dead-letter-sink';

/** One message of the notify DLQ, as received. */
export interface DeadLetter extends FailedDelivery {
  /** Valid until the listing's visibility timeout expires; what replay and delete need. */
  receiptHandle: string;
  /** The original message body (a delivery message when `invalid` is absent). */
  body: string;
}

export interface ListDeadLettersOptions {
  /** Most messages returned. @default 100 */
  max?: number;
  /**
   * Seconds the listed messages stay hidden (from other listings and from redrive), i.e. how long their
   * receipt handles are good for. @default 30
   */
  visibilityTimeoutSeconds?: number;
  /** Long-poll wait of each receive; 0 = short polling (may miss messages on a busy queue). @default 1 */
  waitTimeSeconds?: number;
}

export interface ReplayDeadLettersOptions {
  /** The notify DLQ. */
  dlqUrl: string;
  /** The NotifyQueue the messages are sent back to. */
  queueUrl: string;
  /** Message ids to replay; absent = every valid delivery message in the DLQ (up to `max`). */
  ids?: readonly string[];
  /** Most messages replayed when `ids` is absent. @default 1000 */
  max?: number;
  /** @default 60 (replay holds the messages it looked at for this long at most). */
  visibilityTimeoutSeconds?: number;
  /** @default 1 */
  waitTimeSeconds?: number;
}

const MAX_BATCH = 10;

function describe(message: Message): DeadLetter {
  const body = message.Body ?? '';
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    if (value.StringValue !== undefined) attributes[name] = value.StringValue;
  }
  const sent = Number(message.Attributes?.SentTimestamp);
  const attempts = Number(attributes[DEAD_LETTER_ATTRIBUTES.attempts]);
  const failedAt = attributes[DEAD_LETTER_ATTRIBUTES.failedAt];
  // Dead-lettered by the delivery service: first sent to the NotifyQueue then; else (moved by the
  // queue's redrive policy, which keeps the message) the message's own SentTimestamp.
  const sentAt =
    attributes[DEAD_LETTER_ATTRIBUTES.sentAt] ??
    (Number.isFinite(sent) && sent > 0 ? new Date(sent).toISOString() : undefined);
  const error = {
    ...(attributes.ErrorCode !== undefined ? { code: attributes.ErrorCode } : {}),
    ...(attributes.ErrorMessage !== undefined ? { message: attributes.ErrorMessage } : {}),
    ...(attributes.RequestID !== undefined ? { requestId: attributes.RequestID } : {}),
  };
  const base: DeadLetter = {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body,
    ...(sentAt ? { sentAt } : {}),
    ...(Number.isInteger(attempts) && attempts > 0 ? { attempts } : {}),
    ...(failedAt ? { failedAt } : {}),
    attributes,
    ...(Object.keys(error).length > 0 ? { error } : {}),
  };
  try {
    const delivery = parseDeliveryMessage(body);
    return {
      ...base,
      target: delivery.target,
      eventType: delivery.event.eventType,
      eventId: delivery.event.eventId,
      ...(typeof delivery.event.task?.taskId === 'string' ? { taskId: delivery.event.task.taskId } : {}),
    };
  } catch (err) {
    return { ...base, invalid: err instanceof Error ? err.message : String(err) };
  }
}

function checkCount(value: number, field: string): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new ValidationError(`${field} must be a whole number ≥ 1; got ${value}`, field);
  }
}

/**
 * Receives up to `max` messages (distinct ids) from `queueUrl`, hiding each for `visibility` seconds.
 * Stops at the first empty receive.
 */
async function receiveAll(
  sqs: SQSClient,
  queueUrl: string,
  opts: { max: number; visibility: number; wait: number; stopWhen?: (seen: Map<string, Message>) => boolean },
): Promise<Map<string, Message>> {
  const seen = new Map<string, Message>();
  while (seen.size < opts.max && !opts.stopWhen?.(seen)) {
    const res = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: Math.min(MAX_BATCH, opts.max - seen.size),
        VisibilityTimeout: opts.visibility,
        WaitTimeSeconds: opts.wait,
        MessageSystemAttributeNames: ['SentTimestamp'],
        MessageAttributeNames: ['All'],
      }),
    );
    const messages = (res.Messages ?? []).filter((m) => m.MessageId && m.ReceiptHandle);
    if (messages.length === 0) break;
    let fresh = 0;
    for (const m of messages) {
      if (!seen.has(m.MessageId!)) fresh++;
      seen.set(m.MessageId!, m); // the newest receipt handle is the valid one
    }
    if (fresh === 0) break;
  }
  return seen;
}

/**
 * Lists the messages of the notify DLQ (oldest first, as far as SQS orders them) without deleting
 * them: they are received with a visibility timeout and reappear when it expires.
 */
export async function listDeadLetters(
  sqs: SQSClient,
  dlqUrl: string,
  opts: ListDeadLettersOptions = {},
): Promise<DeadLetter[]> {
  const max = opts.max ?? 100;
  checkCount(max, 'max');
  const received = await receiveAll(sqs, dlqUrl, {
    max,
    visibility: opts.visibilityTimeoutSeconds ?? 30,
    wait: opts.waitTimeSeconds ?? 1,
  });
  return [...received.values()]
    .map(describe)
    .sort((a, b) => (a.sentAt ?? '').localeCompare(b.sentAt ?? '') || a.messageId.localeCompare(b.messageId));
}

/**
 * Sends dead-lettered deliveries back to the NotifyQueue (same body, fresh receive count) and deletes
 * them from the DLQ. With `ids`, only those messages (any body); without, every valid delivery message
 * (messages that are not delivery messages stay in the DLQ and are reported as failed). Messages looked
 * at but not replayed are made visible again at once.
 */
export async function replayDeadLetters(
  sqs: SQSClient,
  opts: ReplayDeadLettersOptions,
): Promise<ReplayResult> {
  const wanted = opts.ids ? new Set(opts.ids) : undefined;
  const max = opts.max ?? 1000;
  checkCount(max, 'max');
  if (wanted && wanted.size === 0) return { replayed: [], notFound: [], failed: [] };
  const received = await receiveAll(sqs, opts.dlqUrl, {
    // Looking for ids: every message may have to be looked at.
    max: wanted ? Number.MAX_SAFE_INTEGER : max,
    visibility: opts.visibilityTimeoutSeconds ?? 60,
    wait: opts.waitTimeSeconds ?? 1,
    ...(wanted ? { stopWhen: (seen) => [...wanted].every((id) => seen.has(id)) } : {}),
  });

  const result: ReplayResult = { replayed: [], notFound: [], failed: [] };
  const release: Message[] = [];
  for (const message of received.values()) {
    const letter = describe(message);
    if (wanted && !wanted.has(letter.messageId)) {
      release.push(message);
      continue;
    }
    if (!wanted && letter.invalid) {
      result.failed.push({ messageId: letter.messageId, error: `not replayed: ${letter.invalid}` });
      release.push(message);
      continue;
    }
    try {
      await sqs.send(new SendMessageCommand({ QueueUrl: opts.queueUrl, MessageBody: letter.body }));
    } catch (err) {
      result.failed.push({ messageId: letter.messageId, error: errorText(err) });
      release.push(message);
      continue;
    }
    try {
      await sqs.send(
        new DeleteMessageCommand({ QueueUrl: opts.dlqUrl, ReceiptHandle: letter.receiptHandle }),
      );
      result.replayed.push(letter.messageId);
    } catch (err) {
      // Sent but still in the DLQ: a later replay sends it again (at-least-once).
      result.failed.push({
        messageId: letter.messageId,
        error: `replayed, but could not be removed from the dead-letter queue: ${errorText(err)}`,
      });
    }
  }
  await releaseAll(
    sqs,
    opts.dlqUrl,
    release.map((m) => m.ReceiptHandle!),
  );
  if (wanted) result.notFound = [...wanted].filter((id) => !received.has(id));
  return result;
}

/** Makes received messages visible again at once (best effort: they reappear when their timeout ends anyway). */
async function releaseAll(
  sqs: SQSClient,
  queueUrl: string,
  receiptHandles: readonly string[],
): Promise<void> {
  await Promise.all(
    receiptHandles.map((ReceiptHandle) =>
      sqs
        .send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle, VisibilityTimeout: 0 }))
        .catch(() => undefined),
    ),
  );
}

function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/** DeadLetteredDeliveries over SQS: the notify DLQ, and the NotifyQueue replays go back to. */
export class SqsDeadLetteredDeliveries implements DeadLetteredDeliveries {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queues: { dlqUrl: string; notifyQueueUrl: string },
  ) {}

  /**
   * Peeks at the DLQ: receives (hidden for 30 s, so that paging sees each message once) and then makes
   * every listed message visible again at once, so a listing leaves the queue as it was.
   */
  async list({ max }: { max: number }): Promise<FailedDelivery[]> {
    const letters = await listDeadLetters(this.sqs, this.queues.dlqUrl, {
      max,
      visibilityTimeoutSeconds: 30,
    });
    await releaseAll(
      this.sqs,
      this.queues.dlqUrl,
      letters.map((l) => l.receiptHandle),
    );
    return letters.map(({ receiptHandle: _r, body: _b, ...rest }) => rest);
  }

  replay({ ids }: { ids?: readonly string[] }): Promise<ReplayResult> {
    return replayDeadLetters(this.sqs, {
      dlqUrl: this.queues.dlqUrl,
      queueUrl: this.queues.notifyQueueUrl,
      ...(ids ? { ids } : {}),
    });
  }
}
