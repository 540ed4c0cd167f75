import { ConflictError, NotFoundError } from '../errors';
import type { Subtask, Task } from '../model';
import { isTerminal, omit, updateSubtask } from './task-status';

function subtaskOf(task: Task, no: number): Subtask {
  const subtask = task.subtasks.find((s) => s.no === no);
  if (!subtask) {
    throw new NotFoundError(`task ${task.taskId} has no subtask ${no} (it has 1–${task.subtasks.length})`);
  }
  return subtask;
}

/**
 * Records the job submitted for attempt `attempt` of subtask `no`: a WAITING subtask becomes
 * PROCESSING (startedAt = now). Returns the same task when nothing changes: a stale attempt, the same
 * jobId already recorded (e.g. a job-state event got there first). If the subtask ended meanwhile
 * (aborted before the job was recorded) only the jobId is stored and its status is kept: the caller
 * should then cancel that job. Throws ConflictError if another job is already recorded for the attempt.
 */
export function markSubmitted(task: Task, no: number, attempt: number, jobId: string, now: string): Task {
  const subtask = subtaskOf(task, no);
  if (attempt !== subtask.attempt || subtask.jobId === jobId) return task;
  if (subtask.jobId !== undefined) {
    throw new ConflictError(
      `subtask ${no} attempt ${attempt} of task ${task.taskId} already has job ${subtask.jobId}; refusing to record job ${jobId}`,
    );
  }
  const next =
    subtask.status === 'WAITING'
      ? updateSubtask(task, no, (s) => ({ ...s, jobId, status: 'PROCESSING', startedAt: now }))
      : updateSubtask(task, no, (s) => ({ ...s, jobId }));
  return next ?? task;
}

/**
 * Fails attempt `attempt` of subtask `no` without a job event (submission refused, source unreadable,
 * stuck job). Returns the same task for a stale attempt or a subtask that has already ended.
 */
export function failSubtask(
  task: Task,
  no: number,
  attempt: number,
  code: string,
  message: string,
  now: string,
): Task {
  const subtask = subtaskOf(task, no);
  if (attempt !== subtask.attempt || isTerminal(subtask.status)) return task;
  const next = updateSubtask(task, no, (s) => ({
    ...s,
    status: 'FAIL',
    errorCode: code,
    errorMessage: message,
    finishedAt: now,
  }));
  return next ?? task;
}

/** Fields of a subtask that belong to one attempt's run. */
export const RUN_FIELDS = ['jobId', 'startedAt', 'finishedAt', 'errorCode', 'errorMessage'] as const;

/** The subtask reset for a new attempt: WAITING, progress 0, no outputs, previous run in history. */
export function nextAttempt(subtask: Subtask): Subtask {
  const previous = {
    attempt: subtask.attempt,
    status: subtask.status,
    ...Object.fromEntries(RUN_FIELDS.filter((f) => subtask[f] !== undefined).map((f) => [f, subtask[f]])),
  };
  return {
    ...omit(subtask, ...RUN_FIELDS),
    status: 'WAITING',
    attempt: subtask.attempt + 1,
    progress: 0,
    outputs: [],
    history: [...subtask.history, previous],
  };
}
