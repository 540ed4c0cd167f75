import {
  CreateTableCommand,
  DescribeTableCommand,
  ListTablesCommand,
  PutItemCommand,
  ScanCommand,
  type AttributeValue,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { HeadBucketCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { PublishCommand } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, ListQueuesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { LOCAL_NAMES, ensureLocalResources, expireWorkObjects, tableMismatch } from '../../local/resources';
import { migrationTableName } from '../../local/local-table';
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
    expect(table.GlobalSecondaryIndexes?.map((g) => g.IndexName).sort()).toEqual(['GSI1', 'GSI2', 'GSI3']);

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

  it('adds an index a newer version defines by migrating the table, keeping every item', async () => {
    const names = { ...LOCAL_NAMES, table: 'migrate-me' };
    const older = { ...TEST_TABLE, GlobalSecondaryIndexes: TEST_TABLE.GlobalSecondaryIndexes!.slice(0, 1) };
    await ensureLocalResources(fx.clients, { table: older, names });
    const items = Array.from({ length: 60 }, (_, i) => ({
      pk: { S: `TASK#t-${i}` },
      sk: { S: 'TASK' },
      payload: { S: 'é'.repeat(i) },
    }));
    for (const Item of items)
      await fx.clients.dynamodb.send(new PutItemCommand({ TableName: names.table, Item }));

    await ensureLocalResources(fx.clients, { table: TEST_TABLE, names });

    const table = (await fx.clients.dynamodb.send(new DescribeTableCommand({ TableName: names.table })))
      .Table!;
    expect(tableMismatch(table, TEST_TABLE)).toBeUndefined();
    expect(await scanAll(names.table)).toEqual(sortByPk(items));
    // The side table is gone.
    const tables = (await fx.clients.dynamodb.send(new ListTablesCommand({}))).TableNames ?? [];
    expect(tables).not.toContain(migrationTableName(names.table));
  });

  it('finishes a migration a crash interrupted after the old table was dropped', async () => {
    const names = { ...LOCAL_NAMES, table: 'half-migrated' };
    const side = migrationTableName(names.table);
    // The state right after "drop the old table": only the side table holds the items.
    await fx.clients.dynamodb.send(new CreateTableCommand({ ...TEST_TABLE, TableName: side }));
    await waitUntilTableExists({ client: fx.clients.dynamodb, maxWaitTime: 30 }, { TableName: side });
    const items = [1, 2, 3].map((i) => ({ pk: { S: `TASK#t-${i}` }, sk: { S: 'TASK' } }));
    for (const Item of items) await fx.clients.dynamodb.send(new PutItemCommand({ TableName: side, Item }));

    await ensureLocalResources(fx.clients, { table: TEST_TABLE, names });

    expect(await scanAll(names.table)).toEqual(sortByPk(items));
    const tables = (await fx.clients.dynamodb.send(new ListTablesCommand({}))).TableNames ?? [];
    expect(tables).not.toContain(side);
  });

  it('refuses a table whose index has another key, and says how to fix it', async () => {
    const names = { ...LOCAL_NAMES, table: 'other-layout' };
    await ensureLocalResources(fx.clients, { table: TEST_TABLE, names });
    const [first, ...rest] = TEST_TABLE.GlobalSecondaryIndexes!;
    const other = {
      ...TEST_TABLE,
      GlobalSecondaryIndexes: [{ ...first!, KeySchema: [...first!.KeySchema!].reverse() }, ...rest],
    };
    await expect(ensureLocalResources(fx.clients, { table: other, names })).rejects.toThrow(
      /index GSI1 has a different key.*--reset/,
    );
  });

  async function scanAll(tableName: string) {
    const res = await fx.clients.dynamodb.send(new ScanCommand({ TableName: tableName }));
    return sortByPk(res.Items ?? []);
  }
});

function sortByPk(items: Record<string, AttributeValue>[]) {
  return [...items].sort((a, b) => (a['pk']!.S! < b['pk']!.S! ? -1 : 1));
}
