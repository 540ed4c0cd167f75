import { MpsError, NotFoundError } from '../core/errors';
import { parseJobStateEvent } from '../core/mediaconvert';
import type { JobMember, JobStateEvent, SubtaskOutput, Task } from '../core/model';
import type { Log, SpriteComposer, TaskStore } from '../core/ports';
import { applyJobEvent, failSubtask, isTerminal, outputsOfSubtask } from '../core/tasks';
import { errorInfo, SILENT_LOG } from './log';
import type { TaskUpdater } from './task-updates';

export interface JobEventServiceDeps {
  tasks: TaskStore;
  updater: TaskUpdater;
  sprites?: SpriteComposer;
  /** Only events whose userMetadata.mpsStackId is this stack's are applied (defence in depth: the rule filters too). */
  stackId?: string;
  now?: () => string;
  log?: Log;
}

/** What one job-state event did. */
export type JobEventOutcome = 'ignored' | 'unchanged' | 'applied' | 'unknown-task';

/**
 * Applies MediaConvert "Job State Change" events to tasks (read-modify-write with optimistic locking;
 * duplicated, late and stale-attempt events change nothing), composes sprites on COMPLETE of an
 * ImageSprite subtask, and notifies through the updater (the event goes into the task's outbox with the write).
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
    const ev = parseJobStateEvent(event.detail, event.time ?? this.now());
    if (!ev) return 'ignored';
    const ctx = {
      taskId: ev.taskId,
      subtasks: ev.members.map((m) => `${m.no}.${m.attempt}`).join(','),
      jobId: ev.jobId,
      status: ev.status,
    };
    try {
      const sprites = ev.status === 'COMPLETE' ? await this.composeSprites(ev, ctx) : undefined;
      const { changed, after } = await this.deps.updater.update(ev.taskId, (t) => {
        // A sprite that could not be composed fails with the composer's code before the job's outcome
        // is applied, so COMPLETE does not mark it successful.
        const failed = (sprites?.failed ?? []).reduce(
          (acc, f) => failSubtask(acc, f.no, f.attempt, f.error.code, f.error.message, this.now()),
          t,
        );
        return applyJobEvent(failed, ev, sprites?.outputs).task;
      });
      this.log.info(changed ? 'job event applied' : 'job event changed nothing (duplicate or stale)', ctx);
      if (changed && sprites) await this.removeSpriteFrames(after, [...sprites.outputs.keys()], ctx);
      return changed ? 'applied' : 'unchanged';
    } catch (err) {
      if (err instanceof NotFoundError) {
        this.log.warn('job event for an unknown task ignored', ctx);
        return 'unknown-task';
      }
      throw err;
    }
  }

  /** Deletes the frames of composed sprites; a failure leaves them behind (logged), nothing else. */
  private async removeSpriteFrames(task: Task, nos: number[], ctx: Record<string, unknown>): Promise<void> {
    for (const no of nos) {
      const subtask = task.subtasks.find((s) => s.no === no);
      if (subtask?.status !== 'SUCCESS' || !this.deps.sprites) continue;
      try {
        await this.deps.sprites.removeFrames(task, subtask);
      } catch (err) {
        this.log.warn('sprite frames could not be removed', { ...ctx, subtaskNo: no, ...errorInfo(err) });
      }
    }
  }

  /**
   * On COMPLETE: composes the sheets of every ImageSprite subtask the job ran (still running, same
   * attempt). Returns their outputs, and the sprites that failed permanently (MpsError).
   */
  private async composeSprites(
    ev: JobStateEvent,
    ctx: Record<string, unknown>,
  ): Promise<{ outputs: Map<number, SubtaskOutput[]>; failed: Array<JobMember & { error: MpsError }> }> {
    const outputs = new Map<number, SubtaskOutput[]>();
    const failed: Array<JobMember & { error: MpsError }> = [];
    if (!this.deps.sprites) return { outputs, failed };
    const task = await this.deps.tasks.get(ev.taskId);
    if (!task) throw new NotFoundError(`task ${ev.taskId} does not exist`);
    for (const member of ev.members) {
      const subtask = task.subtasks.find((s) => s.no === member.no);
      const current =
        subtask?.type === 'ImageSprite' &&
        subtask.attempt === member.attempt &&
        !isTerminal(subtask.status) &&
        (subtask.jobId === undefined || subtask.jobId === ev.jobId);
      if (!subtask || !current) continue;
      const frames = outputsOfSubtask(task, subtask, ev.outputs ?? []);
      try {
        outputs.set(member.no, await this.deps.sprites.compose(task, subtask, frames));
      } catch (err) {
        if (!(err instanceof MpsError)) throw err;
        this.log.warn('sprite composition failed', { ...ctx, subtaskNo: member.no, ...errorInfo(err) });
        failed.push({ ...member, error: err });
      }
    }
    return { outputs, failed };
  }
}
