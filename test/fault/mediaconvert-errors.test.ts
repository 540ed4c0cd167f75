/**
 * MediaConvert failures through the deployed ingest entry point (lambdas/handlers/ingest.ts `handler`,
 * built from the environment at module load) over a real DynamoDB protocol (dynalite), with the
 * MediaConvert, S3 and SQS clients mocked: throttling and 5xx return the message to the queue and are
 * retried without a second job; a message that exhausts its receives is left for the DLQ with a
 * metric and an error log line; a BadRequest fails the subtask once, with a code, and is not retried.
 * Logs and CloudWatch EMF metrics are read from stdout/stderr, as CloudWatch Logs would receive them.
 */
import { CreateJobCommand, MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import { S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { createDynamoStores } from '../../lambdas/adapters/dynamo-stores';
import type { Stores } from '../../lambdas/core/ports';
import { BAD_REQUEST_CODE } from '../../lambdas/adapters/mediaconvert-submitter';
import type { Task } from '../../lambdas/core/model';
import { TaskUpdater } from '../../lambdas/services/task-updates';
import { TIMEOUT_CODE, WatchdogService } from '../../lambdas/services/watchdog-service';
import { type LocalTable, startDynalite } from '../support/dynalite';
import { sqsEvent, sqsRecord } from '../support/sqs-events';
import { makeSchema } from '../support/tasks';
import { objectCreated } from './events';

/** The IngestQueue's maxReceiveCount (lib/ingestion.ts default): receives before the DLQ. */
const MAX_RECEIVES = 5;

const mcMock = mockClient(MediaConvertClient);
const s3Mock = mockClient(S3Client);
const sqsMock = mockClient(SQSClient);

let table: LocalTable;
let stores: Stores;
let handler: (event: SQSEvent) => Promise<SQSBatchResponse>;
let stdout: string[] = [];

const throttled = () =>
  Object.assign(new Error('Too Many Requests'), {
    name: 'TooManyRequestsException',
    $fault: 'client',
    $metadata: { httpStatusCode: 429 },
  });
const serverError = () =>
  Object.assign(new Error('Internal Server Error'), {
    name: 'InternalServerErrorException',
    $fault: 'server',
    $metadata: { httpStatusCode: 500 },
  });
const badRequest = () =>
  Object.assign(new Error('/settings/outputGroups/0: Invalid output group'), {
    name: 'BadRequestException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
  });

beforeAll(async () => {
  table = await startDynalite();
  stores = createDynamoStores(table.doc, table.tableName);
  await stores.schemas.put(makeSchema({ id: 'sch-mc', name: 'mc-errors' }), { expectNew: true });
  // The Lambda environment (lib/ingestion.ts), pointed at dynalite; metrics and INFO logs on.
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
    TABLE_NAME: table.tableName,
    STACK_ID: 'mps-test-stack',
    MEDIACONVERT_ROLE_ARN: 'arn:aws:iam::123456789012:role/mps-mediaconvert',
    WORK_BUCKET: 'mps-test-work',
    NOTIFY_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/mps-notify',
    POWERTOOLS_SERVICE_NAME: 'mps-ingest',
    POWERTOOLS_METRICS_NAMESPACE: 'Mps',
    POWERTOOLS_LOG_LEVEL: 'INFO',
  });
  delete process.env.POWERTOOLS_METRICS_DISABLED;
  delete process.env.POWERTOOLS_DEV;
  ({ handler } = await import('../../lambdas/handlers/ingest'));
});

afterAll(async () => {
  await table?.stop();
});

beforeEach(() => {
  mcMock.reset();
  s3Mock.reset();
  sqsMock.reset();
  sqsMock.on(SendMessageCommand).resolves({ MessageId: 'm' });
  stdout = [];
  // Lambda sends both streams to CloudWatch Logs (the Logger writes WARN/ERROR to stderr).
  for (const stream of [process.stdout, process.stderr]) {
    jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout.push(String(chunk));
      return true;
    });
  }
});

afterEach(() => jest.restoreAllMocks());

