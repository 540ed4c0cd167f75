import {
  captureSequenceId,
  captureSequencesOf,
  finalJobStateDetail,
} from '../core/mediaconvert/recovered-job-event';
import type { Subtask, Task } from '../core/model';
import { lastFrameCaptureKey } from '../core/naming/output-paths';
import { isAiJobId } from '../core/ai/ai-kinds';
import type {
  JobEventQueue,
  JobInspector,
  JobSubmitter,
  Log,
  MediaAiEngine,
  ObjectLister,
  TaskStore,
} from '../core/ports';
import { failSubtask } from '../core/tasks';
import { errorInfo, SILENT_LOG } from './log';
import type { TaskUpdater } from './task-updates';

export const TIMEOUT_CODE = 'InternalError.Timeout';

export interface WatchdogDeps {
  tasks: TaskStore;
  updater: TaskUpdater;
  /** GetJob, and CancelJob for a job that runs past `maxJobMinutes`. */
  jobs: JobInspector & Pick<JobSubmitter, 'cancelJob'>;
  /** The AI engine, asked about AI jobs (ids `ai-…`) like MediaConvert about its jobs; without it they count as lost. */
  ai?: Pick<MediaAiEngine, 'describe' | 'cancel'>;
  /** Finds how many frames a capture output of a recovered job wrote. */
  objects: ObjectLister;
  /** Where the rebuilt event of a job whose event was lost is sent. */
  jobEvents: JobEventQueue;
  /** A subtask with no news for this long is looked at. */
  stuckSubtaskMinutes: number;
  /** A job still queued or running this long after submission is cancelled and its subtasks failed. */
  maxJobMinutes: number;
  now?: () => Date;
  log?: Log;
}

/** What one watchdog run did, in subtasks. */
export interface WatchdogResult {
  /** Failed with InternalError.Timeout (no job, job unknown to MediaConvert, or cancelled after maxJobMinutes). */
  failed: number;
  /** Their job had ended but its event was lost: the rebuilt event was sent to the job-events queue. */
  recovered: number;
  /** Their job is still queued or running in MediaConvert: left alone. */
  running: number;
}

/** When the current attempt of a WAITING/PROCESSING subtask last made progress we know of. */
function lastActivity(task: Task, subtask: Subtask): string {
  const previousEnd = subtask.history[subtask.history.length - 1]?.finishedAt;
  const times = [task.createdAt, subtask.startedAt, previousEnd].filter((t): t is string => t !== undefined);
  return times.reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b));
}

interface Failure {
  no: number;
  attempt: number;
  message: string;
}

/**
 * Looks at subtasks WAITING or PROCESSING longer than `stuckSubtaskMinutes` and asks MediaConvert about
 * their job before doing anything (GetJob):
 * - still SUBMITTED/PROGRESSING: left alone, until `maxJobMinutes` after submission, when the job is
 *   cancelled and its subtasks fail, saying so;
 * - ended (its event was lost): the event is rebuilt from GetJob and sent to the job-events queue, which
 *   applies the real result (outputs, sprite sheets, errors) like any event;
 * - unknown to MediaConvert, or never submitted: the subtask fails with InternalError.Timeout.
 * Failures are notified like any task change.
 */
export class WatchdogService {
  private readonly now: () => Date;
  private readonly log: Log;

  constructor(private readonly deps: WatchdogDeps) {
    this.now = deps.now ?? (() => new Date());
    this.log = deps.log ?? SILENT_LOG;
  }

  /** One run over every task with a subtask older than the limit. */
  async run(): Promise<WatchdogResult> {
    const now = this.now();
    const limitMs = this.deps.stuckSubtaskMinutes * 60_000;
    const cutoff = new Date(now.getTime() - limitMs).toISOString();
    const result: WatchdogResult = { failed: 0, recovered: 0, running: 0 };
    for (const status of ['WAITING', 'PROCESSING'] as const) {
      let nextToken: string | undefined;
      do {
        const page = await this.deps.tasks.list({
          status,
          to: cutoff,
          limit: 100,
          ...(nextToken ? { nextToken } : {}),
        });
        for (const task of page.items) {
          const r = await this.check(task, now, limitMs);
          result.failed += r.failed;
          result.recovered += r.recovered;
          result.running += r.running;
        }
        nextToken = page.nextToken;
      } while (nextToken);
    }
    return result;
  }

  private async check(task: Task, now: Date, limitMs: number): Promise<WatchdogResult> {
    const stuck = task.subtasks.filter(
      (s) =>
        (s.status === 'WAITING' || s.status === 'PROCESSING') &&
        now.getTime() - Date.parse(lastActivity(task, s)) > limitMs,
    );
    const result: WatchdogResult = { failed: 0, recovered: 0, running: 0 };
    if (stuck.length === 0) return result;
    const minutes = this.deps.stuckSubtaskMinutes;
    const failures: Failure[] = [];
    const byJob = new Map<string, Subtask[]>();
    for (const s of stuck) {
      if (s.jobId) byJob.set(s.jobId, [...(byJob.get(s.jobId) ?? []), s]);
      else
        failures.push({
          no: s.no,
          attempt: s.attempt,
          message: `no job was started within ${minutes} minutes; the subtask is considered stuck (restart the task to retry)`,
        });
    }
    for (const [jobId, members] of byJob) {
      const outcome = await this.checkJob(task, jobId, members, now);
      if (outcome.kind === 'running') result.running += members.length;
      else if (outcome.kind === 'recovered') result.recovered += members.length;
      else failures.push(...members.map((s) => ({ no: s.no, attempt: s.attempt, message: outcome.message })));
    }
    result.failed = await this.fail(task, failures, now);
    return result;
  }

