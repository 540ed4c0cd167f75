import type { JobStateEvent, Subtask, SubtaskOutput, Task } from '../model';
import { subtaskOutputPrefix, subtaskOwnsKey } from '../naming/output-paths';
import { capErrorMessage, isTerminal, omit, updateSubtasks } from './task-status';

/** MediaConvert reports numeric error codes; tasks carry them as "MediaConvert.<code>". */
export function mediaConvertErrorCode(code: string | undefined): string {
  if (code === undefined || code === '') return 'MediaConvert.Unknown';
  return /^\d+$/.test(code) ? `MediaConvert.${code}` : code;
}

/** Code of a subtask whose job completed without writing anything under the subtask's prefix. */
export const OUTPUT_MISSING_CODE = 'InternalError.OutputMissing';

function earliest(a: string | undefined, b: string): string {
  return a !== undefined && Date.parse(a) <= Date.parse(b) ? a : b;
}

/** What the event means for one member subtask of its job. */
interface MemberView {
  /** The member's outputs (COMPLETE). */
  outputs: SubtaskOutput[];
  /** Where the member's outputs were expected, for the "no output" message. */
  where: string;
  /** The job's other subtasks, for the messages of a shared job. */
  others: number[];
  /** All members of the job (recorded on each when it is shared). */
  members: number[];
}

function sharedJobNote(ev: JobStateEvent, view: MemberView, what: string): string {
  if (view.others.length === 0) return '';
  const list = view.others.join(', ');
  return ` (job ${ev.jobId} also ran subtask${view.others.length > 1 ? 's' : ''} ${list}; MediaConvert ${what} a job as a whole)`;
}

/** The subtask after `ev`, or undefined when the event changes nothing. */
function nextSubtask(s: Subtask, ev: JobStateEvent, view: MemberView): Subtask | undefined {
  const progress = Math.max(s.progress, Math.min(100, Math.max(0, ev.progress ?? 0)));
  if (isTerminal(s.status)) {
    // The attempt has ended; only a late progress report may still raise the final progress, so the
    // outcome does not depend on the order in which events arrive.
    return ev.status === 'STATUS_UPDATE' && progress > s.progress ? { ...s, progress } : undefined;
  }
  const running = {
    ...s,
    jobId: ev.jobId,
    ...(view.members.length > 1 ? { jobSubtasks: view.members } : {}),
    startedAt: earliest(s.startedAt, ev.time),
  };
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
      if (view.outputs.length === 0) {
        return {
          ...running,
          status: 'FAIL',
          progress: 100,
          errorCode: OUTPUT_MISSING_CODE,
          errorMessage: capErrorMessage(
            `job ${ev.jobId} completed but reported no file under ${view.where} for this subtask`,
          ),
          finishedAt: ev.time,
        };
      }
      return {
        ...omit(running, 'errorCode', 'errorMessage'),
        status: 'SUCCESS',
        progress: 100,
        outputs: view.outputs,
        ...(ev.summary ? { summary: ev.summary } : {}),
        finishedAt: ev.time,
      };
    case 'ERROR':
      return {
        ...running,
        status: 'FAIL',
        progress,
        errorCode: mediaConvertErrorCode(ev.errorCode),
        errorMessage: capErrorMessage(
          (ev.errorMessage ?? 'the job ended in error without a message') + sharedJobNote(ev, view, 'fails'),
        ),
        finishedAt: ev.time,
      };
    case 'CANCELED':
      return { ...running, status: 'ABORTED', progress, finishedAt: ev.time };
  }
}

/** The files of a job that belong to `subtask` (its outputs), by output prefix. */
export function outputsOfSubtask(
  task: Pick<Task, 'input' | 'output' | 'subtasks'>,
  subtask: Subtask,
  outputs: readonly SubtaskOutput[],
): SubtaskOutput[] {
  return outputs.filter((o) => subtaskOwnsKey(task, subtask, o.bucket, o.key));
}

/**
 * Applies a job-state event to the subtasks its job runs (`ev.members`), in one commit. A member is
 * ignored when it is unknown, its attempt is stale, or another job is recorded for it; the event is
 * ignored (changed: false, same task) when no member changes: another task, duplicates, anything but a
 * higher progress after the attempt ended (COMPLETE, ERROR and CANCELED are terminal). Progress never
 * decreases. COMPLETE gives each member the files under its own output prefix (`outputsBySubtask`
 * overrides that, e.g. composed sprites) and fails a member the job wrote nothing for
 * ({@link OUTPUT_MISSING_CODE}); ERROR sets FAIL with "MediaConvert.<code>" on every member, saying
 * which subtasks shared the job; CANCELED sets ABORTED.
 */
export function applyJobEvent(
  task: Task,
  ev: JobStateEvent,
  outputsBySubtask?: ReadonlyMap<number, SubtaskOutput[]>,
): { task: Task; changed: boolean } {
  if (ev.taskId !== task.taskId) return { task, changed: false };
  const members = ev.members.map((m) => m.no);
  const ours = new Set(
    ev.members
      .filter((m) => {
        const s = task.subtasks.find((x) => x.no === m.no);
        return s !== undefined && s.attempt === m.attempt && (s.jobId === undefined || s.jobId === ev.jobId);
      })
      .map((m) => m.no),
  );
  const next = updateSubtasks(task, (s) => {
    if (!ours.has(s.no)) return undefined;
    const view: MemberView = {
      outputs: outputsBySubtask?.get(s.no) ?? outputsOfSubtask(task, s, ev.outputs ?? []),
      where: `s3://${task.output.bucket}/${subtaskOutputPrefix(task, s)}`,
      others: members.filter((no) => no !== s.no),
      members,
    };
    return nextSubtask(s, ev, view);
  });
  return next ? { task: next, changed: true } : { task, changed: false };
}
