/** Lambda entry point of ingest (SQS event source with ReportBatchItemFailures). */
import { ingestFunction } from '../composition';
import { ingestEntry } from '../entries/ingest';
import { awsPlatform } from '../platform/aws';

export const handler = ingestEntry(ingestFunction(awsPlatform));
