import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { DeliveryService } from '../services/delivery-service';
import { sqsRecordHandler } from './sqs-batch';

export interface NotifyDeliveryEntryDeps {
  delivery: DeliveryService;
  metrics?: Metrics;
}

/**
 * notify-delivery: SQS batch of delivery messages → one event to one target each (SQS, SNS, signed
 * HTTPS POST, async Lambda). Failed deliveries come back with backoff (services/delivery-service.ts);
 * after maxReceiveCount the queue moves them to its DLQ.
 */
export function notifyDeliveryEntry(deps: NotifyDeliveryEntryDeps) {
  return sqsRecordHandler(
    async (record) => {
      await deps.delivery.deliver({
        messageId: record.messageId,
        body: record.body,
        receiveCount: Number(record.attributes?.ApproximateReceiveCount ?? '1'),
        receiptHandle: record.receiptHandle,
        queueArn: record.eventSourceARN,
      });
    },
    {
      parallel: true,
      // The delivery service has logged the failure with its retry delay.
      onFailure: () => undefined,
      failureMetric: 'DeliveryFailed',
      successMetric: 'Delivered',
      ...(deps.metrics ? { metrics: deps.metrics } : {}),
    },
  );
}
