import { AiNotDeployedEngine } from '../../lambdas/adapters/ai-not-deployed';
import '../support/handler-env';
import { Logger } from '@aws-lambda-powertools/logger';
import { CreateJobCommand, MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { MediaConvertJobSubmitter } from '../../lambdas/adapters/mediaconvert-submitter';
import { S3ObjectStat } from '../../lambdas/adapters/s3-object-stat';
import { createS3SourceProbe } from '../../lambdas/adapters/source-probe';
import { SqsDeliveryQueue } from '../../lambdas/adapters/sqs-delivery-queue';
import { clientRequestToken } from '../../lambdas/core/mediaconvert';
import { ingestEntry } from '../../lambdas/entries/ingest';
import { createOutboxRelay } from '../../lambdas/services/notifying-updater';
import { createTaskServices } from '../../lambdas/services/task-services';
import { memoryStores } from '../support/memory-stores';
import { sqsEvent, sqsRecord } from '../support/sqs-events';
import { makeSchema } from '../support/tasks';

const mcMock = mockClient(MediaConvertClient);
const sqsMock = mockClient(SQSClient);
const s3Mock = mockClient(S3Client);
const ETAG = 'b1946ac92492d2347c6235b4d2611184';

function objectCreated(key: string, sequencer = '00617F08299329D189') {
  return {
    version: '0',
    id: `evt-${sequencer}`,
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: '123456789012',
    time: '2026-03-01T10:00:00Z',
    region: 'eu-west-1',
    resources: ['arn:aws:s3:::in'],
    detail: {
      version: '0',
      bucket: { name: 'in' },
      object: { key, size: 1048576, etag: ETAG, sequencer },
      'request-id': 'N4N7GDK58NMKJ12R',
      requester: '123456789012',
      'source-ip-address': '1.2.3.4',
      reason: 'PutObject',
    },
  };
}

async function setup() {
  const stores = memoryStores();
  await stores.schemas.put(
    makeSchema({
      id: 'sch-1',
      name: 'videos',
      notification: { type: 'queue', target: 'arn:aws:sqs:eu-west-1:123456789012:receiver', mode: 'change' },
    }),
    { expectNew: true },
  );
  const queue = new SqsDeliveryQueue(
    new SQSClient({}),
    'https://sqs.eu-west-1.amazonaws.com/123456789012/mps-notify',
  );
  const services = createTaskServices({
    stores,
    queue,
    submitter: new MediaConvertJobSubmitter(new MediaConvertClient({ region: 'eu-west-1', maxAttempts: 1 })),
    ai: new AiNotDeployedEngine(),
    probe: createS3SourceProbe(new S3Client({})),
    objects: new S3ObjectStat(new S3Client({})),
    jobs: { roleArn: 'arn:aws:iam::123456789012:role/mc', stackId: 'mps-test-stack', workBucket: 'mps-work' },
  });
  const handler = ingestEntry({
    ingest: services.ingest,
    logger: new Logger({ logLevel: 'SILENT' }),
  });
  return { stores, handler, queue };
}

beforeEach(() => {
  mcMock.reset();
  sqsMock.reset();
  s3Mock.reset();
  sqsMock.on(SendMessageCommand).resolves({ MessageId: 'm' });
});

describe('ingest', () => {
  it('creates one task per upload with the decoded key and submits one job', async () => {
    mcMock.on(CreateJobCommand).resolves({ Job: { Id: '1772359200000-abc123', Role: 'r', Settings: {} } });
    s3Mock
      .on(HeadObjectCommand, { Bucket: 'in', Key: 'videos/my holiday 영상 100% c++.mp4' })
      .resolves({ ETag: `"${ETAG}"` });
    const { stores, handler } = await setup();
    const res = await handler(
      sqsEvent(sqsRecord(objectCreated('videos/my+holiday+%EC%98%81%EC%83%81+100%25+c%2B%2B.mp4'))),
    );
    expect(res.batchItemFailures).toEqual([]);
    const [task] = [...stores.tasks.items.values()];
    expect(task?.input).toEqual({ bucket: 'in', key: 'videos/my holiday 영상 100% c++.mp4' });
    expect(task?.subtasks[0]).toMatchObject({
      status: 'PROCESSING',
      jobId: '1772359200000-abc123',
      attempt: 1,
    });
    const input = mcMock.commandCalls(CreateJobCommand)[0]!.args[0].input;
    expect(input.UserMetadata).toMatchObject({
      mpsStackId: 'mps-test-stack',
      mpsTaskId: task!.taskId,
      mpsSubtaskNo: '1',
      mpsAttempt: '1',
      mpsSubtasks: '1.1',
    });
    expect(input.ClientRequestToken).toBe(
      clientRequestToken('mps-test-stack', task!.taskId, [{ no: 1, attempt: 1 }]),
    );
    // 'change' mode: creation and submission are both notified.
    expect(sqsMock.commandCalls(SendMessageCommand).length).toBeGreaterThanOrEqual(1);
    // The decoded key named the object (its ETag is the event's): the key as sent was not looked up.
    expect(s3Mock.commandCalls(HeadObjectCommand).map((c) => c.args[0].input.Key)).toEqual([
      'videos/my holiday 영상 100% c++.mp4',
    ]);
  });

  it('asks S3 which key form names the object when the event key decodes to another string', async () => {
    mcMock.on(CreateJobCommand).resolves({ Job: { Id: 'job-1', Role: 'r', Settings: {} } });
    const missing = Object.assign(new Error('NotFound'), {
      name: 'NotFound',
      $metadata: { httpStatusCode: 404 },
    });
    // Sent as written ("a+b.mp4" is the object; "a b.mp4" does not exist).
    s3Mock.on(HeadObjectCommand, { Key: 'videos/a b.mp4' }).rejects(missing);
    s3Mock.on(HeadObjectCommand, { Key: 'videos/a+b.mp4' }).resolves({ ETag: `"${ETAG}"` });
    // Both forms exist: the one with the event's ETag is the upload.
    s3Mock.on(HeadObjectCommand, { Key: 'videos/x y.mp4' }).resolves({ ETag: '"an-older-object"' });
    s3Mock.on(HeadObjectCommand, { Key: 'videos/x+y.mp4' }).resolves({ ETag: `"${ETAG}"` });
    // Encoded ("%2525" is a literal "%25" key once decoded): decoded form exists.
    s3Mock.on(HeadObjectCommand, { Key: 'videos/100%25.mp4' }).resolves({ ETag: `"${ETAG}"` });
    const { stores, handler } = await setup();
    const res = await handler(
      sqsEvent(
        sqsRecord(objectCreated('videos/a+b.mp4', '01')),
        sqsRecord(objectCreated('videos/x+y.mp4', '02')),
        sqsRecord(objectCreated('videos/100%2525.mp4', '03')),
        // Not a valid encoding at all: the key as written, no lookup.
        sqsRecord(objectCreated('videos/50%.mp4', '04')),
        // No schema matches either form: nothing to look up.
        sqsRecord(objectCreated('elsewhere/p+q.mp4', '05')),
      ),
    );
    expect(res.batchItemFailures).toEqual([]);
    expect([...stores.tasks.items.values()].map((t) => t.input.key).sort()).toEqual(
      ['videos/100%25.mp4', 'videos/50%.mp4', 'videos/a+b.mp4', 'videos/x+y.mp4'].sort(),
    );
    const looked = s3Mock.commandCalls(HeadObjectCommand).map((c) => c.args[0].input.Key);
    expect(looked).not.toContain('videos/50%.mp4');
    expect(looked.filter((k) => k?.startsWith('elsewhere/'))).toEqual([]);
  });

  it('turns a duplicated event into one task and one CreateJob', async () => {
    mcMock.on(CreateJobCommand).resolves({ Job: { Id: 'job-1', Role: 'r', Settings: {} } });
    const { stores, handler } = await setup();
    await handler(
      sqsEvent(sqsRecord(objectCreated('videos/a.mp4')), sqsRecord(objectCreated('videos/a.mp4'))),
    );
    await handler(sqsEvent(sqsRecord(objectCreated('videos/a.mp4'))));
    expect(stores.tasks.items.size).toBe(1);
    expect(mcMock.commandCalls(CreateJobCommand)).toHaveLength(1);
  });

  it('reports only the bad record of a batch as failed', async () => {
    mcMock.on(CreateJobCommand).resolves({ Job: { Id: 'job-1', Role: 'r', Settings: {} } });
    const { stores, handler } = await setup();
    const bad = sqsRecord('{"detail-type": "Object Created", "source": "aws.s3"');
    const notAnUpload = sqsRecord({
      ...objectCreated('videos/x.mp4', '01'),
      'detail-type': 'Object Deleted',
    });
    const good = sqsRecord(objectCreated('videos/good.mp4', '02'));
    const res = await handler(sqsEvent(bad, good, notAnUpload));
    expect(res.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(
      [bad.messageId, notAnUpload.messageId].sort(),
    );
    expect(stores.tasks.items.size).toBe(1);
  });

  it('returns the message on throttling and submits on redelivery without a second task', async () => {
    const { stores, handler } = await setup();
    mcMock.on(CreateJobCommand).rejectsOnce(
      Object.assign(new Error('Too many requests'), {
        name: 'TooManyRequestsException',
        $metadata: { httpStatusCode: 429 },
      }),
    );
    const record = sqsRecord(objectCreated('videos/a.mp4'));
    expect((await handler(sqsEvent(record))).batchItemFailures).toEqual([
      { itemIdentifier: record.messageId },
    ]);
    const [waiting] = [...stores.tasks.items.values()];
    expect(waiting?.subtasks[0]).toMatchObject({ status: 'WAITING' });
    mcMock.on(CreateJobCommand).resolves({ Job: { Id: 'job-2', Role: 'r', Settings: {} } });
    expect((await handler(sqsEvent(record))).batchItemFailures).toEqual([]);
    expect(stores.tasks.items.size).toBe(1);
    expect([...stores.tasks.items.values()][0]?.subtasks[0]).toMatchObject({
      status: 'PROCESSING',
      jobId: 'job-2',
    });
  });

  it('fails the subtask (not the message) when MediaConvert rejects the job', async () => {
    mcMock
      .on(CreateJobCommand)
      .rejects(Object.assign(new Error('bad setting'), { name: 'BadRequestException' }));
    const { stores, handler } = await setup();
    expect((await handler(sqsEvent(sqsRecord(objectCreated('videos/a.mp4'))))).batchItemFailures).toEqual([]);
    const [task] = [...stores.tasks.items.values()];
    expect(task).toMatchObject({ status: 'FINISH', result: 'FAIL' });
    expect(task?.subtasks[0]).toMatchObject({ status: 'FAIL', errorCode: 'MediaConvert.BadRequest' });
    expect(task?.subtasks[0]?.errorMessage).toMatch(/bad setting/);
  });

  it('keeps an event the NotifyQueue refused in the task outbox; the sweep sends it once, a redelivery never', async () => {
    mcMock
      .on(CreateJobCommand)
      .rejects(Object.assign(new Error('bad setting'), { name: 'BadRequestException' }));
    // 'change' mode: creation, then the finish; the finish enqueue fails once.
    sqsMock
      .on(SendMessageCommand)
      .resolvesOnce({ MessageId: 'created' })
      .rejectsOnce(new Error('SQS unavailable'))
      .resolves({ MessageId: 'm' });
    const { stores, handler, queue } = await setup();
    const record = sqsRecord(objectCreated('videos/a.mp4'));
    // The task write stands: the upload is done, its event waits in the outbox.
    expect((await handler(sqsEvent(record))).batchItemFailures).toEqual([]);
    const [task] = [...stores.tasks.items.values()];
    expect(task).toMatchObject({ status: 'FINISH', result: 'FAIL' });
    const pending = Object.entries(task!.outbox ?? {});
    expect(pending).toHaveLength(1);
    expect(pending[0]![1]).toMatchObject({ eventType: 'TaskFinished', version: task!.version });

    // A redelivered upload changes nothing and sends nothing.
    expect((await handler(sqsEvent(record))).batchItemFailures).toEqual([]);
    expect(sqsMock.commandCalls(SendMessageCommand)).toHaveLength(2);

    // The sweep relays it with the eventId the failed send had, then the outbox is empty.
    expect(await createOutboxRelay(stores.tasks, { queue }).sweep(0)).toEqual({
      tasks: 1,
      relayed: 1,
      failed: 0,
    });
    const events = sqsMock
      .commandCalls(SendMessageCommand)
      .map((c) => JSON.parse(c.args[0].input.MessageBody!).event);
    expect(events.map((e) => e.eventType)).toEqual(['TaskChanged', 'TaskFinished', 'TaskFinished']);
    expect(events[2]).toMatchObject({ task: { taskId: task!.taskId, status: 'FINISH', result: 'FAIL' } });
    expect(events[2].eventId).toBe(events[1].eventId);
    expect(events[2].eventId).toBe(pending[0]![0]);
    expect((await stores.tasks.get(task!.taskId))!.outbox).toBeUndefined();
    expect(await createOutboxRelay(stores.tasks, { queue }).sweep(0)).toEqual({
      tasks: 0,
      relayed: 0,
      failed: 0,
    });
    expect(stores.tasks.items.size).toBe(1);
  });

  it('never triggers on objects the service wrote (loop guard)', async () => {
    const { stores, handler } = await setup();
    const res = await handler(sqsEvent(sqsRecord(objectCreated('videos/a_transcode_100010.mp4'))));
    expect(res.batchItemFailures).toEqual([]);
    expect(stores.tasks.items.size).toBe(0);
    expect(mcMock.commandCalls(CreateJobCommand)).toHaveLength(0);
  });
});
