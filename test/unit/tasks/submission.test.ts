import { ConflictError, NotFoundError } from '../../../lambdas/core/errors';
import { abortTask, failSubtask, markSubmitted } from '../../../lambdas/core/tasks';
import { at, newTask } from './task-fixtures';

describe('markSubmitted', () => {
  it('moves a WAITING subtask to PROCESSING with its job id, and the task to PROCESSING', () => {
    const task = newTask();
    const next = markSubmitted(task, [{ no: 2, attempt: 1 }], 'job-2', at(1));
    expect(next.version).toBe(task.version + 1);
    expect(next.subtasks[1]).toMatchObject({ status: 'PROCESSING', jobId: 'job-2', startedAt: at(1) });
    expect(next).toMatchObject({ status: 'PROCESSING', startedAt: at(1) });
    expect(task.subtasks[1]?.status).toBe('WAITING'); // input untouched
  });

  it('returns the same task for a repeated submission or a stale attempt', () => {
    const once = markSubmitted(newTask(), [{ no: 1, attempt: 1 }], 'job-1', at(1));
    expect(markSubmitted(once, [{ no: 1, attempt: 1 }], 'job-1', at(5))).toBe(once);
    expect(markSubmitted(once, [{ no: 2, attempt: 7 }], 'job-x', at(5))).toBe(once);
  });

  it('refuses a second job for the same attempt', () => {
    const once = markSubmitted(newTask(), [{ no: 1, attempt: 1 }], 'job-1', at(1));
    expect(() => markSubmitted(once, [{ no: 1, attempt: 1 }], 'job-other', at(2))).toThrow(ConflictError);
  });

  it('records the job of an already aborted subtask without reviving it', () => {
    const { task: aborted } = abortTask(newTask(), at(1));
    const next = markSubmitted(aborted, [{ no: 1, attempt: 1 }], 'job-1', at(2));
    expect(next.subtasks[0]).toMatchObject({ status: 'ABORTED', jobId: 'job-1' });
    expect(next.status).toBe('FINISH');
  });

  it('throws NotFoundError for an unknown subtask', () => {
    expect(() => markSubmitted(newTask(), [{ no: 9, attempt: 1 }], 'j', at(1))).toThrow(NotFoundError);
  });
});

describe('failSubtask', () => {
  it('sets FAIL with code, message and finish time', () => {
    const next = failSubtask(newTask(), 3, 1, 'SourceFileError', 'cannot read source', at(4));
    expect(next.subtasks[2]).toMatchObject({
      status: 'FAIL',
      errorCode: 'SourceFileError',
      errorMessage: 'cannot read source',
      finishedAt: at(4),
    });
    expect(next.status).toBe('PROCESSING');
  });

  it('finishes the task with FAIL when every subtask failed', () => {
    let task = newTask();
    for (const s of task.subtasks) task = failSubtask(task, s.no, 1, 'InternalError', 'boom', at(s.no));
    expect(task).toMatchObject({ status: 'FINISH', result: 'FAIL', finishedAt: at(task.subtasks.length) });
  });

  it('ignores a stale attempt and an already finished subtask', () => {
    const failed = failSubtask(newTask(), 1, 1, 'A', 'a', at(1));
    expect(failSubtask(failed, 1, 1, 'B', 'b', at(2))).toBe(failed);
    expect(failSubtask(failed, 2, 2, 'B', 'b', at(2))).toBe(failed);
  });
});
