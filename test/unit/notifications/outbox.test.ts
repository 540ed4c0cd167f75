import type { Task } from '../../../lambdas/core/model';
import {
  decidedEvent,
  oldestPendingTime,
  outboxDeliveries,
  pendingEventIds,
  taskEventId,
  withDecidedEvent,
  withRelayedEvents,
} from '../../../lambdas/core/notifications';
import { makeTask } from '../../support/tasks';

const NOW = '2026-03-01T10:05:00.000Z';
const QUEUE = {
  type: 'queue' as const,
  target: 'https://sqs.eu-west-1.amazonaws.com/1/receiver',
  mode: 'change' as const,
};
const base = makeTask({ taskId: 't-1', createdAt: '2026-03-01T10:00:00.000Z', notification: QUEUE });
const finished = (t: Task): Task => ({
  ...t,
  status: 'FINISH',
  result: 'SUCCESS',
  subtasks: t.subtasks.map((s) => ({ ...s, status: 'SUCCESS' })),
  version: t.version + 1,
});

describe('task outbox', () => {
  it('decides one event per write: TaskChanged on creation, TaskFinished on finish, to every target', () => {
    expect(decidedEvent(undefined, base, {}, NOW)).toEqual({
      eventId: taskEventId('t-1', 1, 'TaskChanged'),
      event: {
        eventType: 'TaskChanged',
        version: 1,
        time: NOW,
        targets: [{ type: 'queue', target: QUEUE.target }],
      },
    });
    const done = finished(base);
    expect(decidedEvent(base, done, { defaultFunction: 'fn' }, NOW)?.event).toEqual({
      eventType: 'TaskFinished',
      version: 2,
      time: NOW,
      targets: [
        { type: 'queue', target: QUEUE.target },
        { type: 'function', target: 'fn' },
      ],
    });
    // Progress alone is no change; 'finish' mode says nothing before the finish.
    expect(
      decidedEvent(
        base,
        { ...base, subtasks: [{ ...base.subtasks[0]!, progress: 50 }], version: 2 },
        {},
        NOW,
      ),
    ).toBeUndefined();
    const quiet = { ...base, notification: { ...QUEUE, mode: 'finish' as const } };
    expect(decidedEvent(undefined, quiet, {}, NOW)).toBeUndefined();
  });

  it('keeps earlier pending events when a write adds one, and builds their messages from the task', () => {
    const created = withDecidedEvent(undefined, base, {}, NOW);
    const done = withDecidedEvent(created, finished(created), {}, '2026-03-01T10:06:00.000Z');
    expect(pendingEventIds(done)).toEqual([
      taskEventId('t-1', 1, 'TaskChanged'),
      taskEventId('t-1', 2, 'TaskFinished'),
    ]);
    expect(pendingEventIds(done, NOW)).toEqual([taskEventId('t-1', 1, 'TaskChanged')]);
    expect(oldestPendingTime(done)).toBe(NOW);
    const [message] = outboxDeliveries(done, taskEventId('t-1', 2, 'TaskFinished'));
    expect(message).toMatchObject({
      kind: 'mps.delivery',
      target: { type: 'queue', target: QUEUE.target },
      event: {
        eventId: taskEventId('t-1', 2, 'TaskFinished'),
        eventType: 'TaskFinished',
        time: '2026-03-01T10:06:00.000Z',
        task: { status: 'FINISH', result: 'SUCCESS' },
      },
    });
    expect(outboxDeliveries(done, 'evt-unknown')).toEqual([]);
  });

  it('removes what was relayed as the next version; a partly relayed event keeps the targets still to go', () => {
    const policy = { defaultFunction: 'fn' };
    const created = withDecidedEvent(undefined, base, policy, NOW);
    const done = withDecidedEvent(created, finished(created), policy, NOW);
    const changed = taskEventId('t-1', 1, 'TaskChanged');
    const finish = taskEventId('t-1', 2, 'TaskFinished');

    const partly = withRelayedEvents(done, { [changed]: 1, [finish]: 1 });
    expect(partly.version).toBe(done.version + 1);
    expect(Object.keys(partly.outbox!)).toEqual([finish]);
    expect(partly.outbox![finish]!.targets).toEqual([{ type: 'function', target: 'fn' }]);

    const all = withRelayedEvents(partly, { [finish]: 1 });
    expect(all).not.toHaveProperty('outbox');
    expect(all.version).toBe(partly.version + 1);
    // Nothing listed is pending: the same task, no write.
    expect(withRelayedEvents(all, { [finish]: 1 })).toBe(all);
    expect(oldestPendingTime(all)).toBeUndefined();
  });
});
