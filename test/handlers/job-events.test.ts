import '../support/handler-env';
import { Logger } from '@aws-lambda-powertools/logger';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { SqsDeliveryQueue } from '../../lambdas/adapters/sqs-delivery-queue';
import type { Task } from '../../lambdas/core/model';
import { jobEventsEntry } from '../../lambdas/entries/job-events';
import { JobEventService } from '../../lambdas/services/job-event-service';
import { createNotifyingUpdater, createOutboxRelay } from '../../lambdas/services/notifying-updater';
import { MemoryTaskStore } from '../support/memory-stores';
import { sqsEvent, sqsRecord } from '../support/sqs-events';
import { makeTask } from '../support/tasks';

const sqsMock = mockClient(SQSClient);
const STACK = 'mps-test-stack';

/** A "MediaConvert Job State Change" EventBridge event as AWS sends it. */
function jobEvent(
  taskId: string,
  status: string,
  detail: Record<string, unknown> = {},
  time = '2026-03-01T10:05:00Z',
) {
  return {
    version: '0',
    id: `${taskId}-${status}-${time}`,
    'detail-type': 'MediaConvert Job State Change',
    source: 'aws.mediaconvert',
    account: '123456789012',
    time,
    region: 'eu-west-1',
    resources: [`arn:aws:mediaconvert:eu-west-1:123456789012:jobs/job-${taskId}`],
    detail: {
      timestamp: Date.parse(time),
      accountId: '123456789012',
      queue: 'arn:aws:mediaconvert:eu-west-1:123456789012:queues/Default',
      jobId: `job-${taskId}`,
      status,
      userMetadata: { mpsStackId: STACK, mpsTaskId: taskId, mpsSubtaskNo: '1', mpsAttempt: '1' },
      ...detail,
    },
  };
}

const COMPLETE_DETAIL = {
  outputGroupDetails: [
    {
      type: 'FILE_GROUP',
      outputDetails: [
        {
          outputFilePaths: ['s3://out/videos/a_transcode_100010.mp4'],
          durationInMs: 12000,
          videoDetails: { widthInPx: 640, heightInPx: 360, averageBitrate: 400000 },
        },
      ],
    },
  ],
};

function running(taskId: string): Task {
  const base = makeTask({
    taskId,
    createdAt: '2026-03-01T10:00:00.000Z',
    status: 'PROCESSING',
    startedAt: '2026-03-01T10:00:01.000Z',
  });
  return {
    ...base,
    subtasks: base.subtasks.map((s) => ({
      ...s,
      status: 'PROCESSING' as const,
      jobId: `job-${taskId}`,
      startedAt: '2026-03-01T10:00:01.000Z',
    })),
    notification: { type: 'queue', target: 'arn:aws:sqs:eu-west-1:123456789012:receiver', mode: 'finish' },
  };
}

async function setup() {
  const tasks = new MemoryTaskStore();
  for (const id of ['t-ok', 't-err', 't-cancel']) await tasks.create(running(id));
  const queue = new SqsDeliveryQueue(
    new SQSClient({}),
    'https://sqs.eu-west-1.amazonaws.com/123456789012/mps-notify',
  );
  const updater = createNotifyingUpdater(tasks, { queue });
  const handler = jobEventsEntry({
    jobEvents: new JobEventService({ tasks, updater, stackId: STACK }),
    logger: new Logger({ logLevel: 'SILENT' }),
  });
  return { tasks, handler, relay: createOutboxRelay(tasks, { queue }) };
}

const notified = () =>
  sqsMock.commandCalls(SendMessageCommand).map((c) => JSON.parse(c.args[0].input.MessageBody!).event);

beforeEach(() => {
  sqsMock.reset();
  sqsMock.on(SendMessageCommand).resolves({ MessageId: 'm' });
});