  private async checkJob(
    task: Task,
    jobId: string,
    members: readonly Subtask[],
    now: Date,
  ): Promise<{ kind: 'running' } | { kind: 'recovered' } | { kind: 'failed'; message: string }> {
    if (isAiJobId(jobId)) return this.checkAiJob(task, jobId, members, now);
    const job = await this.deps.jobs.getJob(jobId);
    if (!job) {
      return {
        kind: 'failed',
        message: `MediaConvert has no job ${jobId} (GetJob: not found); the subtask is considered lost (restart the task to retry)`,
      };
    }
    if (job.Status === 'SUBMITTED' || job.Status === 'PROGRESSING') {
      const submitted = Math.min(
        ...members.map((s) => Date.parse(s.startedAt ?? task.createdAt)),
        job.CreatedAt?.getTime() ?? Infinity,
      );
      const maxMinutes = this.deps.maxJobMinutes;
      if (now.getTime() - submitted <= maxMinutes * 60_000) {
        this.log.info('stuck-looking subtasks: their job is still running', {
          taskId: task.taskId,
          jobId,
          status: job.Status,
        });
        return { kind: 'running' };
      }
      try {
        await this.deps.jobs.cancelJob(jobId);
      } catch (err) {
        this.log.warn('could not cancel a job that ran too long', {
          taskId: task.taskId,
          jobId,
          ...errorInfo(err),
        });
      }
      return {
        kind: 'failed',
        message: `job ${jobId} was still ${job.Status} ${maxMinutes} minutes after submission (MAX_JOB_MINUTES); it was cancelled (restart the task to retry)`,
      };
    }
    const lastCaptures = new Map<string, string>();
    if (job.Status === 'COMPLETE') {
      for (const sequence of captureSequencesOf(job)) {
        const keys = await this.deps.objects.keys(sequence.bucket, `${sequence.stem}.`);
        const last = lastFrameCaptureKey(sequence.stem, keys);
        if (last) lastCaptures.set(captureSequenceId(sequence), `s3://${sequence.bucket}/${last}`);
      }
    }
    const detail = finalJobStateDetail(job, lastCaptures);
    if (!detail)
      return {
        kind: 'failed',
        message: `job ${jobId} is ${job.Status ?? 'in an unknown state'} in MediaConvert`,
      };
    const [, , , region = '', account = ''] = (job.Arn ?? '').split(':');
    await this.deps.jobEvents.enqueue({
      version: '0',
      id: `mps-watchdog-${jobId}-${String(job.Status)}`,
      'detail-type': 'MediaConvert Job State Change',
      source: 'aws.mediaconvert',
      account,
      time: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region,
      resources: job.Arn ? [job.Arn] : [],
      detail: { ...detail, accountId: account },
    });
    this.log.warn('job event was lost: rebuilt from GetJob and sent to the job-events queue', {
      taskId: task.taskId,
      jobId,
      status: job.Status,
    });
    return { kind: 'recovered' };
  }

  /** checkJob for an AI job: the AI engine's view, the same rules; a lost final event is sent again. */
  private async checkAiJob(
    task: Task,
    jobId: string,
    members: readonly Subtask[],
    now: Date,
  ): Promise<{ kind: 'running' } | { kind: 'recovered' } | { kind: 'failed'; message: string }> {
    const job = await this.deps.ai?.describe(jobId);
    if (!job) {
      return {
        kind: 'failed',
        message: `the AI engine has no job ${jobId}; the subtask is considered lost (restart the task to retry)`,
      };
    }
    if (job.status === 'RUNNING') {
      const submitted = Math.min(
        ...members.map((s) => Date.parse(s.startedAt ?? task.createdAt)),
        Date.parse(job.createdAt),
      );
      const maxMinutes = this.deps.maxJobMinutes;
      if (now.getTime() - submitted <= maxMinutes * 60_000) return { kind: 'running' };
      try {
        await this.deps.ai?.cancel(jobId);
      } catch (err) {
        this.log.warn('could not cancel an AI job that ran too long', {
          taskId: task.taskId,
          jobId,
          ...errorInfo(err),
        });
      }
      return {
        kind: 'failed',
        message: `AI job ${jobId} was still running ${maxMinutes} minutes after submission (MAX_JOB_MINUTES); it was cancelled (restart the task to retry)`,
      };
    }
    if (!job.finalEvent) {
      return { kind: 'failed', message: `AI job ${jobId} is ${job.status} but its final event is unknown` };
    }
    await this.deps.jobEvents.enqueue(job.finalEvent);
    this.log.warn('AI job event was lost: sent again to the job-events queue', {
      taskId: task.taskId,
      jobId,
      status: job.status,
    });
    return { kind: 'recovered' };
  }

  /** Fails the subtasks (still in the same attempt and unfinished) in one write; returns how many. */
  private async fail(task: Task, failures: readonly Failure[], now: Date): Promise<number> {
    if (failures.length === 0) return 0;
    let failed = 0;
    const { changed } = await this.deps.updater.update(task.taskId, (t) => {
      const next = failures.reduce(
        (acc, f) => failSubtask(acc, f.no, f.attempt, TIMEOUT_CODE, f.message, now.toISOString()),
        t,
      );
      failed = next.subtasks.filter((s, i) => s.status === 'FAIL' && t.subtasks[i]!.status !== 'FAIL').length;
      // One write: each failSubtask bumps the version, but the store accepts exactly version + 1.
      return next.version === t.version ? t : { ...next, version: t.version + 1 };
    });
    if (!changed) return 0;
    this.log.warn('stuck subtasks failed', { taskId: task.taskId, subtasks: failures.map((f) => f.no) });
    return failed;
  }
}
