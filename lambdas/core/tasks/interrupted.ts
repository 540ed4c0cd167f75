import type { Task } from '../model';
import { nextAttempt } from './submission';
import { capErrorMessage, withSubtasks } from './task-status';

/** Error code kept in the history of an attempt whose job died with the process that ran it. */
export const INTERRUPTED_CODE = 'InternalError.Interrupted';

/**
 * The task with the attempts of subtasks `nos` (still WAITING or PROCESSING on job `jobId`) ended as
 * interrupted and each subtask reset for a new attempt: the interrupted run goes to its history with
 * INTERRUPTED_CODE and `reason`, and the subtask is WAITING without a job, ready to be submitted again.
 * The same task when none of them is still on that job.
 */
export function retryInterrupted(
  task: Task,
  jobId: string,
  nos: readonly number[],
  reason: string,
  now: string,
): Task {
  let changed = false;
  const subtasks = task.subtasks.map((s) => {
    if (!nos.includes(s.no) || s.jobId !== jobId) return s;
    if (s.status !== 'WAITING' && s.status !== 'PROCESSING') return s;
    changed = true;
    return nextAttempt({
      ...s,
      status: 'FAIL',
      errorCode: INTERRUPTED_CODE,
      errorMessage: capErrorMessage(reason),
      finishedAt: now,
    });
  });
  return changed ? withSubtasks(task, subtasks) : task;
}
