import type { Subtask } from '../model';
import { isTerminal } from './task-status';

/**
 * Overall progress of a task, 0–100 (whole percent): the mean over its subtasks, where a subtask that
 * has ended (SUCCESS, FAIL or ABORTED) counts as 100 and any other counts its own progress. A task
 * is at 100 exactly when it is FINISH; a task without subtasks is at 100.
 */
export function taskProgress(task: { subtasks: readonly Pick<Subtask, 'status' | 'progress'>[] }): number {
  if (task.subtasks.length === 0) return 100;
  const sum = task.subtasks.reduce(
    (total, s) => total + (isTerminal(s.status) ? 100 : Math.min(100, Math.max(0, s.progress))),
    0,
  );
  const mean = sum / task.subtasks.length;
  // Never report 100 before every subtask has ended.
  return task.subtasks.every((s) => isTerminal(s.status)) ? 100 : Math.min(99, Math.floor(mean));
}
