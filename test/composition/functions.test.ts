/**
 * Every function exactly as lambdas/composition.ts assembles it, from an environment like the stack's:
 * DynamoDB is a real protocol endpoint (dynalite), SQS, SNS and MediaConvert are mocked at the SDK
 * (aws-sdk-client-mock). An upload goes seed → ingest → job-events → notify-delivery, the API reads the
 * task back, and the watchdog asks MediaConvert about what has had no news for too long.
 */
import {
  CreateJobCommand,
  type CreateJobCommandInput,
  GetJobCommand,
  MediaConvertClient,
  NotFoundException,
} from '@aws-sdk/client-mediaconvert';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { createApiHandler } from '../../lambdas/api';
import {
  apiFunction,
  ingestFunction,
  jobEventsFunction,
  notifyDeliveryFunction,
  type Platform,
  seedFunction,
  watchdogFunction,
} from '../../lambdas/composition';
import { ENV } from '../../lambdas/contract';
import type { Task } from '../../lambdas/core/model';
import type { DeliveryMessage } from '../../lambdas/core/notifications';
import { ingestEntry } from '../../lambdas/entries/ingest';
import { jobEventsEntry } from '../../lambdas/entries/job-events';
import { notifyDeliveryEntry } from '../../lambdas/entries/notify-delivery';
import { seedEntry } from '../../lambdas/entries/seed';
import { watchdogEntry } from '../../lambdas/entries/watchdog';
import { encodeS3Key, jobStateChange, objectCreated } from '../fault/events';
import { type LocalTable, startDynalite } from '../support/dynalite';
import { testPlatform } from '../support/platform';
import { sqsEvent, sqsRecord } from '../support/sqs-events';

const mcMock = mockClient(MediaConvertClient);
const sqsMock = mockClient(SQSClient);
const s3Mock = mockClient(S3Client);

const NOTIFY_QUEUE = 'https://sqs.eu-west-1.amazonaws.com/111111111111/mps-notify';
const RECEIVER = 'arn:aws:sqs:eu-west-1:111111111111:receiver';

let table: LocalTable;
let platform: Platform;

beforeAll(async () => {
  table = await startDynalite();
  const env = {
    AWS_REGION: 'eu-west-1',
    [ENV.tableName]: table.tableName,
    [ENV.stackId]: 'mps-composed',
    [ENV.mediaConvertRoleArn]: 'arn:aws:iam::111111111111:role/mps-mediaconvert',
    [ENV.workBucket]: 'mps-work',
    [ENV.notifyQueueUrl]: NOTIFY_QUEUE,
    [ENV.notifyDlqUrl]: `${NOTIFY_QUEUE}-dlq`,
    [ENV.notifyMaxAttempts]: '8',
    [ENV.callbackSecret]: 'composed-secret',
    [ENV.stuckSubtaskMinutes]: '30',
    [ENV.mediaConvertEndpoint]: 'https://mediaconvert.eu-west-1.amazonaws.com',
    [ENV.jobEventsQueueUrl]: 'https://sqs.eu-west-1.amazonaws.com/111111111111/mps-job-events',
  };
  const base = testPlatform(env);
  platform = {
    ...base,
    clientSettings: (service) =>
      service === 'dynamodb'
        ? { ...base.clientSettings(service), endpoint: table.endpoint }
        : base.clientSettings(service),
  };
});
afterAll(() => table?.stop());
beforeEach(() => {
  mcMock.reset();
  sqsMock.reset();
  sqsMock.on(SendMessageCommand).resolves({ MessageId: 'm' });
  s3Mock.reset();
  // Every upload exists, with the ETag its event carries (test/fault/events.ts).
  s3Mock.on(HeadObjectCommand).resolves({ ETag: '"b1946ac92492d2347c6235b4d2611184"' });
});

/** An upload time after the seeded schema was enabled (event times have whole seconds). */
const inAMoment = () => new Date(Date.now() + 2000).toISOString().replace(/\.\d+Z$/, 'Z');

/** Bodies sent to a queue URL, parsed. */
const sentTo = (url: string) =>
  sqsMock
    .commandCalls(SendMessageCommand)
    .filter((c) => c.args[0].input.QueueUrl === url)
    .map((c) => JSON.parse(c.args[0].input.MessageBody!) as unknown);

