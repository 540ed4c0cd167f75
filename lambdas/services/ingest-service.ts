import type { Task } from '../core/model';
import type { Log, TaskStore, UploadEvent } from '../core/ports';
import { isServiceOutputKey } from '../core/naming/output-paths';
import { createTask, idempotencyKeyForUpload } from '../core/tasks';
import { SILENT_LOG } from './log';
import type { SchemaCache } from './schema-cache';
import type { TaskRunner } from './task-runner';
import type { TaskUpdater } from './task-updates';

export interface IngestServiceDeps {
  tasks: TaskStore;
  schemaCache: SchemaCache;
  runner: TaskRunner;
  updater: TaskUpdater;
  log?: Log;
}

/** What happened to one upload. */
export interface IngestResult {
  /** One entry per matching schema. */
  tasks: { taskId: string; schemaId: string; created: boolean }[];
  /** Why nothing was done, when no schema matched. */
  skipped?: 'service-output' | 'no-matching-schema';
}

/**
 * Turns one upload into tasks: one per matching enabled schema, created idempotently (the id derives
 * from bucket, key, version/sequencer/etag and schema; the creation time is the event time, so a
 * redelivered event maps to the same task), then submits the subtasks that have no job yet.
 */
export class IngestService {
  private readonly log: Log;

  constructor(private readonly deps: IngestServiceDeps) {
    this.log = deps.log ?? SILENT_LOG;
  }

  async ingest(upload: UploadEvent): Promise<IngestResult> {
    const where = { bucket: upload.bucket, key: upload.key };
    if (isServiceOutputKey(upload.key)) {
      this.log.info('ignoring an object written by the service itself', where);
      return { tasks: [], skipped: 'service-output' };
    }
    const schemas = (await this.deps.schemaCache.index()).match(upload.bucket, upload.key, upload.eventTime);
    if (schemas.length === 0) {
      this.log.info('no enabled schema matches the upload', where);
      return { tasks: [], skipped: 'no-matching-schema' };
    }
    const results: IngestResult['tasks'] = [];
    for (const schema of schemas) {
      const idempotencyKey = idempotencyKeyForUpload({
        bucket: upload.bucket,
        key: upload.key,
        schemaId: schema.id,
        ...(upload.versionId ? { versionId: upload.versionId } : {}),
        ...(upload.etag ? { etag: upload.etag } : {}),
        ...(upload.sequencer ? { sequencer: upload.sequencer } : {}),
      });
      const candidate = createTask({
        origin: 'schema',
        schema,
        input: { bucket: upload.bucket, key: upload.key },
        output: { bucket: schema.output.bucket, directory: schema.output.directory },
        items: schema.items,
        idempotencyKey,
        now: upload.eventTime,
      });
      const { task, created } = await this.createOrLoad(candidate);
      this.log.info(created ? 'task created' : 'task already exists (duplicate event)', {
        ...where,
        taskId: task.taskId,
        schemaId: schema.id,
      });
      await this.deps.runner.startTask(task);
      // A redelivered upload of a task that already finished (e.g. every subtask failed at ingest):
      // re-announce the finish in case the first enqueue failed after the task write.
      if (!created) await this.deps.updater.finishRepeated(task);
      results.push({ taskId: task.taskId, schemaId: schema.id, created });
    }
    return { tasks: results };
  }

  /** Conditional create; on 'exists' the stored task (a redelivery). Notifies creation. */
  async createOrLoad(candidate: Task): Promise<{ task: Task; created: boolean }> {
    if ((await this.deps.tasks.create(candidate)) === 'created') {
      await this.deps.updater.created(candidate);
      return { task: candidate, created: true };
    }
    const stored = await this.deps.tasks.get(candidate.taskId);
    if (!stored) throw new Error(`task ${candidate.taskId} exists but could not be read`);
    return { task: stored, created: false };
  }
}
