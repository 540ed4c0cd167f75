import type { SQSClient } from '@aws-sdk/client-sqs';
import { listDeadLetters, replayDeadLetters, type DeadLetter, type ReplayResult } from './dead-letters';

/** A dead-lettered delivery as the API shows it (no receipt handle: listing does not lease messages out). */
export type FailedDelivery = Omit<DeadLetter, 'receiptHandle' | 'body'>;

/** Lists and replays notification deliveries that ended in the notify DLQ. */
export interface DeliveriesPort {
  list(opts: { max: number }): Promise<FailedDelivery[]>;
  replay(opts: { ids?: readonly string[] }): Promise<ReplayResult>;
}

/** The DeliveriesPort over SQS: the notify DLQ and the NotifyQueue replays go back to. */
export function sqsDeliveries(sqs: SQSClient, dlqUrl: string, notifyQueueUrl: string): DeliveriesPort {
  return {
    async list({ max }) {
      // Listed messages are hidden only briefly, so a replay right after a listing finds them.
      const letters = await listDeadLetters(sqs, dlqUrl, { max, visibilityTimeoutSeconds: 1 });
      return letters.map(({ receiptHandle: _r, body: _b, ...rest }) => rest);
    },
    replay({ ids }) {
      return replayDeadLetters(sqs, { dlqUrl, queueUrl: notifyQueueUrl, ...(ids ? { ids } : {}) });
    },
  };
}
