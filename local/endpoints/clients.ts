/**
 * SDK clients configured for the local endpoints. Every part of the local runtime (resources,
 * handlers, engine, tests) uses these, so the quirks of the emulators are handled in one place.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface LocalEndpointUrls {
  region: string;
  dynamodb: string;
  s3: string;
  sqs: string;
  sns: string;
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

export function createLocalAwsClients(endpoints: LocalEndpointUrls): LocalAwsClients {
  const region = endpoints.region;
  const credentials = { accessKeyId: endpoints.accessKeyId, secretAccessKey: endpoints.secretAccessKey };
  const common = { region, credentials, maxAttempts: 3 };
  const dynamodb = new DynamoDBClient({ ...common, endpoint: endpoints.dynamodb });
  const dynamodbDoc = DynamoDBDocumentClient.from(dynamodb, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true },
  });
  const s3 = new S3Client({
    ...common,
    endpoint: endpoints.s3,
    // s3rver serves path-style URLs only (no wildcard DNS for bucket subdomains on 127.0.0.1).
    forcePathStyle: true,
    // s3rver does not understand the flexible checksums (CRC32 trailers) the SDK sends by default.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const sqs = new SQSClient({ ...common, endpoint: endpoints.sqs });
  sqs.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { QueueUrl?: unknown };
      if (typeof input.QueueUrl === 'string') input.QueueUrl = localQueueUrl(input.QueueUrl, endpoints);
      return next(args);
    },
    { step: 'initialize', name: 'mpsLocalQueueUrl' },
  );
  const sns = new SNSClient({ ...common, endpoint: endpoints.sns });
  return {
    region,
    credentials,
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
