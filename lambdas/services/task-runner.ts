import type { CreateJobCommandInput } from '@aws-sdk/client-mediaconvert';
import { ConflictError, MpsError } from '../core/errors';
import { buildTaskJobs, type JobSettings } from '../core/mediaconvert';
import type { JobMember, Task } from '../core/model';
import type { AiJobRequest } from '../core/ai/ai-request';
import type { JobSubmitter, Log, MediaAiEngine, SourceProbe, TemplateStore } from '../core/ports';
import { failSubtask, isTerminal, markSubmitted } from '../core/tasks';
import { errorInfo, SILENT_LOG } from './log';
import { planTaskJobs, subtaskTemplateIds } from './task-jobs';
import type { TaskUpdater } from './task-updates';

export { subtaskTemplateIds } from './task-jobs';

export interface TaskRunnerDeps {
  templates: TemplateStore;
  submitter: JobSubmitter;
  /** Runs the AI subtasks (ContentReview, AiRecognition, AiAnalysis). */
  ai: MediaAiEngine;
  probe: SourceProbe;
  updater: TaskUpdater;
  jobs: JobSettings;
  now?: () => string;
  log?: Log;
  /** Called when a submission fails with a retryable error (metrics: SubmitRetry). */
  onRetryableSubmitError?: (err: unknown) => void;
}

/** Subtask error code for a permanent error: the MpsError's code ('InvalidParameter' → 'InvalidInput'). */
function subtaskErrorCode(err: MpsError): string {
  return err.code === 'InvalidParameter' ? 'InvalidInput' : err.code;
}

/**
 * The submission path shared by ingest, the API (ProcessMedia, restart) and the local runtime: the
 * WAITING subtasks without a job for their current attempt are planned into jobs (task-jobs.ts: one
 * probe, frame captures riding along with a transcode), each job is submitted and recorded on its
 * subtasks (optimistic locking).
 *
 * Errors: an MpsError while planning or submitting (bad template, unreadable source, MediaConvert
 * BadRequest) fails the subtasks concerned with its code; anything else (throttling, 5xx, network, S3)
 * is retryable and propagates, so the caller's message is retried — subtasks already submitted are
 * then skipped. A job recorded by someone else first (duplicate delivery) or whose subtasks all ended
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
    const planned = await planTaskJobs({
      task,
      subtasks: pending,
      templates,
      probe: this.deps.probe,
      settings: this.deps.jobs,
    });
    let current = task;
    const soloJobs = (members: readonly JobMember[]) =>
      buildTaskJobs({
        task,
        subtasks: members.map((m) => pending.find((s) => s.no === m.no)!),
        templates,
        source: planned.source,
        settings: this.deps.jobs,
        share: false,
      }).jobs;
    for (const failure of planned.failures) {
      const ctx = { taskId: task.taskId, subtaskNo: failure.no, attempt: failure.attempt };
      this.log.warn('subtask failed before submission', {
        ...ctx,
        code: failure.error.code,
        ...errorInfo(failure.error),
      });
      current = await this.fail(task.taskId, [failure], failure.error);
    }
    for (const { member, request } of planned.aiJobs) {
      const result = await this.startAi(current, member, request);
      current = result.error ? await this.fail(task.taskId, [member], result.error) : result.task;
    }
    for (const job of planned.jobs) {
      const refused = await this.submit(current, job.members, job.request, opts.priority);
      current = refused.task;
      if (!refused.error) continue;
      if (job.members.length === 1) {
        current = await this.fail(task.taskId, job.members, refused.error);
        continue;
      }
      // MediaConvert refused a shared job: one subtask's settings must not fail the others, so each
      // runs on its own (frame captures with a companion) and only the faulty one fails.
      this.log.warn('shared job refused; submitting its subtasks one by one', {
        taskId: task.taskId,
        code: refused.error.code,
      });
      for (const solo of soloJobs(job.members)) {
        const result = await this.submit(current, solo.members, solo.request, opts.priority);
        current = result.error ? await this.fail(task.taskId, solo.members, result.error) : result.task;
      }
    }
    return current;
  }

  private async fail(taskId: string, members: readonly JobMember[], err: MpsError): Promise<Task> {
    const { after } = await this.deps.updater.update(taskId, (t) =>
      members.reduce(
        (acc, m) => failSubtask(acc, m.no, m.attempt, subtaskErrorCode(err), err.message, this.now()),
        t,
      ),
    );
    return after;
  }

  /**
   * Starts one AI job and records it on its subtask, like {@link submit} for a MediaConvert job: the
   * request's clientToken makes a retried start return the same job; a job recorded by someone else
   * first, or started for a subtask that ended meanwhile, is cancelled.
   */
  private async startAi(
    task: Task,
    member: JobMember,
    request: AiJobRequest,
  ): Promise<{ task: Task; error?: MpsError }> {
    return this.record(
      task,
      [member],
      'AI job',
      async () => (await this.deps.ai.start(request)).jobId,
      (id) => this.deps.ai.cancel(id),
    );
  }

  /**
   * Submits one job and records it on its members; returns the task as last written, or the MpsError
   * with which MediaConvert refused the job (nothing recorded then).
   */
  private async submit(
    task: Task,
    members: JobMember[],
    request: CreateJobCommandInput,
    priority: number | undefined,
  ): Promise<{ task: Task; error?: MpsError }> {
    const input =
      priority !== undefined
        ? { ...request, Priority: Math.max(-50, Math.min(50, Math.round(priority * 5))) }
        : request;
    return this.record(
      task,
      members,
      'job',
      async () => (await this.deps.submitter.createJob(input)).jobId,
      (id) => this.deps.submitter.cancelJob(id),
    );
  }

  /** Starts a job with `start` and records it on `members` (see submit); `cancel` undoes a duplicate. */
  private async record(
    task: Task,
    members: JobMember[],
    what: string,
    start: () => Promise<string>,
    cancel: (jobId: string) => Promise<void>,
  ): Promise<{ task: Task; error?: MpsError }> {
    const ctx = { taskId: task.taskId, subtasks: members.map((m) => `${m.no}.${m.attempt}`).join(',') };
    let jobId: string;
    try {
      jobId = await start();
    } catch (err) {
      if (!(err instanceof MpsError)) {
        this.log.warn(`${what} submission failed; the message will be retried`, {
          ...ctx,
          ...errorInfo(err),
        });
        this.deps.onRetryableSubmitError?.(err);
        throw err;
      }
      this.log.warn(`${what} refused`, { ...ctx, code: err.code, ...errorInfo(err) });
      return { task, error: err };
    }
    try {
      const { after } = await this.deps.updater.update(task.taskId, (t) =>
        markSubmitted(t, members, jobId, this.now()),
      );
      const ended = members.every((m) => {
        const s = after.subtasks.find((x) => x.no === m.no);
        return s !== undefined && s.attempt === m.attempt && isTerminal(s.status);
      });
      if (ended) {
        this.log.info('subtasks ended while their job was submitted; cancelling the job', { ...ctx, jobId });
        await cancel(jobId);
      } else {
        this.log.info(`${what} submitted`, { ...ctx, jobId });
      }
      return { task: after };
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      this.log.warn('another job was recorded for this attempt; cancelling the duplicate', { ...ctx, jobId });
      await cancel(jobId);
      return { task: (await this.deps.updater.tasks.get(task.taskId)) ?? task };
    }
  }
}
