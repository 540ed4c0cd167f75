import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface QueueWithDlqProps {
  /** Visibility timeout of the main queue (≥ 6 × the consumer's timeout for SQS event sources). */
  readonly visibilityTimeout: Duration;
  /** Receives before a message moves to the DLQ. */
  readonly maxReceiveCount: number;
  /**
   * How long messages are kept in the DLQ.
   * @default Duration.days(14)
   */
  readonly dlqRetentionPeriod?: Duration;
  /**
   * How long messages are kept in the main queue.
   * @default Duration.days(4)
   */
  readonly retentionPeriod?: Duration;
}

/** An SSE-SQS, SSL-only queue with its own SSE-SQS, SSL-only dead-letter queue. */
export class QueueWithDlq extends Construct {
  public readonly queue: sqs.Queue;
  public readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: QueueWithDlqProps) {
    super(scope, id);
    this.deadLetterQueue = newDeadLetterQueue(this, 'Dlq', props.dlqRetentionPeriod);
    this.queue = new sqs.Queue(this, 'Queue', {
      // SSE-SQS (not SSE-KMS with the AWS managed key): EventBridge and S3 can deliver to it without a
      // customer managed key policy.
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: props.visibilityTimeout,
      retentionPeriod: props.retentionPeriod ?? Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
    });
  }
}

/** A dead-letter queue (SSE-SQS, SSL only, 14 days retention). */
export function newDeadLetterQueue(scope: Construct, id: string, retentionPeriod?: Duration): sqs.Queue {
  return new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: retentionPeriod ?? Duration.days(14),
  });
}
