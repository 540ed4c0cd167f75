import '../support/handler-env';
import { Logger } from '@aws-lambda-powertools/logger';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { SqsDeliveryQueue } from '../../lambdas/adapters/sqs-delivery-queue';
import type { Task } from '../../lambdas/core/model';
import { watchdogEntry } from '../../lambdas/entries/watchdog';
import { createNotifyingUpdater } from '../../lambdas/services/notifying-updater';
import { TIMEOUT_CODE, WatchdogService } from '../../lambdas/services/watchdog-service';
import { MemoryTaskStore } from '../support/memory-stores';
import { makeTask } from '../support/tasks';

const sqsMock = mockClient(SQSClient);
const NOW = new Date('2026-03-01T12:00:00.000Z');
const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/mps-notify';

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

beforeEach(() => {
  sqsMock.reset();
  sqsMock.on(SendMessageCommand).resolves({ MessageId: 'm' });
});

describe('watchdog', () => {
  it('fails subtasks PROCESSING/WAITING longer than the limit, leaves recent ones, submits nothing', async () => {
    const tasks = new MemoryTaskStore();
    await tasks.create(processing('old', '2026-03-01T10:30:00.000Z'));
    await tasks.create(processing('recent', '2026-03-01T11:30:00.000Z'));
    await tasks.create(makeTask({ taskId: 'never-started', createdAt: '2026-03-01T09:00:00.000Z' }));
    const handler = watchdogEntry({
      watchdog: new WatchdogService({
        tasks,
        updater: createNotifyingUpdater(tasks, { queue: new SqsDeliveryQueue(new SQSClient({}), QUEUE) }),
        stuckSubtaskMinutes: 60,
        now: () => NOW,
      }),
      logger: new Logger({ logLevel: 'SILENT' }),
    });

    expect(await handler()).toEqual({ failedSubtasks: 2 });

    const old = await tasks.get('old');
    expect(old).toMatchObject({ status: 'FINISH', result: 'FAIL', version: 2 });
    expect(old?.subtasks[0]).toMatchObject({
      status: 'FAIL',
      errorCode: TIMEOUT_CODE,
      finishedAt: NOW.toISOString(),
    });
    expect(old?.subtasks[0]?.errorMessage).toMatch(/no completion event for job job-old within 60 minutes/);
    expect((await tasks.get('never-started'))?.subtasks[0]).toMatchObject({
      status: 'FAIL',
      errorCode: TIMEOUT_CODE,
    });
    expect((await tasks.get('never-started'))?.subtasks[0]?.errorMessage).toMatch(/no job was started/);
    expect((await tasks.get('recent'))?.status).toBe('PROCESSING');

    // The task with a 'finish' notification gets exactly one TaskFinished delivery enqueued.
    const bodies = sqsMock
      .commandCalls(SendMessageCommand)
      .map((c) => JSON.parse(c.args[0].input.MessageBody!));
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toMatchObject({
      target: { type: 'queue' },
      event: { eventType: 'TaskFinished', task: { taskId: 'old' } },
    });

    // A second run finds nothing more to do.
    expect(await handler()).toEqual({ failedSubtasks: 0 });
  });
});
