/** Lambda entry point of job-events (SQS event source with ReportBatchItemFailures). */
import { jobEventsFunction } from '../composition';
import { jobEventsEntry } from '../entries/job-events';
import { awsPlatform } from '../platform/aws';

export const handler = jobEventsEntry(jobEventsFunction(awsPlatform));
