import type { Schema, Subtask, Task } from '../core/model';
import { isAiJobId } from '../core/ai/ai-kinds';
import type {
  JobInspector,
  ListedObject,
  Log,
  MediaAiEngine,
  ObjectInventory,
  TaskStore,
} from '../core/ports';
import { retryInterrupted } from '../core/tasks';
import type { IngestService } from './ingest-service';
import { errorInfo, SILENT_LOG } from './log';
import type { OutboxRelay } from './outbox-relay';
import type { SchemaCache } from './schema-cache';
import type { TaskRunner } from './task-runner';
import type { TaskUpdater } from './task-updates';

export interface RecoveryDeps {
  tasks: TaskStore;
  updater: TaskUpdater;
  runner: TaskRunner;
  ingest: IngestService;
  schemaCache: SchemaCache;
  /** Lists the trigger directories. */
  objects: ObjectInventory;
  /** Tells which jobs the engine still has. */
  jobs: JobInspector;
  /** Tells which AI jobs (ids `ai-…`) the AI engine still has; without it they count as lost. */
  ai?: Pick<MediaAiEngine, 'describe'>;
  outbox: OutboxRelay;
  /** The buckets uploads start schemas in (TRIGGER_BUCKETS). */
  triggerBuckets: readonly string[];
  now?: () => Date;
  log?: Log;
}

/** What one recovery did. */
export interface RecoveryResult {
  /** Tasks created for uploads that had none (their event was lost). */
  uploadTasks: number;
  /** Subtasks re-submitted as a new attempt because their job died with the engine. */
  resubmitted: number;
  /** Tasks whose WAITING subtasks had never been submitted, started now. */
  started: number;
  /** Outbox events relayed. */
  relayedEvents: number;
}

/** How far before an object's time a task for it may have been created (S3 times are whole seconds). */
const CLOCK_SLACK_MS = 2000;

/**
 * Start-up recovery of a runtime whose queues and jobs do not survive it (the local runtime: in-memory
 * SQS, ffmpeg jobs in the process). After any stop, a crash included, it:
 * - relays every event left in task outboxes;
 * - creates the task of each upload under an enabled trigger that has none (its event was queued when
 *   the process died), with the rules of live ingest (enable time, extensions, service outputs);
 * - re-submits, as a new attempt kept in history, each subtask whose job the engine no longer knows,
 *   and submits WAITING subtasks that never got a job.
 * Everything is idempotent: a second run finds nothing to do.
 */
export class RecoveryService {
  private readonly now: () => Date;
  private readonly log: Log;

  constructor(private readonly deps: RecoveryDeps) {
    this.now = deps.now ?? (() => new Date());
    this.log = deps.log ?? SILENT_LOG;
  }

  /**
   * Recovers what was in flight. Uploads are looked at when last modified in [after, before): `before`
   * is when live upload events started to be received again, `after` (optional) when an earlier
   * recovery had looked at everything before it.
   */
  async recover(window: { before: Date; after?: Date }): Promise<RecoveryResult> {
    const relayedEvents = (await this.deps.outbox.sweep(0)).relayed;
    const uploadTasks = await this.recoverUploads(window);
    const { resubmitted, started } = await this.recoverJobs();
    const result = { uploadTasks, resubmitted, started, relayedEvents };
    this.log.info('recovery finished', { ...result });
    return result;
  }

