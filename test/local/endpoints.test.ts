import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CreateTableCommand,
  GetItemCommand,
  PutItemCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { createLocalAwsClients, localQueueUrl } from '../../local/endpoints/clients';
import { startLocalEndpoints } from '../../local/endpoints/start';

describe('local SQS client', () => {
  it('accepts every URL form of a queue (AWS-style, issued by another port) like real SQS', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mps-sqs-'));
    const endpoints = await startLocalEndpoints({ dataDir });
    const clients = createLocalAwsClients(endpoints);
    try {
      const issued = (await clients.sqs.send(new CreateQueueCommand({ QueueName: 'forms' }))).QueueUrl!;
      expect(localQueueUrl(issued, endpoints)).toBe(issued);
      const awsStyle = 'https://sqs.us-east-1.amazonaws.com/000000000000/forms';
      const otherPort = issued.replace(/:\d+\//, ':1/');
      await clients.sqs.send(new SendMessageCommand({ QueueUrl: awsStyle, MessageBody: 'a' }));
      await clients.sqs.send(new SendMessageCommand({ QueueUrl: otherPort, MessageBody: 'b' }));
      const got = await clients.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: issued, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      expect((got.Messages ?? []).map((m) => m.Body).sort()).toEqual(['a', 'b']);
      expect(localQueueUrl('not a url', endpoints)).toBe('not a url');
    } finally {
      clients.destroy();
      await endpoints.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('local endpoints', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mps-endpoints-'));
  const running: Array<{ stop(): Promise<void> }> = [];
  afterAll(async () => {
    await Promise.all(running.map((e) => e.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('persist DynamoDB and S3 data across restarts and page S3 listings', async () => {
    let endpoints = await startLocalEndpoints({ dataDir });
    running.push(endpoints);
    let clients = createLocalAwsClients(endpoints);
    expect(endpoints.s3).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await clients.dynamodb.send(
      new CreateTableCommand({
        TableName: 'persisted',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    await waitUntilTableExists(
      { client: clients.dynamodb, maxWaitTime: 10, minDelay: 1 },
      { TableName: 'persisted' },
    );
    await clients.dynamodb.send(
      new PutItemCommand({ TableName: 'persisted', Item: { pk: { S: 'a' }, v: { N: '1' } } }),
    );
    await clients.s3.send(new CreateBucketCommand({ Bucket: 'persist' }));
    for (let i = 0; i < 5; i++) {
      await clients.s3.send(
        new PutObjectCommand({ Bucket: 'persist', Key: `dir/f ${i}+ü.txt`, Body: `v${i}` }),
      );
    }
    clients.destroy();
    await endpoints.stop();

    endpoints = await startLocalEndpoints({ dataDir });
    running.push(endpoints);
    clients = createLocalAwsClients(endpoints);
    try {
      const item = await clients.dynamodb.send(
        new GetItemCommand({ TableName: 'persisted', Key: { pk: { S: 'a' } } }),
      );
      expect(item.Item?.v).toEqual({ N: '1' });
      const obj = await clients.s3.send(new GetObjectCommand({ Bucket: 'persist', Key: 'dir/f 3+ü.txt' }));
      expect(await obj.Body!.transformToString()).toBe('v3');
      // Outputs are plain files on disk.
      expect(existsSync(path.join(dataDir, 's3', 'persist', 'dir', 'f 3+ü.txt._S3rver_object'))).toBe(true);

      // Paged listing: s3rver's continuation tokens need the OpenSSL legacy provider (DES).
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await clients.s3.send(
          new ListObjectsV2Command({ Bucket: 'persist', MaxKeys: 2, ContinuationToken: token }),
        );
        keys.push(...(page.Contents ?? []).map((c) => c.Key!));
        token = page.NextContinuationToken;
      } while (token);
      expect(keys).toHaveLength(5);
      expect(new Set(keys).size).toBe(5);
    } finally {
      clients.destroy();
      await endpoints.stop();
    }
  });
});
