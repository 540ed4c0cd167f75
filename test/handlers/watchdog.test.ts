import '../support/handler-env';
import { Logger } from '@aws-lambda-powertools/logger';
import {
  CancelJobCommand,
  GetJobCommand,
  type Job,
  MediaConvertClient,
  NotFoundException,
} from '@aws-sdk/client-mediaconvert';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { MediaConvertJobSubmitter } from '../../lambdas/adapters/mediaconvert-submitter';
import { S3ObjectLister } from '../../lambdas/adapters/s3-object-lister';
import { SqsDeliveryQueue } from '../../lambdas/adapters/sqs-delivery-queue';
import { SqsJobEventQueue } from '../../lambdas/adapters/sqs-job-event-queue';
import { parseJobStateEvent } from '../../lambdas/core/mediaconvert';
import type { Task } from '../../lambdas/core/model';
import { watchdogEntry } from '../../lambdas/entries/watchdog';
import { createNotifyingUpdater, createOutboxRelay } from '../../lambdas/services/notifying-updater';
import { TIMEOUT_CODE, WatchdogService } from '../../lambdas/services/watchdog-service';
import { MemoryTaskStore } from '../support/memory-stores';
import { makeTask } from '../support/tasks';

const sqsMock = mockClient(SQSClient);
const mcMock = mockClient(MediaConvertClient);
const s3Mock = mockClient(S3Client);
const NOW = new Date('2026-03-01T12:00:00.000Z');
const NOTIFY_QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/mps-notify';
const JOB_EVENTS_QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/mps-job-events';

function processing(taskId: string, startedAt: string, over: Partial<Task> = {}): Task {
  const base = makeTask({ taskId, createdAt: startedAt, status: 'PROCESSING', startedAt });
  return {
    ...base,
    subtasks: base.subtasks.map((s) => ({
      ...s,
      status: 'PROCESSING' as const,
      jobId: `job-${taskId}`,
      startedAt,
    })),
    notification: { type: 'queue', target: 'arn:aws:sqs:eu-west-1:123456789012:receiver', mode: 'finish' },
    ...over,
  };
}

/** What GetJob answers for a job of `task` (its subtask 1, attempt 1). */
function job(task: Task, over: Partial<Job>): Job {
  return {
    Id: `job-${task.taskId}`,
    Arn: `arn:aws:mediaconvert:eu-west-1:123456789012:jobs/job-${task.taskId}`,
    Role: 'arn:aws:iam::123456789012:role/mc',
    CreatedAt: new Date(task.createdAt),
    UserMetadata: {
      mpsStackId: 'mps-test-stack',
      mpsTaskId: task.taskId,
      mpsSubtaskNo: '1',
      mpsAttempt: '1',
      mpsSubtasks: '1.1',
    },
    Settings: {
      Inputs: [{ FileInput: 's3://in/videos/a.mp4' }],
      OutputGroups: [
        {
          OutputGroupSettings: {
            Type: 'FILE_GROUP_SETTINGS',
            FileGroupSettings: { Destination: `s3://out/videos/${task.taskId}_transcode_100010` },
          },
          Outputs: [{ ContainerSettings: { Container: 'MP4' } }],
        },
        {
          OutputGroupSettings: {
            Type: 'FILE_GROUP_SETTINGS',
            FileGroupSettings: { Destination: `s3://out/videos/${task.taskId}_sample_10` },
          },
          Outputs: [{ ContainerSettings: { Container: 'RAW' } }],
        },
      ],
    },
    ...over,
  };
}

function watchdog(tasks: MemoryTaskStore) {
  const sqs = new SQSClient({});
  const jobs = new MediaConvertJobSubmitter(new MediaConvertClient({ region: 'eu-west-1', maxAttempts: 1 }));
  const queue = new SqsDeliveryQueue(sqs, NOTIFY_QUEUE);
  return watchdogEntry({
    outbox: createOutboxRelay(tasks, { queue }),
    watchdog: new WatchdogService({
      tasks,
      updater: createNotifyingUpdater(tasks, { queue }),
      jobs,
      objects: new S3ObjectLister(new S3Client({ region: 'eu-west-1' })),
      jobEvents: new SqsJobEventQueue(sqs, JOB_EVENTS_QUEUE),
      stuckSubtaskMinutes: 60,
      maxJobMinutes: 600,
      now: () => NOW,
    }),
    logger: new Logger({ logLevel: 'SILENT' }),
  });
}

