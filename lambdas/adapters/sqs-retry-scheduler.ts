import { ChangeMessageVisibilityCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { queueUrlOfArn } from '../contract';
import type { QueuedMessageRef, RetryScheduler } from '../core/ports';

/**
 * The RetryScheduler over SQS: a received message comes back after `seconds` by setting its visibility
 * timeout (ChangeMessageVisibility). The queue URL is derived from the record's eventSourceARN (the
 * local runtime's SQS clients map AWS-form URLs to the emulator's; a test may pass its own mapping).
 */
export class SqsRetryScheduler implements RetryScheduler {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrlOf: (queueArn: string) => string = queueUrlOfArn,
  ) {}

  async retryIn(message: QueuedMessageRef, seconds: number): Promise<void> {
    await this.sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: this.queueUrlOf(message.queueArn),
        ReceiptHandle: message.receiptHandle,
        VisibilityTimeout: seconds,
      }),
    );
  }
}
