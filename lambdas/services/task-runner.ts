import { createHash } from 'node:crypto';
import type { CreateJobCommandInput } from '@aws-sdk/client-mediaconvert';
import { ConflictError, MpsError } from '../core/errors';
import { buildCreateJob, requiredSourceInfo } from '../core/mediaconvert';
import type { SourceInfo, Subtask, Task, Template } from '../core/model';
import type { JobSubmitter, TemplateStore } from '../core/ports';
import { failSubtask, isTerminal, markSubmitted } from '../core/tasks';
import type { SourceProbe } from '../adapters/source-probe';
import { errorInfo, type Log, SILENT_LOG } from './log';
import type { TaskUpdater } from './task-updates';

/** MediaConvert settings of every job (from MEDIACONVERT_* and STACK_ID). */
export interface JobSettings {
  roleArn: string;
  queueArn?: string;
  stackId: string;
  accelerated?: boolean;
  /** Explicit MediaConvert acceleration mode (MEDIACONVERT_ACCELERATION); wins over `accelerated`. */
  acceleration?: 'DISABLED' | 'ENABLED' | 'PREFERRED';
}

export interface TaskRunnerDeps {
  templates: TemplateStore;
  submitter: JobSubmitter;
  probe: SourceProbe;
  updater: TaskUpdater;
  jobs: JobSettings;
  now?: () => string;
  log?: Log;
  /** Called when a submission fails with a retryable error (metrics: SubmitRetry). */
  onRetryableSubmitError?: (err: unknown) => void;
}

/** Template ids one subtask uses (its templates and watermarks). */
export function subtaskTemplateIds(subtask: Subtask): number[] {
  const ids: number[] = [];
  const item = subtask.item as {
    templateId?: number;
    templateIds?: number[];
    watermarks?: { templateId: number }[];
  };
  if (item.templateId !== undefined) ids.push(item.templateId);
  ids.push(...(item.templateIds ?? []), ...(item.watermarks ?? []).map((w) => w.templateId));
  return ids;
}

/** Subtask error code for a permanent error: the MpsError's code ('InvalidParameter' → 'InvalidInput'). */
function subtaskErrorCode(err: MpsError): string {
  return err.code === 'InvalidParameter' ? 'InvalidInput' : err.code;
}

/** ClientRequestToken of one attempt: MediaConvert returns the same job for a concurrent duplicate. */
function requestToken(stackId: string, task: Task, subtask: Subtask): string {
  return createHash('sha256')
    .update(`${stackId}\n${task.taskId}\n${subtask.no}\n${subtask.attempt}`)
    .digest('hex');
}

/**
 * The submission path shared by ingest, the API (ProcessMedia, restart) and the local runtime: for
 * every WAITING subtask without a job for its current attempt, probe the source if the settings need
 * it, build the CreateJob request, submit it and record the job id (optimistic locking).
 *
 * Errors: an MpsError while building or submitting (bad template, unreadable source, MediaConvert
 * BadRequest) fails that subtask with its code; anything else (throttling, 5xx, network, S3) is
 * retryable and propagates, so the caller's message is retried — subtasks already submitted are then
 * skipped. A job recorded by someone else first (duplicate delivery) or for an attempt that ended
 * meanwhile (abort) is cancelled.
 */
export class TaskRunner {
  private readonly now: () => string;
  private readonly log: Log;

  constructor(private readonly deps: TaskRunnerDeps) {
    this.now = deps.now ?? (() => new Date().toISOString());
    this.log = deps.log ?? SILENT_LOG;
  }

  /** Submits the pending subtasks of `task`; returns the task as last written. */
  async startTask(task: Task, opts: { priority?: number } = {}): Promise<Task> {
    const pending = task.subtasks.filter((s) => s.status === 'WAITING' && s.jobId === undefined);
    if (pending.length === 0) return task;
    const templates = await this.deps.templates.getMany([...new Set(pending.flatMap(subtaskTemplateIds))]);
    const probed = new Map<string, Promise<SourceInfo>>();
    const probe = (fields: (keyof SourceInfo)[]): Promise<SourceInfo> => {
      const key = [...fields].sort().join(',');
      let p = probed.get(key);
      if (!p) probed.set(key, (p = this.deps.probe(task.input, fields)));
      return p;
    };
    let current = task;
    for (const subtask of pending) {
      current = await this.submitOne(current, subtask, templates, probe, opts.priority);
    }
    return current;
  }

  private async submitOne(
    task: Task,
    subtask: Subtask,
    templates: Map<number, Template>,
    probe: (fields: (keyof SourceInfo)[]) => Promise<SourceInfo>,
    priority: number | undefined,
  ): Promise<Task> {
    const ctx = { taskId: task.taskId, subtaskNo: subtask.no, attempt: subtask.attempt };
    let input: CreateJobCommandInput;
    let jobId: string;
    try {
      const missing = subtaskTemplateIds(subtask).filter((id) => !templates.has(id));
      if (missing.length > 0) {
        throw new MpsError(
          'InvalidInput.DefinitionNotExist',
          `template(s) ${missing.join(', ')} of subtask ${subtask.no} no longer exist`,
        );
      }
      const fields = requiredSourceInfo(subtask, templates);
      const source = fields.length > 0 ? await probe(fields) : {};
      input = buildCreateJob({
        task,
        subtask,
        templates,
        source,
        roleArn: this.deps.jobs.roleArn,
        stackId: this.deps.jobs.stackId,
        ...(this.deps.jobs.queueArn ? { queueArn: this.deps.jobs.queueArn } : {}),
        ...(this.deps.jobs.accelerated ? { accelerated: true } : {}),
        ...(this.deps.jobs.acceleration ? { acceleration: this.deps.jobs.acceleration } : {}),
      });
      input = {
        ...input,
        ClientRequestToken: input.ClientRequestToken ?? requestToken(this.deps.jobs.stackId, task, subtask),
        ...(priority !== undefined
          ? { Priority: Math.max(-50, Math.min(50, Math.round(priority * 5))) }
          : {}),
      };
      jobId = (await this.deps.submitter.createJob(input)).jobId;
    } catch (err) {
      if (!(err instanceof MpsError)) {
        this.log.warn('job submission failed; the message will be retried', { ...ctx, ...errorInfo(err) });
        this.deps.onRetryableSubmitError?.(err);
        throw err;
      }
      this.log.warn('subtask failed before submission', { ...ctx, code: err.code, ...errorInfo(err) });
      const { after } = await this.deps.updater.update(task.taskId, (t) =>
        failSubtask(t, subtask.no, subtask.attempt, subtaskErrorCode(err), err.message, this.now()),
      );
      return after;
    }
    try {
      const { after } = await this.deps.updater.update(task.taskId, (t) =>
        markSubmitted(t, subtask.no, subtask.attempt, jobId, this.now()),
      );
      const recorded = after.subtasks.find((s) => s.no === subtask.no);
      if (recorded && recorded.attempt === subtask.attempt && isTerminal(recorded.status)) {
        this.log.info('subtask ended while its job was submitted; cancelling the job', { ...ctx, jobId });
        await this.deps.submitter.cancelJob(jobId);
      } else {
        this.log.info('job submitted', { ...ctx, jobId });
      }
      return after;
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      this.log.warn('another job was recorded for this attempt; cancelling the duplicate', { ...ctx, jobId });
      await this.deps.submitter.cancelJob(jobId);
      return (await this.deps.updater.tasks.get(task.taskId)) ?? task;
    }
  }
}
