import { createHash, randomUUID } from 'node:crypto';
import type { Task } from '../core/model';
import type { JobSubmitter, MediaAiEngine } from '../core/ports';
import { isAiJobId } from '../core/ai/ai-kinds';
import {
  abortTask,
  createTask,
  idempotencyKeyForSession,
  restartTask,
  type TaskRequest,
} from '../core/tasks';
import type { IngestService } from './ingest-service';
import type { Log } from '../core/ports';
import { errorInfo, SILENT_LOG } from './log';
import type { TaskRunner } from './task-runner';
import type { TaskUpdater } from './task-updates';

export interface TaskControlDeps {
  updater: TaskUpdater;
  runner: TaskRunner;
  submitter: JobSubmitter;
  /** Cancels the AI jobs (ids `ai-…`) of aborted subtasks; without it they are left to finish. */
  ai?: Pick<MediaAiEngine, 'cancel'>;
  /** Reused for its idempotent create-or-load. */
  ingest: Pick<IngestService, 'createOrLoad'>;
  now?: () => string;
  log?: Log;
}

/**
 * The id of a task created with a SessionId: derived from the session alone (not the time), so a
 * retried ProcessMedia call finds the task of the first call with the conditional create.
 */
export function sessionTaskId(sessionId: string): string {
  return `t-session-${createHash('sha256').update(idempotencyKeyForSession(sessionId)).digest('hex').slice(0, 20)}`;
}

/**
 * Task operations of the control API (implements lambdas/api TaskOperations): ProcessMedia,
 * restart (new attempts, re-submitted) and abort (subtasks ABORTED, their jobs cancelled; jobs that have
 * already ended are ignored by the submitter).
 */
export class TaskControlService {
  private readonly now: () => string;
  private readonly log: Log;

  constructor(private readonly deps: TaskControlDeps) {
    this.now = deps.now ?? (() => new Date().toISOString());
    this.log = deps.log ?? SILENT_LOG;
  }

  async processMedia(request: TaskRequest): Promise<{ task: Task; created: boolean }> {
    const idempotencyKey = request.sessionId
      ? idempotencyKeyForSession(request.sessionId)
      : `api:${randomUUID()}`;
    const candidate = createTask({
      origin: 'api',
      input: request.input,
      output: request.output,
      items: request.items,
      ...(request.notification ? { notification: request.notification } : {}),
      ...(request.sessionId !== undefined ? { sessionId: request.sessionId } : {}),
      ...(request.sessionContext !== undefined ? { sessionContext: request.sessionContext } : {}),
      idempotencyKey,
      now: this.now(),
      ...(request.sessionId ? { taskId: sessionTaskId(request.sessionId) } : {}),
    });
    const { task, created } = await this.deps.ingest.createOrLoad(candidate);
    const started = await this.deps.runner.startTask(
      task,
      request.priority !== undefined ? { priority: request.priority } : {},
    );
    return { task: started, created };
  }

  async restart(taskId: string, opts: { all: boolean }): Promise<Task> {
    const { after } = await this.deps.updater.update(taskId, (t) =>
      restartTask(t, { all: opts.all }, this.now()),
    );
    return this.deps.runner.startTask(after);
  }

  async abort(taskId: string): Promise<Task> {
    let jobIds: string[] = [];
    const { after } = await this.deps.updater.update(taskId, (t) => {
      const result = abortTask(t, this.now());
      jobIds = result.jobIdsToCancel;
      return result.task;
    });
    for (const jobId of jobIds) {
      try {
        if (isAiJobId(jobId)) await this.deps.ai?.cancel(jobId);
        else await this.deps.submitter.cancelJob(jobId);
      } catch (err) {
        // The task is already ABORTED; a job that could not be cancelled only costs encoding time,
        // and its late events are ignored (terminal subtasks keep their state).
        this.log.warn('could not cancel job of an aborted task', { taskId, jobId, ...errorInfo(err) });
      }
    }
    return after;
  }
}