describe('job-events', () => {
  it('applies PROGRESSING, STATUS_UPDATE and COMPLETE; a duplicate COMPLETE changes nothing', async () => {
    const { tasks, handler } = await setup();
    await handler(sqsEvent(sqsRecord(jobEvent('t-ok', 'PROGRESSING'))));
    await handler(
      sqsEvent(sqsRecord(jobEvent('t-ok', 'STATUS_UPDATE', { jobProgress: { jobPercentComplete: 42 } }))),
    );
    expect((await tasks.get('t-ok'))?.subtasks[0]?.progress).toBe(42);
    const complete = jobEvent('t-ok', 'COMPLETE', COMPLETE_DETAIL, '2026-03-01T10:06:00Z');
    expect((await handler(sqsEvent(sqsRecord(complete)))).batchItemFailures).toEqual([]);
    const done = await tasks.get('t-ok');
    expect(done).toMatchObject({ status: 'FINISH', result: 'SUCCESS' });
    expect(done?.subtasks[0]).toMatchObject({ status: 'SUCCESS', progress: 100 });
    expect(done?.subtasks[0]?.outputs[0]).toMatchObject({
      bucket: 'out',
      key: 'videos/a_transcode_100010.mp4',
    });
    const version = done!.version;
    await handler(sqsEvent(sqsRecord(complete), sqsRecord(complete)));
    expect((await tasks.get('t-ok'))?.version).toBe(version);
    // 'finish' mode: only TaskFinished events, all with one eventId (a redelivered terminal event
    // re-announces the finish so that a lost enqueue is recovered; receivers deduplicate on eventId).
    expect(new Set(notified().map((e) => `${e.eventType} ${e.task.taskId} ${e.eventId}`)).size).toBe(1);
    expect(notified()[0]).toMatchObject({ eventType: 'TaskFinished', task: { taskId: 't-ok' } });
  });

  it('a notification the NotifyQueue refused stays in the outbox and goes out once, by the sweep', async () => {
    const { tasks, handler, relay } = await setup();
    sqsMock.on(SendMessageCommand).rejectsOnce(new Error('SQS unavailable')).resolves({ MessageId: 'm' });
    const complete = sqsRecord(jobEvent('t-ok', 'COMPLETE', COMPLETE_DETAIL, '2026-03-01T10:06:00Z'));
    // The task is written with its event in the outbox; the failed enqueue leaves it there.
    expect((await handler(sqsEvent(complete))).batchItemFailures).toEqual([]);
    const finished = await tasks.get('t-ok');
    expect(finished).toMatchObject({ status: 'FINISH', result: 'SUCCESS' });
    expect(Object.values(finished!.outbox ?? {})).toEqual([
      expect.objectContaining({ eventType: 'TaskFinished', version: finished!.version }),
    ]);
    // A redelivered job event changes nothing and sends nothing.
    expect((await handler(sqsEvent(complete))).batchItemFailures).toEqual([]);
    expect(notified()).toHaveLength(1);
    // The sweep sends it with the same eventId, once.
    expect(await relay.sweep(0)).toMatchObject({ relayed: 1, failed: 0 });
    expect(await relay.sweep(0)).toMatchObject({ relayed: 0 });
    const sent = notified();
    expect(sent).toHaveLength(2);
    expect(sent[1]).toMatchObject({ eventType: 'TaskFinished', task: { taskId: 't-ok', status: 'FINISH' } });
    expect(sent[1].eventId).toBe(sent[0].eventId);
    expect((await tasks.get('t-ok'))!.outbox).toBeUndefined();
  });

  it('maps ERROR to FAIL with the MediaConvert code and CANCELED to ABORTED', async () => {
    const { tasks, handler } = await setup();
    const res = await handler(
      sqsEvent(
        sqsRecord(jobEvent('t-err', 'ERROR', { errorCode: 1010, errorMessage: 'Unable to open input file' })),
        sqsRecord(jobEvent('t-cancel', 'CANCELED')),
      ),
    );
    expect(res.batchItemFailures).toEqual([]);
    expect((await tasks.get('t-err'))?.subtasks[0]).toMatchObject({
      status: 'FAIL',
      errorCode: 'MediaConvert.1010',
      errorMessage: 'Unable to open input file',
    });
    expect(await tasks.get('t-cancel')).toMatchObject({ status: 'FINISH', result: 'ABORTED' });
  });

  it('ignores events of other stacks and fails unparseable records only', async () => {
    const { tasks, handler } = await setup();
    const other = jobEvent('t-ok', 'COMPLETE', {
      ...COMPLETE_DETAIL,
      userMetadata: { mpsStackId: 'someone-else', mpsTaskId: 't-ok', mpsSubtaskNo: '1', mpsAttempt: '1' },
    });
    const garbage = sqsRecord('{not json');
    const res = await handler(sqsEvent(sqsRecord(other), garbage));
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: garbage.messageId }]);
    expect((await tasks.get('t-ok'))?.status).toBe('PROCESSING');
  });
});