/** JSON lines written to stdout/stderr by the last invocation. */
function lines(): Record<string, unknown>[] {
  return stdout
    .join('')
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Sum of an EMF metric over the stdout lines. */
function metric(name: string): number {
  return lines()
    .filter((l) => (l._aws as { CloudWatchMetrics?: unknown } | undefined)?.CloudWatchMetrics)
    .reduce((sum, l) => sum + (typeof l[name] === 'number' ? (l[name] as number) : 0), 0);
}

function errorLogs(): Record<string, unknown>[] {
  return lines().filter((l) => l.level === 'ERROR');
}

async function taskOf(key: string): Promise<Task | undefined> {
  const page = await stores.tasks.list({ schemaId: 'sch-mc', limit: 100 });
  return page.items.find((t) => t.input.key === key);
}

async function deliver(body: unknown, receiveCount: number, messageId?: string) {
  const record = sqsRecord(body, { receiveCount, queue: 'mps-ingest' });
  if (messageId) record.messageId = messageId;
  stdout = [];
  return { record, res: await handler(sqsEvent(record)) };
}

describe('MediaConvert errors on CreateJob', () => {
  it.each([
    ['throttling (TooManyRequestsException)', throttled],
    ['a 5xx (InternalServerErrorException)', serverError],
  ])('%s returns the message; the next delivery creates exactly one job', async (_name, failure) => {
    const key = `videos/${failure.name}-${Math.random().toString(36).slice(2)}.mp4`;
    const event = objectCreated(key, { sequencer: '0A1' });
    mcMock
      .on(CreateJobCommand)
      .rejectsOnce(failure())
      .resolves({ Job: { Id: 'job-ok', Role: 'r', Settings: {} } });

    const first = await deliver(event, 1);
    expect(first.res.batchItemFailures).toEqual([{ itemIdentifier: first.record.messageId }]);
    expect(metric('IngestFailed')).toBe(1);
    expect(metric('SubmitRetry')).toBe(1);
    expect(errorLogs()).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/retried, then dead-lettered/),
        messageId: first.record.messageId,
        receiveCount: '1',
        errorName: failure().name,
      }),
    ]);
    expect((await taskOf(key))?.subtasks[0]).toMatchObject({ status: 'WAITING' });
    expect((await taskOf(key))?.subtasks[0]?.jobId).toBeUndefined();

    const second = await deliver(event, 2, first.record.messageId);
    expect(second.res.batchItemFailures).toEqual([]);
    expect(metric('IngestFailed')).toBe(0);
    expect(metric('TasksCreated')).toBe(0); // the task came from the first delivery
    const calls = mcMock.commandCalls(CreateJobCommand).map((c) => c.args[0].input);
    expect(calls).toHaveLength(2);
    // Both attempts carried the same idempotency token: had MediaConvert created the job before
    // failing the response, the retry would have got that job back instead of a second one.
    expect(calls[1]!.ClientRequestToken).toBe(calls[0]!.ClientRequestToken);
    expect(await taskOf(key)).toMatchObject({ status: 'PROCESSING' });
    expect((await taskOf(key))?.subtasks[0]).toMatchObject({ status: 'PROCESSING', jobId: 'job-ok' });
  });

  it('a message failing every receive is left for the DLQ with a metric each time; the task is kept and then failed by the watchdog', async () => {
    const key = 'videos/always-throttled.mp4';
    const event = objectCreated(key, { sequencer: '0B2' });
    mcMock.on(CreateJobCommand).rejects(throttled());
    let messageId: string | undefined;
    for (let receive = 1; receive <= MAX_RECEIVES; receive++) {
      const { record, res } = await deliver(event, receive, messageId);
      messageId = record.messageId;
      // Reported as failed every time: SQS moves it to the DLQ (alarmed) after the last receive.
      expect(res.batchItemFailures).toEqual([{ itemIdentifier: messageId }]);
      expect(metric('IngestFailed')).toBe(1);
      expect(errorLogs()).toEqual([
        expect.objectContaining({
          messageId,
          receiveCount: String(receive),
          errorName: 'TooManyRequestsException',
        }),
      ]);
    }
    expect(mcMock.commandCalls(CreateJobCommand)).toHaveLength(MAX_RECEIVES);
    // Nothing silently dropped: one task, visible as WAITING, no job.
    const task = await taskOf(key);
    expect(task).toMatchObject({ status: 'WAITING' });

    // The watchdog fails it with a reason once it is older than the stuck limit.
    const watchdog = new WatchdogService({
      tasks: stores.tasks,
      updater: new TaskUpdater(stores.tasks),
      jobs: { getJob: async () => undefined, cancelJob: async () => undefined },
      objects: { keys: async () => [] },
      jobEvents: { enqueue: async () => undefined },
      stuckSubtaskMinutes: 180,
      maxJobMinutes: 24 * 60,
      now: () => new Date(Date.parse(task!.createdAt) + 181 * 60_000),
    });
    expect((await watchdog.run()).failed).toBeGreaterThanOrEqual(1);
    const failed = await stores.tasks.get(task!.taskId);
    expect(failed).toMatchObject({ status: 'FINISH', result: 'FAIL' });
    expect(failed?.subtasks[0]).toMatchObject({ status: 'FAIL', errorCode: TIMEOUT_CODE });
    expect(failed?.subtasks[0]?.errorMessage).toMatch(/no job was started within 180 minutes/);
  });

  it('a BadRequestException fails the subtask with a code at once; redeliveries submit nothing', async () => {
    const key = 'videos/rejected.mp4';
    const event = objectCreated(key, { sequencer: '0C3' });
    mcMock.on(CreateJobCommand).rejects(badRequest());
    const first = await deliver(event, 1);
    expect(first.res.batchItemFailures).toEqual([]);
    expect(metric('IngestFailed')).toBe(0);
    expect(metric('SubmitRetry')).toBe(0);
    const task = await taskOf(key);
    expect(task).toMatchObject({ status: 'FINISH', result: 'FAIL' });
    expect(task?.subtasks[0]).toMatchObject({ status: 'FAIL', errorCode: BAD_REQUEST_CODE });
    expect(task?.subtasks[0]?.errorMessage).toMatch(/MediaConvert rejected the job: .*Invalid output group/);

    // S3 redelivers the event (at least once): no second CreateJob, no retry storm.
    for (let i = 0; i < 3; i++) expect((await deliver(event, 1)).res.batchItemFailures).toEqual([]);
    expect(mcMock.commandCalls(CreateJobCommand)).toHaveLength(1);
    expect((await taskOf(key))?.version).toBe(task?.version);
  });
});