const sentTo = (url: string) =>
  sqsMock
    .commandCalls(SendMessageCommand)
    .filter((c) => c.args[0].input.QueueUrl === url)
    .map((c) => JSON.parse(c.args[0].input.MessageBody!));

beforeEach(() => {
  sqsMock.reset();
  mcMock.reset();
  s3Mock.reset();
  sqsMock.on(SendMessageCommand).resolves({ MessageId: 'm' });
});

describe('watchdog', () => {
  it('fails subtasks whose job MediaConvert does not know, or that never got one; leaves recent ones', async () => {
    const tasks = new MemoryTaskStore();
    await tasks.create(processing('old', '2026-03-01T10:30:00.000Z'));
    await tasks.create(processing('recent', '2026-03-01T11:30:00.000Z'));
    await tasks.create(makeTask({ taskId: 'never-started', createdAt: '2026-03-01T09:00:00.000Z' }));
    mcMock
      .on(GetJobCommand)
      .rejects(new NotFoundException({ message: 'job not found', $metadata: { httpStatusCode: 404 } }));
    const handler = watchdog(tasks);

    expect(await handler()).toEqual({
      relayedEvents: 0,
      failedSubtasks: 2,
      recoveredSubtasks: 0,
      runningSubtasks: 0,
    });

    expect(mcMock.commandCalls(GetJobCommand).map((c) => c.args[0].input.Id)).toEqual(['job-old']);
    const old = await tasks.get('old');
    // Version 2 failed it with its TaskFinished in the outbox; version 3 is the relay clearing the outbox.
    expect(old).toMatchObject({ status: 'FINISH', result: 'FAIL', version: 3 });
    expect(old?.outbox).toBeUndefined();
    expect(old?.subtasks[0]).toMatchObject({
      status: 'FAIL',
      errorCode: TIMEOUT_CODE,
      finishedAt: NOW.toISOString(),
    });
    expect(old?.subtasks[0]?.errorMessage).toMatch(/MediaConvert has no job job-old \(GetJob: not found\)/);
    expect((await tasks.get('never-started'))?.subtasks[0]?.errorMessage).toMatch(/no job was started/);
    expect((await tasks.get('recent'))?.status).toBe('PROCESSING');

    // The task with a 'finish' notification gets exactly one TaskFinished delivery enqueued.
    expect(sentTo(NOTIFY_QUEUE)).toEqual([
      expect.objectContaining({
        target: expect.objectContaining({ type: 'queue' }),
        event: expect.objectContaining({
          eventType: 'TaskFinished',
          task: expect.objectContaining({ taskId: 'old' }),
        }),
      }),
    ]);
    // A second run finds nothing more to do.
    expect(await handler()).toEqual({
      relayedEvents: 0,
      failedSubtasks: 0,
      recoveredSubtasks: 0,
      runningSubtasks: 0,
    });
  });

  it('leaves a job MediaConvert is still running alone, and cancels it past MAX_JOB_MINUTES', async () => {
    const tasks = new MemoryTaskStore();
    const slow = processing('slow', '2026-03-01T09:00:00.000Z'); // 3 h: running, within the 10 h limit
    const endless = processing('endless', '2026-02-28T12:00:00.000Z'); // 24 h: past it
    await tasks.create(slow);
    await tasks.create(endless);
    mcMock.on(GetJobCommand, { Id: 'job-slow' }).resolves({ Job: job(slow, { Status: 'PROGRESSING' }) });
    mcMock.on(GetJobCommand, { Id: 'job-endless' }).resolves({ Job: job(endless, { Status: 'SUBMITTED' }) });
    mcMock.on(CancelJobCommand).resolves({});

    expect(await watchdog(tasks)()).toEqual({
      relayedEvents: 0,
      failedSubtasks: 1,
      recoveredSubtasks: 0,
      runningSubtasks: 1,
    });

    expect((await tasks.get('slow'))?.status).toBe('PROCESSING');
    expect(mcMock.commandCalls(CancelJobCommand).map((c) => c.args[0].input.Id)).toEqual(['job-endless']);
    expect((await tasks.get('endless'))?.subtasks[0]).toMatchObject({
      status: 'FAIL',
      errorCode: TIMEOUT_CODE,
    });
    expect((await tasks.get('endless'))?.subtasks[0]?.errorMessage).toBe(
      'job job-endless was still SUBMITTED 600 minutes after submission (MAX_JOB_MINUTES); it was cancelled (restart the task to retry)',
    );
  });

  it('rebuilds the lost event of a finished job from GetJob and sends it to the job-events queue', async () => {
    const tasks = new MemoryTaskStore();
    const done = processing('done', '2026-03-01T10:00:00.000Z');
    const failed = processing('failed', '2026-03-01T10:00:00.000Z');
    await tasks.create(done);
    await tasks.create(failed);
    mcMock.on(GetJobCommand, { Id: 'job-done' }).resolves({
      Job: job(done, {
        Status: 'COMPLETE',
        Timing: { FinishTime: new Date('2026-03-01T10:20:00.000Z') },
        OutputGroupDetails: [
          { OutputDetails: [{ DurationInMs: 30_000, VideoDetails: { WidthInPx: 640, HeightInPx: 360 } }] },
          { OutputDetails: [{ DurationInMs: 30_000, VideoDetails: { WidthInPx: 320, HeightInPx: 180 } }] },
        ],
      }),
    });
    mcMock.on(GetJobCommand, { Id: 'job-failed' }).resolves({
      Job: job(failed, { Status: 'ERROR', ErrorCode: 1010, ErrorMessage: 'Unable to open input file' }),
    });
    // The frame captures: 3 images, and a neighbour under the same prefix that is not one of them.
    s3Mock.on(ListObjectsV2Command).resolves({
      Contents: [
        ...['0000000', '0000001', '0000002'].map((n) => ({ Key: `videos/done_sample_10.${n}.jpg` })),
        { Key: 'videos/done_sample_10.0000009.jpg.partial' },
      ],
    });

    expect(await watchdog(tasks)()).toEqual({
      relayedEvents: 0,
      failedSubtasks: 0,
      recoveredSubtasks: 2,
      runningSubtasks: 0,
    });

    expect(s3Mock.commandCalls(ListObjectsV2Command)[0]!.args[0].input).toMatchObject({
      Bucket: 'out',
      Prefix: 'videos/done_sample_10.',
    });
    const events = sentTo(JOB_EVENTS_QUEUE);
    expect(events.map((e) => e.id).sort()).toEqual([
      'mps-watchdog-job-done-COMPLETE',
      'mps-watchdog-job-failed-ERROR',
    ]);
    const complete = events.find((e) => e.detail.status === 'COMPLETE');
    expect(complete).toMatchObject({
      'detail-type': 'MediaConvert Job State Change',
      source: 'aws.mediaconvert',
      account: '123456789012',
      region: 'eu-west-1',
      time: '2026-03-01T12:00:00Z',
    });
    // job-events reads it like the event MediaConvert would have sent.
    const parsed = parseJobStateEvent(complete.detail, complete.time, 'mps-test-stack')!;
    expect(parsed).toMatchObject({
      jobId: 'job-done',
      status: 'COMPLETE',
      taskId: 'done',
      members: [{ no: 1, attempt: 1 }],
    });
    expect(parsed.outputs).toEqual([
      {
        bucket: 'out',
        key: 'videos/done_transcode_100010.mp4',
        kind: 'video',
        container: 'mp4',
        durationMs: 30_000,
        width: 640,
        height: 360,
      },
      {
        bucket: 'out',
        key: 'videos/done_sample_10.0000000.jpg',
        lastKey: 'videos/done_sample_10.0000002.jpg',
        count: 3,
        kind: 'image',
        container: 'jpg',
        durationMs: 30_000,
        width: 320,
        height: 180,
      },
    ]);
    const error = parseJobStateEvent(
      events.find((e) => e.detail.status === 'ERROR').detail,
      NOW.toISOString(),
    )!;
    expect(error).toMatchObject({
      status: 'ERROR',
      errorCode: '1010',
      errorMessage: 'Unable to open input file',
    });
    // The tasks themselves are changed by job-events, not here.
    expect((await tasks.get('done'))?.status).toBe('PROCESSING');
  });
});
