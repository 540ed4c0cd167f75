/**
 * api: the control API behind API Gateway (HTTP API, payload v2, IAM auth).
 * Env: TABLE_NAME, STACK_ID, MEDIACONVERT_ROLE_ARN, MEDIACONVERT_ENDPOINT, MEDIACONVERT_QUEUE_ARN,
 * MEDIACONVERT_ACCELERATION, WORK_BUCKET, NOTIFY_QUEUE_URL, NOTIFY_DLQ_URL (optional: enables /deliveries),
 * DEFAULT_NOTIFY_FUNCTION, ALLOW_PRIVATE_CALLBACK_URLS
 * (the same settings as ingest: the API creates and submits tasks too; see lambdas/config.ts).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createDocumentClient } from '../adapters/aws-clients';
import { createDynamoStores } from '../adapters/dynamo-stores';
import { createMediaConvertClient, MediaConvertJobSubmitter } from '../adapters/mediaconvert-submitter';
import { createS3SourceProbe } from '../adapters/source-probe';
import { createApiHandler } from '../api';
import { ConfigError, ingestConfig } from '../config';
import { sqsDeliveries } from '../services/deliveries';
import { errorInfo } from '../services/log';
import { createTaskServices } from '../services/wiring';

export { createApiHandler } from '../api';

function allowPrivateCallbackUrls(env: NodeJS.ProcessEnv): boolean {
  const raw = env.ALLOW_PRIVATE_CALLBACK_URLS?.trim();
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new ConfigError(
    `environment variable ALLOW_PRIVATE_CALLBACK_URLS must be "true" or "false"; got ${JSON.stringify(raw)}`,
  );
}

const config = ingestConfig();
const logger = new Logger();
const sqs = new SQSClient({});
const notifyDlqUrl = process.env.NOTIFY_DLQ_URL?.trim();
const stores = createDynamoStores(createDocumentClient(), config.tableName);
const probe = createS3SourceProbe(new S3Client({}));
const jobs = config.jobs;
const services = createTaskServices({
  stores,
  sqs,
  notifyQueueUrl: config.notifyQueueUrl,
  ...(config.defaultNotifyFunction ? { defaultNotifyFunction: config.defaultNotifyFunction } : {}),
  submitter: new MediaConvertJobSubmitter(
    createMediaConvertClient({ endpoint: config.mediaConvert.endpoint }),
  ),
  probe,
  jobs,
  log: logger,
});

/** Lambda entry point. */
export const handler = createApiHandler({
  ...stores,
  operations: services.control,
  probe,
  jobs,
  ...(notifyDlqUrl ? { deliveries: sqsDeliveries(sqs, notifyDlqUrl, config.notifyQueueUrl) } : {}),
  allowPrivateCallbackUrls: allowPrivateCallbackUrls(process.env),
  logError: (message, error) =>
    logger.error(message, { ...errorInfo(error), stack: error instanceof Error ? error.stack : undefined }),
});
