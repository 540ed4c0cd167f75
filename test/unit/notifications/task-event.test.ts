import {
  buildTaskEvent,
  notificationEventType,
  shouldNotify,
  taskEventId,
} from '../../../lambdas/core/notifications';
import { applyJobEvent, createTask } from '../../../lambdas/core/tasks';
import { at, jobEvent, newTask, outputOf, submittedTask } from '../tasks/task-fixtures';

describe('buildTaskEvent', () => {
  it('renders the versioned payload with nulls for absent values', () => {
    const task = newTask();
    const event = buildTaskEvent(task, 'TaskChanged', at(3));
    expect(event).toMatchObject({
      version: '1',
      eventType: 'TaskChanged',
      time: at(3),
      sessionId: null,
      sessionContext: null,
      task: {
        taskId: task.taskId,
        status: 'WAITING',
        result: null,
        origin: 'schema',
        schemaId: task.schemaId,
        schemaName: task.schemaName,
        input: task.input,
        output: task.output,
        createdAt: task.createdAt,
        startedAt: null,
        finishedAt: null,
      },
    });
    expect(event.task.subtasks).toHaveLength(task.subtasks.length);
    expect(event.task.subtasks[0]).toEqual({
      no: 1,
      type: 'Transcode',
      status: 'WAITING',
      attempt: 1,
      progress: 0,
      startedAt: null,
      finishedAt: null,
      outputs: [],
      errorCode: null,
      errorMessage: null,
    });
  });

  it('carries results, errors, outputs and the session fields', () => {
    let task = submittedTask();
    task = { ...task, sessionId: 's-1', sessionContext: '{"order":42}' };
    const output = outputOf(task, 1, '.mp4', 10);
    task = applyJobEvent(
      task,
      jobEvent(task, 1, { status: 'COMPLETE', outputs: [output], time: at(5) }),
    ).task;
    task = applyJobEvent(
      task,
      jobEvent(task, 2, { status: 'ERROR', errorCode: '1010', errorMessage: 'bad', time: at(6) }),
    ).task;
    const event = buildTaskEvent(task, 'TaskChanged', at(7));
    expect(event.sessionId).toBe('s-1');
    expect(event.sessionContext).toBe('{"order":42}');
    expect(event.task.startedAt).toBe(at(1));
    expect(event.task.subtasks[0]).toMatchObject({
      status: 'SUCCESS',
      progress: 100,
      outputs: [output],
      finishedAt: at(5),
    });
    expect(event.task.subtasks[1]).toMatchObject({
      status: 'FAIL',
      errorCode: 'MediaConvert.1010',
      errorMessage: 'bad',
    });
  });

  it('does not leak internal fields (idempotency key, items, history, jobIds)', () => {
    const json = JSON.stringify(buildTaskEvent(submittedTask(), 'TaskChanged', at(2)));
    expect(json).not.toContain('idempotencyKey');
    expect(json).not.toContain('job-1');
    expect(json).not.toContain('history');
  });

  it('has an event id that is deterministic per task version and event type', () => {
    const task = newTask();
    const a = buildTaskEvent(task, 'TaskChanged', at(1));
    expect(buildTaskEvent(task, 'TaskChanged', at(99)).eventId).toBe(a.eventId);
    expect(buildTaskEvent(task, 'TaskFinished', at(1)).eventId).not.toBe(a.eventId);
    expect(buildTaskEvent({ ...task, version: 2 }, 'TaskChanged', at(1)).eventId).not.toBe(a.eventId);
    expect(a.eventId).toBe(taskEventId(task.taskId, task.version, 'TaskChanged'));
    expect(a.eventId).toMatch(/^evt-[0-9a-f]{32}$/);
  });
});

describe('shouldNotify / notificationEventType', () => {
  const waiting = newTask();
  const running = submittedTask();
  const progressed = applyJobEvent(
    running,
    jobEvent(running, 1, { status: 'STATUS_UPDATE', progress: 50 }),
  ).task;
  let finished = running;
  for (const s of running.subtasks)
    finished = applyJobEvent(finished, jobEvent(running, s.no, { status: 'COMPLETE' })).task;

  it("notifies 'finish' mode once, when the task becomes FINISH", () => {
    expect(shouldNotify('finish', undefined, waiting)).toBe(false);
    expect(shouldNotify('finish', waiting, running)).toBe(false);
    expect(shouldNotify('finish', running, finished)).toBe(true);
    expect(shouldNotify('finish', finished, finished)).toBe(false);
    expect(notificationEventType('finish', running, finished)).toBe('TaskFinished');
  });

  it("notifies 'change' mode on creation and on status changes, not on progress alone", () => {
    expect(shouldNotify('change', undefined, waiting)).toBe(true);
    expect(shouldNotify('change', waiting, running)).toBe(true);
    expect(shouldNotify('change', running, progressed)).toBe(false);
    expect(notificationEventType('change', waiting, running)).toBe('TaskChanged');
    expect(notificationEventType('change', progressed, finished)).toBe('TaskFinished');
    expect(notificationEventType('change', running, progressed)).toBeUndefined();
  });

  it("notifies a subtask status change in 'change' mode even when the task status stays", () => {
    const oneDone = applyJobEvent(running, jobEvent(running, 1, { status: 'COMPLETE' })).task;
    expect(oneDone.status).toBe('PROCESSING');
    expect(shouldNotify('change', running, oneDone)).toBe(true);
    expect(shouldNotify('finish', running, oneDone)).toBe(false);
  });

  it('notifies again when a restarted task finishes a second time', () => {
    const task = createTask({
      origin: 'api',
      input: { bucket: 'b', key: 'k.mp4' },
      output: { bucket: 'b', directory: '' },
      items: { transcode: [{ templateId: 1 }] },
      idempotencyKey: 'k',
      now: at(0),
    });
    const waitingAgain = { ...task, status: 'PROCESSING' as const };
    const done = { ...task, status: 'FINISH' as const };
    expect(shouldNotify('finish', waitingAgain, done)).toBe(true);
  });
});
