/** Lambda entry point of notify-delivery (SQS event source with ReportBatchItemFailures). */
import { notifyDeliveryFunction } from '../composition';
import { notifyDeliveryEntry } from '../entries/notify-delivery';
import { awsPlatform } from '../platform/aws';

export const handler = notifyDeliveryEntry(notifyDeliveryFunction(awsPlatform));