  /** Creates the tasks of uploads that match an enabled schema and have no task of that schema. */
  async recoverUploads({ before, after }: { before: Date; after?: Date }): Promise<number> {
    const index = await this.deps.schemaCache.index();
    const buckets = new Set(this.deps.triggerBuckets);
    let created = 0;
    const locations = index.triggerLocations().filter((l) => buckets.has(l.bucket));
    // Each object once: a directory inside another trigger directory is listed with it, and `match`
    // finds every schema of a key.
    const outermost = locations.filter(
      (l) => !locations.some((o) => o.bucket === l.bucket && o !== l && l.directory.startsWith(o.directory)),
    );
    for (const { bucket, directory } of outermost) {
      for (const object of await this.deps.objects.objects(bucket, directory)) {
        const modified = Date.parse(object.lastModified);
        if (modified >= before.getTime() || (after && modified < after.getTime())) continue;
        const missing: Schema[] = [];
        for (const schema of index.match(bucket, object.key, object.lastModified)) {
          if (!(await this.hasTask(schema, bucket, object))) missing.push(schema);
        }
        if (missing.length === 0) continue;
        const results = await this.deps.ingest.createTasks(
          {
            bucket,
            key: object.key,
            eventTime: object.lastModified,
            ...(object.etag ? { etag: object.etag } : {}),
            ...(object.size !== undefined ? { size: object.size } : {}),
          },
          missing,
        );
        created += results.filter((r) => r.created).length;
        this.log.info('task created for an upload whose event was lost', { bucket, key: object.key });
      }
    }
    return created;
  }

  /** Whether `schema` has a task for this object (the upload it started is not older than the object). */
  private async hasTask(schema: Schema, bucket: string, object: ListedObject): Promise<boolean> {
    const from = new Date(Date.parse(object.lastModified) - CLOCK_SLACK_MS).toISOString();
    let nextToken: string | undefined;
    do {
      const page = await this.deps.tasks.list({
        schemaId: schema.id,
        from,
        limit: 100,
        ...(nextToken ? { nextToken } : {}),
      });
      if (page.items.some((t) => t.input.bucket === bucket && t.input.key === object.key)) return true;
      nextToken = page.nextToken;
    } while (nextToken);
    return false;
  }

  /** Re-submits subtasks whose job is gone and starts subtasks that never got one. */
  async recoverJobs(): Promise<{ resubmitted: number; started: number }> {
    let resubmitted = 0;
    let started = 0;
    // Listed before anything changes, so a task this recovery submits is not looked at again.
    const unfinished = new Map<string, Task>();
    for (const status of ['WAITING', 'PROCESSING'] as const) {
      let nextToken: string | undefined;
      do {
        const page = await this.deps.tasks.list({ status, limit: 100, ...(nextToken ? { nextToken } : {}) });
        for (const task of page.items) unfinished.set(task.taskId, task);
        nextToken = page.nextToken;
      } while (nextToken);
    }
    for (const task of unfinished.values()) {
      try {
        const r = await this.recoverTask(task);
        resubmitted += r.resubmitted;
        if (r.started) started++;
      } catch (err) {
        this.log.warn('could not recover a task; the watchdog looks at it later', {
          taskId: task.taskId,
          ...errorInfo(err),
        });
      }
    }
    return { resubmitted, started };
  }

  private async recoverTask(task: Task): Promise<{ resubmitted: number; started: boolean }> {
    const byJob = new Map<string, Subtask[]>();
    for (const s of task.subtasks) {
      if ((s.status === 'WAITING' || s.status === 'PROCESSING') && s.jobId) {
        byJob.set(s.jobId, [...(byJob.get(s.jobId) ?? []), s]);
      }
    }
    let current = task;
    let resubmitted = 0;
    for (const [jobId, subtasks] of byJob) {
      const known = isAiJobId(jobId)
        ? await this.deps.ai?.describe(jobId)
        : await this.deps.jobs.getJob(jobId);
      if (known) continue;
      const nos = subtasks.map((s) => s.no);
      const reason = `job ${jobId} ended with the process that ran it; submitted again as a new attempt`;
      const { after, changed } = await this.deps.updater.update(task.taskId, (t) =>
        retryInterrupted(t, jobId, nos, reason, this.now().toISOString()),
      );
      current = after;
      if (changed) resubmitted += nos.length;
    }
    const waiting = current.subtasks.some((s) => s.status === 'WAITING' && s.jobId === undefined);
    if (waiting) await this.deps.runner.startTask(current);
    if (resubmitted > 0 || waiting) {
      this.log.info('interrupted task resumed', { taskId: task.taskId, resubmitted });
    }
    return { resubmitted, started: waiting && resubmitted === 0 };
  }
}
