import type { Schema, Task } from '../core/model';
import type { Log, ObjectStat, TaskStore, UploadEvent } from '../core/ports';
import { isServiceOutputKey } from '../core/naming/output-paths';
import { createTask, idempotencyKeyForUpload } from '../core/tasks';
import { SILENT_LOG } from './log';
import type { SchemaCache } from './schema-cache';
import type { TaskRunner } from './task-runner';
import type { TaskUpdater } from './task-updates';

export interface IngestServiceDeps {
  tasks: TaskStore;
  /** Tells which of an event's two key forms (decoded, as sent) names the uploaded object. */
  objects: ObjectStat;
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

  async ingest(event: UploadEvent): Promise<IngestResult> {
    const outputSkip = (key: string): IngestResult => {
      this.log.info('ignoring an object written by the service itself', { bucket: event.bucket, key });
      return { tasks: [], skipped: 'service-output' };
    };
    // The key forms that could be an upload (a service output starts nothing), and what each matches.
    const forms = (event.keyAsSent === undefined ? [event.key] : [event.key, event.keyAsSent]).filter(
      (k) => !isServiceOutputKey(k),
    );
    if (forms.length === 0) return outputSkip(event.key);
    const index = await this.deps.schemaCache.index();
    const matches = new Map(forms.map((k) => [k, index.match(event.bucket, k, event.eventTime)]));
    // S3 is asked which key form is the object only when one of them would start something.
    const key = [...matches.values()].some((m) => m.length > 0) ? await this.objectKey(event) : event.key;
    const schemas = matches.get(key);
    if (schemas === undefined) return outputSkip(key);
    const upload = { ...event, key };
    if (schemas.length === 0) {
      this.log.info('no enabled schema matches the upload', { bucket: upload.bucket, key });
      return { tasks: [], skipped: 'no-matching-schema' };
    }
    return { tasks: await this.createTasks(upload, schemas) };
  }

  /**
   * Creates (idempotently) and starts the task of `upload` for each of `schemas`. The task id derives
   * from bucket, key, version/sequencer/etag and schema; its creation time is the event time.
   */
  async createTasks(upload: UploadEvent, schemas: readonly Schema[]): Promise<IngestResult['tasks']> {
    const where = { bucket: upload.bucket, key: upload.key };
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
      results.push({ taskId: task.taskId, schemaId: schema.id, created });
    }
    return results;
  }

  /**
   * The uploaded object's key. When the event's key decodes to another string, S3 is asked which of
   * the two exists, the one with the event's ETag first (both may exist: "a b.mp4" and "a+b.mp4").
   * When neither does (deleted since), the decoded form: the task then fails as a missing source.
   */
  private async objectKey(upload: UploadEvent): Promise<string> {
    if (upload.keyAsSent === undefined) return upload.key;
    const found: string[] = [];
    for (const key of [upload.key, upload.keyAsSent]) {
      const etag = await this.deps.objects.etag(upload.bucket, key);
      if (etag === undefined) continue;
      if (!upload.etag || etag === upload.etag) return key;
      found.push(key);
    }
    const key = found[0] ?? upload.key;
    this.log.info('event key resolved against S3', {
      bucket: upload.bucket,
      keyAsSent: upload.keyAsSent,
      decoded: upload.key,
      key,
    });
    return key;
  }

  /** Conditional create with the creation event; on 'exists' the stored task (a redelivery). */
  createOrLoad(candidate: Task): Promise<{ task: Task; created: boolean }> {
    return this.deps.updater.create(candidate);
  }
}
