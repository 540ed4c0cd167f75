import { ConflictError } from '../errors';
import type { Task } from '../model';
import { nextAttempt } from './submission';
import { withSubtasks } from './task-status';

/**
 * Aborts the WAITING and PROCESSING subtasks of an unfinished task and returns the jobs to cancel.
 * Throws ConflictError when the task has already finished.
 */
export function abortTask(task: Task, now: string): { task: Task; jobIdsToCancel: string[] } {
  if (task.status === 'FINISH') {
    throw new ConflictError(
      `task ${task.taskId} has already finished; only a WAITING or PROCESSING task can be aborted`,
      'FailedOperation.InvalidTaskStatus',
    );
  }
  const jobIdsToCancel = new Set<string>();
  const subtasks = task.subtasks.map((s) => {
    if (s.status !== 'WAITING' && s.status !== 'PROCESSING') return s;
    if (s.jobId !== undefined) jobIdsToCancel.add(s.jobId);
    return { ...s, status: 'ABORTED' as const, finishedAt: now };
  });
  // A job shared by several subtasks is cancelled once.
  return { task: withSubtasks(task, subtasks), jobIdsToCancel: [...jobIdsToCancel] };
}

/**
 * Re-runs the FAIL and ABORTED subtasks of a finished task (all subtasks with `all: true`): each gets
 * attempt + 1, status WAITING, progress 0, and its previous run moves to `history`. Throws
 * ConflictError when the task has not finished or there is nothing to re-run.
 */
export function restartTask(task: Task, options: { all?: boolean }, now: string): Task {
  void now; // part of the contract; a restart records nothing time-stamped until submission
  if (task.status !== 'FINISH') {
    throw new ConflictError(
      `task ${task.taskId} is ${task.status}; only a FINISH task can be restarted`,
      'FailedOperation.InvalidTaskStatus',
    );
  }
  const rerun = (status: string): boolean =>
    options.all === true || status === 'FAIL' || status === 'ABORTED';
  if (!task.subtasks.some((s) => rerun(s.status))) {
    throw new ConflictError(
      `task ${task.taskId} has no FAIL or ABORTED subtask to restart; to re-run every subtask, set the ` +
        `query parameter all=true (POST /tasks/${task.taskId}/restart?all=true)`,
      'FailedOperation.InvalidTaskStatus',
    );
  }
  return withSubtasks(
    task,
    task.subtasks.map((s) => (rerun(s.status) ? nextAttempt(s) : s)),
  );
}
