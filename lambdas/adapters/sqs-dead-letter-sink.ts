import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeliveryDeadLetterSink, ExhaustedDelivery } from '../core/ports';

/** Longest ErrorMessage attribute kept (an error text is a sentence; a response body may be long). */
const MAX_ERROR_MESSAGE = 1000;

/**
 * Message attributes a dead-lettered delivery carries, read back by the listing
 * (adapters/sqs-dead-letters.ts): what happened is recorded once, so listing changes nothing.
 */
export const DEAD_LETTER_ATTRIBUTES = {
  attempts: 'Attempts',
  failedAt: 'FailedAt',
  sentAt: 'SentAt',
  errorCode: 'ErrorCode',
  errorMessage: 'ErrorMessage',
} as const;

/** The notify DLQ over SQS SendMessage: the body unchanged, the record in message attributes. */
export class SqsDeliveryDeadLetterSink implements DeliveryDeadLetterSink {
  constructor(
    private readonly sqs: SQSClient,
    private readonly dlqUrl: string,
  ) {}

  async put(d: ExhaustedDelivery): Promise<void> {
    const text = (value: string) => ({ DataType: 'String', StringValue: value });
    const message =
      d.lastError.message.length > MAX_ERROR_MESSAGE
        ? `${d.lastError.message.slice(0, MAX_ERROR_MESSAGE - 1)}…`
        : d.lastError.message;
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.dlqUrl,
        MessageBody: d.body,
        MessageAttributes: {
          [DEAD_LETTER_ATTRIBUTES.attempts]: { DataType: 'Number', StringValue: String(d.attempts) },
          [DEAD_LETTER_ATTRIBUTES.failedAt]: text(d.failedAt),
          ...(d.sentAt ? { [DEAD_LETTER_ATTRIBUTES.sentAt]: text(d.sentAt) } : {}),
          [DEAD_LETTER_ATTRIBUTES.errorCode]: text(d.lastError.code || 'Error'),
          // SQS refuses empty attribute values.
          [DEAD_LETTER_ATTRIBUTES.errorMessage]: text(message || '(no message)'),
        },
      }),
    );
  }
}
