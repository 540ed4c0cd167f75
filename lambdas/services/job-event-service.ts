import { MpsError, NotFoundError } from '../core/errors';
import { parseJobStateEvent } from '../core/mediaconvert';
import type { JobStateEvent, Subtask, SubtaskOutput, Task } from '../core/model';
import type { TaskStore } from '../core/ports';
import { applyJobEvent, failSubtask, isTerminal } from '../core/tasks';
import { errorInfo, type Log, SILENT_LOG } from './log';
import type { TaskUpdater } from './task-updates';

/** Post-processing of a completed ImageSprite subtask: frames → sprite sheet(s) + WebVTT. */
export interface SpriteComposer {
  /**
   * Composes the sheets and WebVTT from the frames the job wrote and returns the subtask's outputs.
   * Throws MpsError for permanent problems (no frames); other errors are retried.
   */
  compose(task: Task, subtask: Subtask, event: JobStateEvent): Promise<SubtaskOutput[]>;
}

export interface JobEventServiceDeps {
  tasks: TaskStore;
  updater: TaskUpdater;
  sprites?: SpriteComposer;
  /** Only events whose userMetadata.mpsStackId is this stack's are applied (defence in depth: the rule filters too). */
  stackId?: string;
  now?: () => string;
  log?: Log;
}

const TERMINAL_EVENTS = new Set<JobStateEvent['status']>(['COMPLETE', 'ERROR', 'CANCELED']);

/** What one job-state event did. */
export type JobEventOutcome = 'ignored' | 'unchanged' | 'applied' | 'unknown-task';

/**
 * Applies MediaConvert "Job State Change" events to tasks (read-modify-write with optimistic locking;
 * duplicated, late and stale-attempt events change nothing), composes sprites on COMPLETE of an
 * ImageSprite subtask, and notifies through the updater's listener.
 */
export class JobEventService {
  private readonly now: () => string;
  private readonly log: Log;

  constructor(private readonly deps: JobEventServiceDeps) {
    this.now = deps.now ?? (() => new Date().toISOString());
    this.log = deps.log ?? SILENT_LOG;
  }

  /** Handles one EventBridge event (`detail` + `time`). */
  async handle(event: { detail?: unknown; time?: string }): Promise<JobEventOutcome> {
    const stack = (event.detail as { userMetadata?: { mpsStackId?: unknown } } | undefined)?.userMetadata
      ?.mpsStackId;
    if (this.deps.stackId !== undefined && stack !== this.deps.stackId) return 'ignored';
    const parsed = parseJobStateEvent(event.detail, event.time ?? this.now());
    if (!parsed) return 'ignored';
    let ev = parsed;
    const ctx = {
      taskId: ev.taskId,
      subtaskNo: ev.subtaskNo,
      attempt: ev.attempt,
      jobId: ev.jobId,
      status: ev.status,
    };
    try {
      if (ev.status === 'COMPLETE' && this.deps.sprites) {
        const task = await this.deps.tasks.get(ev.taskId);
        if (!task) throw new NotFoundError(`task ${ev.taskId} does not exist`);
        const subtask = task.subtasks.find((s) => s.no === ev.subtaskNo);
        if (
          subtask?.type === 'ImageSprite' &&
          subtask.attempt === ev.attempt &&
          !isTerminal(subtask.status)
        ) {
          try {
            ev = { ...ev, outputs: await this.deps.sprites.compose(task, subtask, ev) };
          } catch (err) {
            if (!(err instanceof MpsError)) throw err;
            this.log.warn('sprite composition failed', { ...ctx, ...errorInfo(err) });
            const failed = ev;
            const { changed } = await this.deps.updater.update(ev.taskId, (t) =>
              failSubtask(t, failed.subtaskNo, failed.attempt, err.code, err.message, this.now()),
            );
            return changed ? 'applied' : 'unchanged';
          }
        }
      }
      const applied = ev;
      const { changed, after } = await this.deps.updater.update(
        ev.taskId,
        (t) => applyJobEvent(t, applied).task,
      );
      this.log.info(changed ? 'job event applied' : 'job event changed nothing (duplicate or stale)', ctx);
      if (!changed && TERMINAL_EVENTS.has(ev.status)) await this.deps.updater.finishRepeated(after);
      return changed ? 'applied' : 'unchanged';
    } catch (err) {
      if (err instanceof NotFoundError) {
        this.log.warn('job event for an unknown task ignored', ctx);
        return 'unknown-task';
      }
      throw err;
    }
  }
}
