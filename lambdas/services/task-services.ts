import type { JobSettings } from '../core/mediaconvert';
import type { JobSubmitter, Log, MediaAiEngine, ObjectStat, SourceProbe, Stores } from '../core/ports';
import { IngestService } from './ingest-service';
import { createNotifyingUpdater, type NotifyWiring } from './notifying-updater';
import { SchemaCache } from './schema-cache';
import { TaskControlService } from './task-control-service';
import { TaskRunner } from './task-runner';
import type { TaskUpdater } from './task-updates';

export interface TaskServicesDeps extends NotifyWiring {
  stores: Stores;
  submitter: JobSubmitter;
  /** Runs the AI subtasks. */
  ai: MediaAiEngine;
  probe: SourceProbe;
  /** Resolves an upload event's key form against S3 (ingest). */
  objects: ObjectStat;
  jobs: JobSettings;
  log?: Log;
  /** Called when a submission fails with a retryable error (metrics: SubmitRetry). */
  onRetryableSubmitError?: (err: unknown) => void;
}

/** The services that create and run tasks (used by ingest and the control API). */
export interface TaskServices {
  updater: TaskUpdater;
  runner: TaskRunner;
  ingest: IngestService;
  /** Implements the API's TaskOperations (processMedia, restart, abort). */
  control: TaskControlService;
  /** The enabled schemas, cached by revision. */
  schemaCache: SchemaCache;
}

/** Assembles the task services over ports (lambdas/composition.ts supplies the adapters). */
export function createTaskServices(deps: TaskServicesDeps): TaskServices {
  const updater = createNotifyingUpdater(deps.stores.tasks, deps);
  const common = { ...(deps.log ? { log: deps.log } : {}), ...(deps.now ? { now: deps.now } : {}) };
  const runner = new TaskRunner({
    templates: deps.stores.templates,
    submitter: deps.submitter,
    ai: deps.ai,
    probe: deps.probe,
    updater,
    jobs: deps.jobs,
    ...common,
    ...(deps.onRetryableSubmitError ? { onRetryableSubmitError: deps.onRetryableSubmitError } : {}),
  });
  const schemaCache = new SchemaCache(deps.stores.schemas);
  const ingest = new IngestService({
    tasks: deps.stores.tasks,
    objects: deps.objects,
    schemaCache,
    runner,
    updater,
    ...(deps.log ? { log: deps.log } : {}),
  });
  const control = new TaskControlService({
    updater,
    runner,
    submitter: deps.submitter,
    ai: deps.ai,
    ingest,
    ...common,
  });
  return { updater, runner, ingest, control, schemaCache };
}
