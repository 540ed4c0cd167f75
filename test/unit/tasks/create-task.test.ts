import { ValidationError } from '../../../lambdas/core/errors';
import { createTask, taskIdFor } from '../../../lambdas/core/tasks';
import { ITEMS, newTask, SCHEMA, T0 } from './task-fixtures';

const base = {
  origin: 'api' as const,
  input: { bucket: 'in-bucket', key: 'a.mp4' },
  output: { bucket: 'out', directory: '' },
  items: ITEMS,
  idempotencyKey: 'session:x',
  now: T0,
};

describe('createTask', () => {
  it('creates a WAITING task, version 1, with its id derived from key and time', () => {
    const task = newTask();
    expect(task).toMatchObject({
      taskId: taskIdFor('upload:abc', T0),
      status: 'WAITING',
      version: 1,
      createdAt: T0,
      origin: 'schema',
      schemaId: SCHEMA.id,
      schemaName: SCHEMA.name,
      idempotencyKey: 'upload:abc',
    });
    expect(task.result).toBeUndefined();
  });

  it('numbers subtasks from 1 in the order transcode, adaptive, gif, snapshot, sample, sprite', () => {
    const task = createTask({
      ...base,
      items: {
        imageSprite: [{ templateId: 6 }],
        sampleSnapshot: [{ templateId: 5 }],
        snapshotByTimeOffset: [{ templateId: 4, offsets: [{ value: 10, unit: '%' }] }],
        animatedGraphics: [{ templateId: 3, startTime: 0, endTime: 2 }],
        adaptiveStreaming: [{ templateIds: [2] }],
        transcode: [{ templateId: 1 }, { templateId: 11 }],
      },
    });
    expect(task.subtasks.map((s) => [s.no, s.type])).toEqual([
      [1, 'Transcode'],
      [2, 'Transcode'],
      [3, 'AdaptiveStreaming'],
      [4, 'AnimatedGraphics'],
      [5, 'SnapshotByTimeOffset'],
      [6, 'SampleSnapshot'],
      [7, 'ImageSprite'],
    ]);
    expect(task.subtasks[1]?.item).toEqual({ templateId: 11 });
    for (const s of task.subtasks) {
      expect(s).toMatchObject({ status: 'WAITING', attempt: 1, progress: 0, outputs: [], history: [] });
      expect(s.jobId).toBeUndefined();
    }
  });

  it('copies the items so later edits of the input do not leak into the task', () => {
    const items = { transcode: [{ templateId: 1, watermarks: [{ templateId: 2 }] }] };
    const task = createTask({ ...base, items });
    items.transcode[0]!.watermarks[0]!.templateId = 99;
    expect(task.subtasks[0]?.item).toEqual({ templateId: 1, watermarks: [{ templateId: 2 }] });
  });

  it("uses the schema's notification unless one is given", () => {
    expect(newTask().notification).toEqual(SCHEMA.notification);
    const own = { type: 'url' as const, target: 'https://example.com/cb', mode: 'change' as const };
    expect(createTask({ ...base, schema: SCHEMA, notification: own }).notification).toEqual(own);
    expect(createTask(base).notification).toBeUndefined();
  });

  it('keeps session id and context, and an explicit task id', () => {
    const task = createTask({ ...base, sessionId: 's1', sessionContext: 'ctx', taskId: 't-custom' });
    expect(task).toMatchObject({ sessionId: 's1', sessionContext: 'ctx', taskId: 't-custom' });
  });

  it('rejects a session context over 1000 characters', () => {
    expect(() => createTask({ ...base, sessionContext: 'x'.repeat(1001) })).toThrow(
      /sessionContext must be at most 1000 characters; got 1001/,
    );
    expect(createTask({ ...base, sessionContext: 'x'.repeat(1000) }).sessionContext).toHaveLength(1000);
  });

  it('rejects items without any processing item', () => {
    expect(() => createTask({ ...base, items: { transcode: [] } })).toThrow(ValidationError);
  });
});
