import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { JobEventQueue } from '../core/ports';

/** JobEventQueue over SQS: the job-events queue the EventBridge rule feeds. */
export class SqsJobEventQueue implements JobEventQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(event: Record<string, unknown>): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(event) }),
    );
  }
}
