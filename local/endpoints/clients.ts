/**
 * SDK clients configured for the local endpoints. Every part of the local runtime (resources,
 * handlers, engine, tests) uses these, so the quirks of the emulators are handled in one place.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AwsService, ClientSettings } from '../../lambdas/composition';

/** Where the local endpoints listen and the credentials they accept. */
export interface LocalEndpointUrls {
  region: string;
  /** http://127.0.0.1:<port> */
  dynamodb: string;
  s3: string;
  /** fauxqs: SQS and SNS share one endpoint. */
  sqs: string;
  sns: string;
  /** Static credentials the clients use (s3rver checks signatures made with S3RVER/S3RVER). */
  accessKeyId: string;
  secretAccessKey: string;
}

export interface LocalAwsClients {
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  dynamodb: DynamoDBClient;
  /** Document client with `removeUndefinedValues` (domain objects carry optional fields). */
  dynamodbDoc: DynamoDBDocumentClient;
  s3: S3Client;
  sqs: SQSClient;
  sns: SNSClient;
  destroy(): void;
}

/**
 * The queue URL fauxqs issued for a queue, from any URL form of it. Real SQS accepts every form
 * (https://sqs.<region>.amazonaws.com/<account>/<name>, the legacy queue.amazonaws.com one, and the ARN
 * converted by the notifier), but fauxqs looks queues up by the exact string it returned from
 * CreateQueue: http://sqs.<region>.localhost:<port>/<account>/<name>. Rewriting on the client keeps
 * queue targets stored in schemas (ARNs, or URLs from an earlier run on another port) working.
 */
export function localQueueUrl(
  queueUrl: string,
  endpoints: Pick<LocalEndpointUrls, 'sqs' | 'region'>,
): string {
  let url: URL;
  try {
    url = new URL(queueUrl);
  } catch {
    return queueUrl;
  }
  const match = /^\/(\d{12})\/([^/]+)$/.exec(url.pathname);
  if (!match) return queueUrl;
  const port = new URL(endpoints.sqs).port;
  return `http://sqs.${endpoints.region}.localhost:${port}/${match[1]}/${match[2]}`;
}

/** Where an SDK client of a service talks to locally; services without a local endpoint get a dead one. */
export function localClientSettings(endpoints: LocalEndpointUrls, service: AwsService): ClientSettings {
  const common = {
    region: endpoints.region,
    credentials: { accessKeyId: endpoints.accessKeyId, secretAccessKey: endpoints.secretAccessKey },
    maxAttempts: 3,
  };
  switch (service) {
    case 'dynamodb':
      return { ...common, endpoint: endpoints.dynamodb };
    case 's3':
      return {
        ...common,
        endpoint: endpoints.s3,
        // s3rver serves path-style URLs only (no wildcard DNS for bucket subdomains on 127.0.0.1).
        forcePathStyle: true,
        // s3rver does not understand the flexible checksums (CRC32 trailers) the SDK sends by default.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      };
    case 'sqs':
      return { ...common, endpoint: endpoints.sqs };
    case 'sns':
      return { ...common, endpoint: endpoints.sns };
    default:
      // Lambda, Secrets Manager and MediaConvert have no local endpoint (the runtime refuses function
      // targets, keeps the callback key in its data dir and runs the ffmpeg engine): never reach AWS.
      return { ...common, endpoint: 'http://127.0.0.1:9', maxAttempts: 1 };
  }
}

/** Makes an SQS client address fauxqs' queue URLs whatever URL form a caller uses (see localQueueUrl). */
export function useLocalQueueUrls(
  sqs: Pick<SQSClient, 'middlewareStack'>,
  endpoints: LocalEndpointUrls,
): void {
  sqs.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { QueueUrl?: unknown };
      if (typeof input.QueueUrl === 'string') input.QueueUrl = localQueueUrl(input.QueueUrl, endpoints);
      return next(args);
    },
    { step: 'initialize', name: 'mpsLocalQueueUrl' },
  );
}

export function createLocalAwsClients(endpoints: LocalEndpointUrls): LocalAwsClients {
  const dynamodb = new DynamoDBClient(localClientSettings(endpoints, 'dynamodb'));
  const dynamodbDoc = DynamoDBDocumentClient.from(dynamodb, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true },
  });
  const s3 = new S3Client(localClientSettings(endpoints, 's3'));
  const sqs = new SQSClient(localClientSettings(endpoints, 'sqs'));
  useLocalQueueUrls(sqs, endpoints);
  const sns = new SNSClient(localClientSettings(endpoints, 'sns'));
  return {
    region: endpoints.region,
    credentials: { accessKeyId: endpoints.accessKeyId, secretAccessKey: endpoints.secretAccessKey },
    dynamodb,
    dynamodbDoc,
    s3,
    sqs,
    sns,
    destroy() {
      for (const client of [dynamodbDoc, dynamodb, s3, sqs, sns]) client.destroy();
    },
  };
}
