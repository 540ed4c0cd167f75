import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { DeliveryService } from '../services/delivery-service';
import { sqsRecordHandler } from './sqs-batch';

export interface NotifyDeliveryEntryDeps {
  delivery: DeliveryService;
  metrics?: Metrics;
}

/**
 * notify-delivery: SQS batch of delivery messages → one event to one target each (SQS, SNS, signed
 * HTTPS POST, async Lambda). Failed deliveries come back with backoff (services/delivery-service.ts);
 * one whose last attempt fails is dead-lettered with its attempts and last error (metric DeadLettered;
 * `Delivered` counts every record handled, dead-lettered ones included).
 */
export function notifyDeliveryEntry(deps: NotifyDeliveryEntryDeps) {
  return sqsRecordHandler(
    async (record) => {
      const sent = Number(record.attributes?.SentTimestamp);
      const result = await deps.delivery.deliver({
        messageId: record.messageId,
        body: record.body,
        receiveCount: Number(record.attributes?.ApproximateReceiveCount ?? '1'),
        receiptHandle: record.receiptHandle,
        queueArn: record.eventSourceARN,
        ...(Number.isFinite(sent) && sent > 0 ? { sentAt: new Date(sent).toISOString() } : {}),
      });
      if (result.outcome === 'dead-lettered') deps.metrics?.addMetric('DeadLettered', MetricUnit.Count, 1);
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
