import type { JobStateEvent, Subtask, Task } from '../model';
import { isTerminal, omit, updateSubtask } from './task-status';

/** MediaConvert reports numeric error codes; tasks carry them as "MediaConvert.<code>". */
export function mediaConvertErrorCode(code: string | undefined): string {
  if (code === undefined || code === '') return 'MediaConvert.Unknown';
  return /^\d+$/.test(code) ? `MediaConvert.${code}` : code;
}

function earliest(a: string | undefined, b: string): string {
  return a !== undefined && Date.parse(a) <= Date.parse(b) ? a : b;
}

/** The subtask after `ev`, or undefined when the event changes nothing. */
function nextSubtask(s: Subtask, ev: JobStateEvent): Subtask | undefined {
  const progress = Math.max(s.progress, Math.min(100, Math.max(0, ev.progress ?? 0)));
  if (isTerminal(s.status)) {
    // The attempt has ended; only a late progress report may still raise the final progress, so the
    // outcome does not depend on the order in which events arrive.
    return ev.status === 'STATUS_UPDATE' && progress > s.progress ? { ...s, progress } : undefined;
  }
  const running = { ...s, jobId: ev.jobId, startedAt: earliest(s.startedAt, ev.time) };
  switch (ev.status) {
    case 'PROGRESSING':
    case 'STATUS_UPDATE':
      if (
        s.status === 'PROCESSING' &&
        s.jobId === ev.jobId &&
        progress === s.progress &&
        s.startedAt !== undefined
      ) {
        return undefined;
      }
      return { ...running, status: 'PROCESSING', progress };
    case 'COMPLETE':
      return {
        ...omit(running, 'errorCode', 'errorMessage'),
        status: 'SUCCESS',
        progress: 100,
        outputs: ev.outputs ?? [],
        finishedAt: ev.time,
      };
    case 'ERROR':
      return {
        ...running,
        status: 'FAIL',
        progress,
        errorCode: mediaConvertErrorCode(ev.errorCode),
        errorMessage: ev.errorMessage ?? 'MediaConvert reported an error without a message',
        finishedAt: ev.time,
      };
    case 'CANCELED':
      return { ...running, status: 'ABORTED', progress, finishedAt: ev.time };
  }
}

/**
 * Applies a job-state event to its task. Ignored (changed: false, same task): another task, an
 * unknown subtask, a stale attempt, a different jobId than the one recorded, and anything but a
 * higher progress after the attempt ended (COMPLETE, ERROR and CANCELED are terminal). Progress never
 * decreases. ERROR sets FAIL with "MediaConvert.<code>"; CANCELED sets ABORTED.
 */
export function applyJobEvent(task: Task, ev: JobStateEvent): { task: Task; changed: boolean } {
  const subtask = task.subtasks.find((s) => s.no === ev.subtaskNo);
  const ours =
    ev.taskId === task.taskId &&
    subtask !== undefined &&
    ev.attempt === subtask.attempt &&
    (subtask.jobId === undefined || subtask.jobId === ev.jobId);
  if (!ours) return { task, changed: false };
  const next = updateSubtask(task, ev.subtaskNo, (s) => nextSubtask(s, ev));
  return next ? { task: next, changed: true } : { task, changed: false };
}