function cfnCreate(props: Record<string, unknown>): CloudFormationCustomResourceEvent {
  return {
    RequestType: 'Create',
    ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:provider',
    ResponseURL: 'https://example.com/response',
    StackId: 'arn:aws:cloudformation:eu-west-1:111111111111:stack/mps/1',
    RequestId: 'req-1',
    LogicalResourceId: 'Seed',
    ResourceType: 'Custom::MpsSeed',
    ResourceProperties: { ServiceToken: 'x', ...props },
  };
}

function apiGet(path: string): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    requestContext: { http: { method: 'GET', path } },
  } as unknown as APIGatewayProxyEventV2;
}

describe('the functions as the composition root builds them', () => {
  let job: CreateJobCommandInput;
  let taskId: string;

  it('seed: writes the declared schema to the table', async () => {
    const seed = seedEntry(seedFunction(platform));
    const res = await seed(
      cfnCreate({
        Templates: '[]',
        Schemas: JSON.stringify([
          {
            name: 'videos',
            trigger: { bucket: 'media-in', directory: 'videos/' },
            output: { bucket: 'media-out', directory: 'encoded/' },
            items: { transcode: [{ templateId: 100010 }] },
            notification: { type: 'queue', target: RECEIVER, mode: 'finish' },
          },
        ]),
      }),
    );
    expect(res.Data).toEqual({ TemplatesWritten: 0, SchemasWritten: 1 });
  });

  it('ingest: an upload becomes a task and a MediaConvert job', async () => {
    mcMock.on(CreateJobCommand).resolves({ Job: { Id: 'job-composed', Role: 'r', Settings: {} } });
    const ingest = ingestEntry(ingestFunction(platform));
    const res = await ingest(
      sqsEvent(
        sqsRecord(
          objectCreated(encodeS3Key('videos/my clip+1.mp4'), { bucket: 'media-in', time: inAMoment() }),
        ),
      ),
    );
    expect(res.batchItemFailures).toEqual([]);
    const calls = mcMock.commandCalls(CreateJobCommand);
    expect(calls).toHaveLength(1);
    job = calls[0]!.args[0].input;
    expect(job.Role).toBe('arn:aws:iam::111111111111:role/mps-mediaconvert');
    expect(job.Settings!.Inputs![0]!.FileInput).toBe('s3://media-in/videos/my clip+1.mp4');
    expect(job.UserMetadata!.mpsStackId).toBe('mps-composed');
    taskId = job.UserMetadata!.mpsTaskId!;
  });

  it('job-events: COMPLETE finishes the task and enqueues its notification', async () => {
    const jobEvents = jobEventsEntry(jobEventsFunction(platform));
    const dest = job.Settings!.OutputGroups![0]!.OutputGroupSettings!.FileGroupSettings!.Destination!;
    const output = job.Settings!.OutputGroups![0]!.Outputs![0]!;
    const complete = jobStateChange(job, 'job-composed', 'COMPLETE', '2026-03-01T10:02:00Z', {
      outputGroupDetails: [
        {
          type: 'FILE_GROUP',
          outputDetails: [
            {
              outputFilePaths: [`${dest}${output.NameModifier ?? ''}.mp4`],
              durationInMs: 10_000,
              videoDetails: { widthInPx: 1280, heightInPx: 720 },
            },
          ],
        },
      ],
    });
    expect((await jobEvents(sqsEvent(sqsRecord(complete)))).batchItemFailures).toEqual([]);
    const [message] = sentTo(NOTIFY_QUEUE) as DeliveryMessage[];
    expect(message).toMatchObject({
      kind: 'mps.delivery',
      target: { type: 'queue', target: RECEIVER },
      event: { eventType: 'TaskFinished', task: { taskId, status: 'FINISH', result: 'SUCCESS' } },
    });
  });

  it('notify-delivery: delivers the message to its target', async () => {
    const notify = notifyDeliveryEntry(notifyDeliveryFunction(platform));
    const message = {
      kind: 'mps.delivery',
      version: 1,
      target: { type: 'queue', target: RECEIVER },
      event: { eventId: 'e-1', eventType: 'TaskFinished', task: { taskId } },
    };
    expect((await notify(sqsEvent(sqsRecord(message, { queue: 'mps-notify' })))).batchItemFailures).toEqual(
      [],
    );
    expect(sentTo('https://sqs.eu-west-1.amazonaws.com/111111111111/receiver')).toEqual([message.event]);
  });

  it('api: reads the task and the dead-lettered deliveries', async () => {
    const api = createApiHandler(apiFunction(platform));
    const res = await api(apiGet(`/tasks/${taskId}`));
    expect(res.statusCode).toBe(200);
    expect((JSON.parse(res.body!) as Task).status).toBe('FINISH');
    sqsMock.on(ReceiveMessageCommand).resolves({ Messages: [] });
    const failed = await api(apiGet('/deliveries/failed'));
    expect(failed.statusCode).toBe(200);
    expect(sqsMock.commandCalls(ReceiveMessageCommand)[0]!.args[0].input.QueueUrl).toBe(
      `${NOTIFY_QUEUE}-dlq`,
    );
  });

  it('api: refuses AI items on a stack deployed without AI backends (mediaAi: false), with the field and the reason', async () => {
    const api = createApiHandler(apiFunction(platform));
    const body = {
      name: 'with-ai',
      trigger: { bucket: 'media-in', directory: 'ai/' },
      output: { bucket: 'media-out', directory: 'ai-out/' },
      items: { transcode: [{ templateId: 100010 }], aiAnalysis: [{ templateId: 60 }] },
    };
    const res = await api({
      ...apiGet('/schemas'),
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
      requestContext: { http: { method: 'POST', path: '/schemas' } },
    } as unknown as APIGatewayProxyEventV2);
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body!).error).toMatchObject({
      code: 'InvalidParameter',
      field: 'items.aiAnalysis',
      message: expect.stringMatching(/deployed without \(mediaAi: false\).*local runtime/),
    });
  });

  it('watchdog: asks MediaConvert about a subtask without news past STUCK_SUBTASK_MINUTES', async () => {
    mcMock.on(CreateJobCommand).resolves({ Job: { Id: 'job-stuck', Role: 'r', Settings: {} } });
    const ingest = ingestEntry(ingestFunction(platform));
    const upload = objectCreated(encodeS3Key('videos/stuck.mp4'), {
      bucket: 'media-in',
      sequencer: '01',
      time: inAMoment(),
    });
    expect((await ingest(sqsEvent(sqsRecord(upload)))).batchItemFailures).toEqual([]);
    const stuckTask = mcMock.commandCalls(CreateJobCommand)[0]!.args[0].input.UserMetadata!.mpsTaskId!;
    mcMock
      .on(GetJobCommand)
      .rejects(new NotFoundException({ message: 'not found', $metadata: { httpStatusCode: 404 } }));
    const watchdog = watchdogEntry(watchdogFunction(platform));
    // The job was submitted now, so nothing is asked yet…
    expect(await watchdog()).toEqual({
      relayedEvents: 0,
      failedSubtasks: 0,
      recoveredSubtasks: 0,
      runningSubtasks: 0,
    });
    expect(mcMock.commandCalls(GetJobCommand)).toHaveLength(0);
    // …until 30 minutes have passed: MediaConvert does not know the job, so the subtask fails.
    jest.useFakeTimers({
      now: Date.now() + 31 * 60_000,
      doNotFake: ['nextTick', 'setImmediate', 'setTimeout'],
    });
    try {
      expect(await watchdog()).toEqual({
        relayedEvents: 0,
        failedSubtasks: 1,
        recoveredSubtasks: 0,
        runningSubtasks: 0,
      });
    } finally {
      jest.useRealTimers();
    }
    expect(mcMock.commandCalls(GetJobCommand)[0]!.args[0].input).toEqual({ Id: 'job-stuck' });
    const api = createApiHandler(apiFunction(platform));
    const task = JSON.parse((await api(apiGet(`/tasks/${stuckTask}`))).body!) as Task;
    expect(task.subtasks[0]).toMatchObject({ status: 'FAIL', errorCode: 'InternalError.Timeout' });
  });
});
