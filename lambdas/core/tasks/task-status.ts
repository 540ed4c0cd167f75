import type { Subtask, SubtaskStatus, Task, TaskResult, TaskStatus } from '../model';

/** SUCCESS, FAIL and ABORTED end an attempt; nothing but a restart leaves them. */
export function isTerminal(status: SubtaskStatus): boolean {
  return status === 'SUCCESS' || status === 'FAIL' || status === 'ABORTED';
}

/**
 * WAITING while no subtask has started, PROCESSING while some subtask is WAITING/PROCESSING after one
 * started, FINISH when every subtask has ended.
 */
export function deriveTaskStatus(subtasks: readonly Pick<Subtask, 'status'>[]): TaskStatus {
  if (subtasks.every((s) => isTerminal(s.status))) return 'FINISH';
  return subtasks.some((s) => s.status !== 'WAITING') ? 'PROCESSING' : 'WAITING';
}

/**
 * Result of a finished task: ABORTED if any subtask was aborted, SUCCESS if all succeeded, FAIL if
 * all failed, PARTIAL_FAILURE otherwise. Undefined while the task is not finished.
 */
export function deriveTaskResult(subtasks: readonly Pick<Subtask, 'status'>[]): TaskResult | undefined {
  if (deriveTaskStatus(subtasks) !== 'FINISH') return undefined;
  if (subtasks.some((s) => s.status === 'ABORTED')) return 'ABORTED';
  if (subtasks.every((s) => s.status === 'SUCCESS')) return 'SUCCESS';
  if (subtasks.every((s) => s.status === 'FAIL')) return 'FAIL';
  return 'PARTIAL_FAILURE';
}

function pickTime(
  times: (string | undefined)[],
  pick: (a: number, b: number) => boolean,
): string | undefined {
  let best: string | undefined;
  for (const time of times) {
    if (time !== undefined && (best === undefined || pick(Date.parse(time), Date.parse(best)))) best = time;
  }
  return best;
}

/** Task fields derived from its subtasks. */
export interface TaskSummary {
  status: TaskStatus;
  result?: TaskResult;
  /** Earliest subtask start. */
  startedAt?: string;
  /** Latest subtask finish, once the task is FINISH. */
  finishedAt?: string;
}

/** Derives status, result, startedAt and finishedAt from the subtasks (order-independent). */
export function summarizeTask(task: Pick<Task, 'subtasks'>): TaskSummary {
  const status = deriveTaskStatus(task.subtasks);
  const result = deriveTaskResult(task.subtasks);
  const startedAt = pickTime(
    task.subtasks.map((s) => s.startedAt),
    (a, b) => a < b,
  );
  const finishedAt =
    status === 'FINISH'
      ? pickTime(
          task.subtasks.map((s) => s.finishedAt),
          (a, b) => a > b,
        )
      : undefined;
  return {
    status,
    ...(result ? { result } : {}),
    ...(startedAt ? { startedAt } : {}),
    ...(finishedAt ? { finishedAt } : {}),
  };
}

/** Keys of T whose value may be absent. */
export type OptionalKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? K : never }[keyof T];

/**
 * A copy of `value` without the listed optional fields. Keeps stored items free of `undefined` values
 * and, unlike Omit, keeps discriminated unions such as Subtask intact.
 */
export function omit<T extends object>(value: T, ...keys: OptionalKeys<T>[]): T {
  const copy = { ...value };
  for (const key of keys) delete copy[key];
  return copy;
}

/** The task with `subtasks` replaced, summary fields re-derived and version + 1. */
export function withSubtasks(task: Task, subtasks: Subtask[]): Task {
  const base = omit(task, 'result', 'startedAt', 'finishedAt');
  return { ...base, ...summarizeTask({ subtasks }), subtasks, version: task.version + 1 };
}

/** Longest error message a subtask keeps (MediaConvert's can be long); the rest is cut with "…". */
export const MAX_ERROR_MESSAGE_LENGTH = 1000;

/** `message` cut to {@link MAX_ERROR_MESSAGE_LENGTH} characters. */
export function capErrorMessage(message: string): string {
  return message.length <= MAX_ERROR_MESSAGE_LENGTH
    ? message
    : `${message.slice(0, MAX_ERROR_MESSAGE_LENGTH - 1)}…`;
}

/**
 * Replaces every subtask for which `update` returns a new one, in one commit (version + 1); returns
 * undefined when `update` changes nothing.
 */
export function updateSubtasks(
  task: Task,
  update: (subtask: Subtask) => Subtask | undefined,
): Task | undefined {
  let changed = false;
  const subtasks = task.subtasks.map((s) => {
    const next = update(s);
    if (!next) return s;
    changed = true;
    return next;
  });
  return changed ? withSubtasks(task, subtasks) : undefined;
}

/** Replaces subtask `no` (via `update`) and commits; returns undefined when `update` changes nothing. */
export function updateSubtask(
  task: Task,
  no: number,
  update: (subtask: Subtask) => Subtask | undefined,
): Task | undefined {
  const index = task.subtasks.findIndex((s) => s.no === no);
  const current = task.subtasks[index];
  if (!current) return undefined;
  const next = update(current);
  if (!next) return undefined;
  const subtasks = task.subtasks.slice();
  subtasks[index] = next;
  return withSubtasks(task, subtasks);
}
