/**
 * notify-delivery: SQS batch of delivery messages → one event to one target each (SQS, SNS, signed
 * HTTPS POST, async Lambda). A failed delivery is retried with exponential backoff by shortening or
 * lengthening the message's visibility (ChangeMessageVisibility), then reported as a batch item
 * failure; after maxReceiveCount the queue moves it to its DLQ (alarmed).
 * Env: CALLBACK_SECRET_ARN (or CALLBACK_SECRET locally), ALLOW_PRIVATE_CALLBACK_URLS.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { ChangeMessageVisibilityCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { createHttpNotifier } from '../adapters/http-notifier';
import { createNotifier, type Notifier } from '../adapters/notifiers';
import { createSecretProvider } from '../adapters/secret';
import { notifyDeliveryConfig } from '../config';
import { errorInfo } from '../services/log';
import { deliverMessage } from '../services/notification-service';
import { processSqsBatch } from './sqs-batch';

/** Seconds before delivery attempt n + 1 after n failed receives: min(900, 10 · 2^(n−1)). */
export function backoffSeconds(receiveCount: number): number {
  const n = Math.max(1, Math.floor(receiveCount) || 1);
  return Math.min(900, 10 * 2 ** (n - 1));
}

/** The queue URL of the queue a record came from (eventSourceARN → URL). */
export function queueUrlOfRecord(record: SQSRecord): string {
  const [, partition, , region, account, name] = record.eventSourceARN.split(':');
  const suffix = partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://sqs.${region}.${suffix}/${account}/${name}`;
}

export interface NotifyDeliveryHandlerDeps {
  notifier: Notifier;
  sqs: SQSClient;
  logger: Logger;
  metrics?: Metrics;
  /** Queue URL for ChangeMessageVisibility; default derived from the record's eventSourceARN. */
  queueUrl?: (record: SQSRecord) => string;
}

/** The notify-delivery handler over the given notifier (the local runtime wires its own). */
export function createNotifyDeliveryHandler(deps: NotifyDeliveryHandlerDeps) {
  const queueUrl = deps.queueUrl ?? queueUrlOfRecord;
  return async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
    const response = await processSqsBatch(
      event,
      context,
      async (record) => {
        try {
          const message = await deliverMessage(deps.notifier, record.body);
          deps.logger.info('event delivered', {
            eventId: message.event.eventId,
            taskId: message.event.task.taskId,
            targetType: message.target.type,
          });
        } catch (err) {
          const receiveCount = Number(record.attributes?.ApproximateReceiveCount ?? '1');
          const delay = backoffSeconds(receiveCount);
          deps.logger.warn('delivery failed; retrying later', {
            messageId: record.messageId,
            receiveCount,
            retryInSeconds: delay,
            ...errorInfo(err),
          });
          deps.metrics?.addMetric('DeliveryFailed', MetricUnit.Count, 1);
          try {
            await deps.sqs.send(
              new ChangeMessageVisibilityCommand({
                QueueUrl: queueUrl(record),
                ReceiptHandle: record.receiptHandle,
                VisibilityTimeout: delay,
              }),
            );
          } catch (visibilityErr) {
            deps.logger.warn(
              'could not set the retry delay; the queue visibility timeout applies',
              errorInfo(visibilityErr),
            );
          }
          throw err;
        }
      },
      { parallel: true },
    );
    deps.metrics?.addMetric(
      'Delivered',
      MetricUnit.Count,
      event.Records.length - response.batchItemFailures.length,
    );
    deps.metrics?.publishStoredMetrics();
    return response;
  };
}

const config = notifyDeliveryConfig();
const logger = new Logger();
const metrics = new Metrics();
const sqs = new SQSClient({});
const secret = createSecretProvider(
  config.callbackSecretArn
    ? { secretArn: config.callbackSecretArn, client: new SecretsManagerClient({}) }
    : { secretValue: config.callbackSecret ?? '' },
);

/** Lambda entry point (SQS event source with ReportBatchItemFailures). */
export const handler = createNotifyDeliveryHandler({
  notifier: createNotifier({
    sqs,
    sns: new SNSClient({}),
    lambda: new LambdaClient({}),
    http: createHttpNotifier({ secret, allowPrivate: config.allowPrivateCallbackUrls }),
  }),
  sqs,
  logger,
  metrics,
});
