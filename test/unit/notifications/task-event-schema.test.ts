/**
 * The published JSON Schema of task events (lambdas/core/notifications/task-event.schema.json) accepts
 * every event the service builds, and is strict enough to catch a changed payload.
 */
import { buildTaskEvent } from '../../../lambdas/core/notifications';
import type { Task } from '../../../lambdas/core/model';
import { taskEventViolations } from '../../support/task-event-schema';
import { makeTask } from '../../support/tasks';

const finished: Task = {
  ...makeTask({
    taskId: 't-20260301T100000Z-0123456789abcdef',
    createdAt: '2026-03-01T10:00:00.000Z',
    status: 'FINISH',
    result: 'PARTIAL_FAILURE',
    startedAt: '2026-03-01T10:00:01.000Z',
    finishedAt: '2026-03-01T10:03:00.000Z',
  }),
  schemaId: 'sch-1',
  schemaName: 'videos',
  sessionId: 'session-1',
  sessionContext: '{"order":42}',
};
finished.subtasks = [
  {
    ...finished.subtasks[0]!,
    status: 'SUCCESS',
    progress: 100,
    startedAt: '2026-03-01T10:00:01.000Z',
    finishedAt: '2026-03-01T10:02:00.000Z',
    outputs: [
      {
        bucket: 'out',
        key: 'videos/a_transcode_100030.mp4',
        kind: 'video',
        container: 'mp4',
        width: 1280,
        height: 720,
        durationMs: 30_000,
      },
      {
        bucket: 'out',
        key: 'videos/a_sample_20.0000000.jpg',
        lastKey: 'videos/a_sample_20.0000029.jpg',
        count: 30,
        kind: 'image',
        container: 'jpg',
      },
    ],
  },
  {
    ...finished.subtasks[0]!,
    no: 2,
    type: 'AnimatedGraphics',
    item: { templateId: 20000 },
    status: 'FAIL',
    attempt: 2,
    errorCode: 'MediaConvert.1010',
    errorMessage: 'Unable to open input file',
    finishedAt: '2026-03-01T10:03:00.000Z',
  } as Task['subtasks'][number],
];

describe('task event JSON Schema', () => {
  it.each([
    ['a new task', makeTask({ taskId: 't-new', createdAt: '2026-03-01T10:00:00.000Z' }), 'TaskChanged'],
    ['a finished task with outputs, a sequence, a failure, a session', finished, 'TaskFinished'],
  ] as const)('accepts the event of %s', (_what, task, type) => {
    expect(taskEventViolations(buildTaskEvent(task, type, '2026-03-01T10:05:00.000Z'))).toEqual([]);
  });

  it('catches a changed payload: a missing field, an extra field, a wrong enum, a bad id', () => {
    const event = buildTaskEvent(finished, 'TaskFinished', '2026-03-01T10:05:00.000Z');
    const { sessionId: _dropped, ...missing } = event;
    expect(taskEventViolations(missing)).toEqual(["/ must have required property 'sessionId'"]);
    expect(taskEventViolations({ ...event, extra: 1 })).toEqual(['/ must NOT have additional properties']);
    expect(taskEventViolations({ ...event, task: { ...event.task, status: 'DONE' } })).toEqual([
      '/task/status must be equal to one of the allowed values',
    ]);
    expect(taskEventViolations({ ...event, eventId: 'evt-1' })[0]).toMatch(/^\/eventId must match pattern/);
  });
});
