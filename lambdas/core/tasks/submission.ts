import { ConflictError, NotFoundError } from '../errors';
import type { JobMember, Subtask, Task } from '../model';
import { capErrorMessage, isTerminal, omit, updateSubtask, updateSubtasks } from './task-status';

function subtaskOf(task: Task, no: number): Subtask {
  const subtask = task.subtasks.find((s) => s.no === no);
  if (!subtask) {
    throw new NotFoundError(`task ${task.taskId} has no subtask ${no} (it has 1–${task.subtasks.length})`);
  }
  return subtask;
}

/**
 * Records the job submitted for the subtask attempts `members` (one, or several sharing the job): a
 * WAITING subtask becomes PROCESSING (startedAt = now). Members whose attempt is stale or that already
 * record this jobId (e.g. a job-state event got there first) are left as they are, and the same task
 * is returned when nothing changes. A member that ended meanwhile (aborted before the job was
 * recorded) only stores the jobId and keeps its status: the caller should then cancel that job.
 * Throws ConflictError if another job is already recorded for a member's attempt.
 */
export function markSubmitted(task: Task, members: readonly JobMember[], jobId: string, now: string): Task {
  const shared = members.length > 1 ? { jobSubtasks: members.map((m) => m.no) } : {};
  const changes = new Map<number, Subtask>();
  for (const member of members) {
    const subtask = subtaskOf(task, member.no);
    if (member.attempt !== subtask.attempt || subtask.jobId === jobId) continue;
    if (subtask.jobId !== undefined) {
      throw new ConflictError(
        `subtask ${member.no} attempt ${member.attempt} of task ${task.taskId} already has job ${subtask.jobId}; refusing to record job ${jobId}`,
      );
    }
    changes.set(
      member.no,
      subtask.status === 'WAITING'
        ? { ...subtask, ...shared, jobId, status: 'PROCESSING', startedAt: now }
        : { ...subtask, ...shared, jobId },
    );
  }
  return updateSubtasks(task, (s) => changes.get(s.no)) ?? task;
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
    errorMessage: capErrorMessage(message),
    finishedAt: now,
  }));
  return next ?? task;
}

/** Fields of a subtask that belong to one attempt's run. */
export const RUN_FIELDS = [
  'jobId',
  'jobSubtasks',
  'startedAt',
  'finishedAt',
  'errorCode',
  'errorMessage',
] as const;

/** Earlier attempts kept in a subtask's history (the most recent ones), so task records stay bounded. */
export const MAX_HISTORY = 5;

/**
 * The subtask reset for a new attempt: WAITING, progress 0, no outputs, previous run in history (the
 * last {@link MAX_HISTORY} runs are kept).
 */
export function nextAttempt(subtask: Subtask): Subtask {
  const previous = {
    attempt: subtask.attempt,
    status: subtask.status,
    ...Object.fromEntries(RUN_FIELDS.filter((f) => subtask[f] !== undefined).map((f) => [f, subtask[f]])),
  };
  return {
    ...omit(subtask, ...RUN_FIELDS, 'summary'),
    status: 'WAITING',
    attempt: subtask.attempt + 1,
    progress: 0,
    outputs: [],
    history: [...subtask.history, previous].slice(-MAX_HISTORY),
  };
}
