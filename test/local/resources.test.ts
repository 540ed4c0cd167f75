import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { HeadBucketCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { PublishCommand } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, ListQueuesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { LOCAL_NAMES, ensureLocalResources, expireWorkObjects, tableMismatch } from '../../local/resources';
import { startEndpointsFixture, type EndpointsFixture } from './helpers';
import { TEST_TABLE } from './table';

describe('ensureLocalResources', () => {
  let fx: EndpointsFixture;
  beforeAll(async () => {
    fx = await startEndpointsFixture();
  });
  afterAll(() => fx.close());

  it('expires work-bucket objects older than the lifetime, as the stack lifecycle rule does', async () => {
    const { workBucket } = await ensureLocalResources(fx.clients, { table: TEST_TABLE });
    for (const key of ['companions/t-1/job_companion_1_1.mp4', 'companions/t-2/job_companion_3_1.mp4'])
      await fx.clients.s3.send(new PutObjectCommand({ Bucket: workBucket, Key: key, Body: 'x' }));
    expect(await expireWorkObjects(fx.clients, workBucket)).toBe(0);
    expect(await expireWorkObjects(fx.clients, workBucket, new Date(Date.now() + 60_000))).toBe(2);
    const left = await fx.clients.s3.send(new ListObjectsV2Command({ Bucket: workBucket }));
    expect(left.Contents ?? []).toEqual([]);
  });

  it('creates the table, bucket, queues with DLQs and the subscribed topic, and is idempotent', async () => {
    const first = await ensureLocalResources(fx.clients, { table: TEST_TABLE });
    // Data written between starts survives a second ensure.
    await fx.clients.s3.send(new PutObjectCommand({ Bucket: first.bucket, Key: 'keep.txt', Body: 'x' }));
    const second = await ensureLocalResources(fx.clients, { table: TEST_TABLE });
    expect(second).toEqual(first);

    const table = (await fx.clients.dynamodb.send(new DescribeTableCommand({ TableName: LOCAL_NAMES.table })))
      .Table!;
    expect(table.TableStatus).toBe('ACTIVE');
    expect(tableMismatch(table, TEST_TABLE)).toBeUndefined();
    expect(table.GlobalSecondaryIndexes?.map((g) => g.IndexName).sort()).toEqual(['GSI1', 'GSI2']);

    await expect(
      fx.clients.s3.send(new HeadBucketCommand({ Bucket: LOCAL_NAMES.bucket })),
    ).resolves.toBeDefined();

    const urls = (await fx.clients.sqs.send(new ListQueuesCommand({}))).QueueUrls ?? [];
    const names = urls.map((u) => u.split('/').pop()).sort();
    expect(names).toEqual(
      [
        'mps-local-events',
        'mps-local-ingest',
        'mps-local-ingest-dlq',
        'mps-local-job-events',
        'mps-local-job-events-dlq',
        'mps-local-notify',
        'mps-local-notify-dlq',
        'mps-local-topic-events',
      ].sort(),
    );
    for (const q of [first.ingestQueue, first.jobEventsQueue, first.notifyQueue]) {
      const attrs = (
        await fx.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: q.url, AttributeNames: ['All'] }))
      ).Attributes!;
      expect(JSON.parse(attrs.RedrivePolicy!)).toEqual({
        deadLetterTargetArn: q.dlq.arn,
        maxReceiveCount: q.maxReceiveCount,
      });
      expect(attrs.VisibilityTimeout).toBe(String(q.visibilityTimeoutSeconds));
    }

    // The topic delivers (SNS envelope) to its queue, exactly once even after two ensures.
    await fx.clients.sns.send(new PublishCommand({ TopicArn: first.eventsTopicArn, Message: '{"hello":1}' }));
    const got = await fx.clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: first.topicEventsQueue.url,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 2,
      }),
    );
    expect(got.Messages).toHaveLength(1);
    const envelope = JSON.parse(got.Messages![0].Body!);
    expect(envelope).toMatchObject({
      Type: 'Notification',
      TopicArn: first.eventsTopicArn,
      Message: '{"hello":1}',
    });
  });

  it('updates queue settings on an existing queue instead of failing', async () => {
    const res = await ensureLocalResources(fx.clients, {
      table: TEST_TABLE,
      queues: { notify: { visibilityTimeoutSeconds: 7, maxReceiveCount: 2 } },
    });
    const attrs = (
      await fx.clients.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: res.notifyQueue.url, AttributeNames: ['All'] }),
      )
    ).Attributes!;
    expect(attrs.VisibilityTimeout).toBe('7');
    expect(JSON.parse(attrs.RedrivePolicy!).maxReceiveCount).toBe(2);
  });

  it('refuses a table with a different layout and says how to fix it', async () => {
    const other = {
      ...TEST_TABLE,
      GlobalSecondaryIndexes: [
        ...TEST_TABLE.GlobalSecondaryIndexes!,
        { ...TEST_TABLE.GlobalSecondaryIndexes![0], IndexName: 'GSI3' },
      ],
    };
    await expect(ensureLocalResources(fx.clients, { table: other })).rejects.toThrow(
      /index GSI3 is missing.*--reset/,
    );
  });
});
