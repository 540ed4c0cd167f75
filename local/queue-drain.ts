/** Waiting for the local runtime's own pollers to finish the messages of a queue. */
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** Messages in `queueUrl`, visible or in flight. */
export async function queueDepth(sqs: SQSClient, queueUrl: string): Promise<number> {
  const { Attributes: a = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return Number(a.ApproximateNumberOfMessages ?? 0) + Number(a.ApproximateNumberOfMessagesNotVisible ?? 0);
}

/**
 * Resolves true once `queueUrl` is empty (its poller consumed everything), false after `timeoutMs`.
 */
export async function waitForEmptyQueue(
  sqs: SQSClient,
  queueUrl: string,
  timeoutMs: number,
  intervalMs = 100,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await queueDepth(sqs, queueUrl)) === 0) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
