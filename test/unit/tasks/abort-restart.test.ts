import { ConflictError } from '../../../lambdas/core/errors';
import type { Task } from '../../../lambdas/core/model';
import {
  abortTask,
  applyJobEvent,
  failSubtask,
  markSubmitted,
  restartTask,
} from '../../../lambdas/core/tasks';
import { at, jobEvent, newTask, submittedTask } from './task-fixtures';

/** Submitted task with subtask 1 SUCCESS, 2 FAIL, 3 ABORTED, 4 SUCCESS. */
function finishedTask(): Task {
  let task = submittedTask();
  const events = [
    jobEvent(task, 1, { status: 'COMPLETE', time: at(5) }),
    jobEvent(task, 2, { status: 'ERROR', errorCode: '1010', errorMessage: 'bad', time: at(6) }),
    jobEvent(task, 3, { status: 'CANCELED', time: at(7) }),
    jobEvent(task, 4, { status: 'COMPLETE', time: at(8) }),
  ];
  for (const ev of events) task = applyJobEvent(task, ev).task;
  return task;
}

describe('abortTask', () => {
  it('aborts waiting and processing subtasks and returns the jobs to cancel', () => {
    let task = markSubmitted(newTask(), [{ no: 2, attempt: 1 }], 'job-2', at(1));
    task = markSubmitted(task, [{ no: 3, attempt: 1 }], 'job-3', at(1));
    task = applyJobEvent(task, jobEvent(task, 3, { status: 'COMPLETE', time: at(3) })).task;
    const { task: aborted, jobIdsToCancel } = abortTask(task, at(4));
    expect(jobIdsToCancel).toEqual(['job-2']);
    expect(aborted.subtasks.map((s) => s.status)).toEqual(['ABORTED', 'ABORTED', 'SUCCESS', 'ABORTED']);
    expect(aborted.subtasks[0]?.finishedAt).toBe(at(4));
    expect(aborted).toMatchObject({ status: 'FINISH', result: 'ABORTED', version: task.version + 1 });
  });

  it('makes a later CANCELED event a no-op', () => {
    const task = submittedTask();
    const { task: aborted } = abortTask(task, at(4));
    expect(applyJobEvent(aborted, jobEvent(task, 1, { status: 'CANCELED', time: at(5) })).changed).toBe(
      false,
    );
  });

  it('refuses to abort a finished task', () => {
    expect(() => abortTask(finishedTask(), at(9))).toThrow(ConflictError);
  });
});

describe('restartTask', () => {
  it('re-runs FAIL and ABORTED subtasks with the next attempt and keeps the history', () => {
    const task = finishedTask();
    expect(task).toMatchObject({ status: 'FINISH', result: 'ABORTED' });
    const restarted = restartTask(task, {}, at(20));
    expect(restarted.version).toBe(task.version + 1);
    expect(restarted.subtasks.map((s) => [s.status, s.attempt])).toEqual([
      ['SUCCESS', 1],
      ['WAITING', 2],
      ['WAITING', 2],
      ['SUCCESS', 1],
    ]);
    const second = restarted.subtasks[1]!;
    expect(second).not.toHaveProperty('jobId');
    expect(second).not.toHaveProperty('errorCode');
    expect(second).not.toHaveProperty('finishedAt');
    expect(second).toMatchObject({ progress: 0, outputs: [] });
    expect(second.history).toEqual([
      {
        attempt: 1,
        status: 'FAIL',
        jobId: 'job-2',
        startedAt: at(1),
        finishedAt: at(6),
        errorCode: 'MediaConvert.1010',
        errorMessage: 'bad',
      },
    ]);
    expect(restarted.status).toBe('PROCESSING');
    expect(restarted).not.toHaveProperty('result');
    expect(restarted).not.toHaveProperty('finishedAt');
  });

  it('ignores events of the previous attempt and accepts the new one', () => {
    const restarted = restartTask(finishedTask(), {}, at(20));
    const old = jobEvent(restarted, 2, { status: 'COMPLETE', time: at(21) });
    expect(applyJobEvent(restarted, old).changed).toBe(false);
    const resubmitted = markSubmitted(restarted, [{ no: 2, attempt: 2 }], 'job-2b', at(22));
    const done = applyJobEvent(resubmitted, {
      ...old,
      members: [{ no: 2, attempt: 2 }],
      jobId: 'job-2b',
      time: at(30),
    });
    expect(done.task.subtasks[1]).toMatchObject({ status: 'SUCCESS', attempt: 2, jobId: 'job-2b' });
  });

  it('re-runs every subtask with all: true', () => {
    const restarted = restartTask(finishedTask(), { all: true }, at(20));
    expect(restarted.subtasks.every((s) => s.status === 'WAITING' && s.attempt === 2)).toBe(true);
    expect(restarted.subtasks[0]?.outputs).toEqual([]);
    expect(restarted.status).toBe('WAITING');
  });

  it('refuses a task that has not finished', () => {
    expect(() => restartTask(submittedTask(), {}, at(9))).toThrow(/only a FINISH task can be restarted/);
  });

  it('refuses when nothing failed unless all is set', () => {
    let task = submittedTask();
    for (const s of task.subtasks)
      task = applyJobEvent(task, jobEvent(task, s.no, { status: 'COMPLETE' })).task;
    expect(task.result).toBe('SUCCESS');
    expect(() => restartTask(task, {}, at(9))).toThrow(ConflictError);
    // The API's message names the API's parameter (the CLI says --all).
    expect(() => restartTask(task, {}, at(9))).toThrow(
      `task ${task.taskId} has no FAIL or ABORTED subtask to restart; to re-run every subtask, set the query ` +
        `parameter all=true (POST /tasks/${task.taskId}/restart?all=true)`,
    );
    expect(restartTask(task, { all: true }, at(9)).status).toBe('WAITING');
  });

  it('restarts subtasks that failed before submission', () => {
    let task = newTask();
    for (const s of task.subtasks) task = failSubtask(task, s.no, 1, 'SourceFileError', 'unreadable', at(1));
    const restarted = restartTask(task, {}, at(2));
    expect(restarted.subtasks[0]?.history).toEqual([
      {
        attempt: 1,
        status: 'FAIL',
        finishedAt: at(1),
        errorCode: 'SourceFileError',
        errorMessage: 'unreadable',
      },
    ]);
  });
});
