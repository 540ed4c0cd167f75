import type { Stores } from '../adapters/dynamo-stores';
import type { JobSettings } from '../core/mediaconvert';
import type { JobSubmitter, SourceProbe } from '../core/ports';
import { IngestService } from './ingest-service';
import type { Log } from './log';
import { SchemaCache } from './schema-cache';
import { TaskControlService } from './task-control-service';
import { TaskRunner } from './task-runner';
import type { TaskUpdater } from './task-updates';
import { createNotifyingUpdater, type NotifyWiring } from './notifying-updater';

export interface TaskServicesDeps extends NotifyWiring {
  stores: Stores;
  submitter: JobSubmitter;
  probe: SourceProbe;
  jobs: JobSettings;
  log?: Log;
  onRetryableSubmitError?: (err: unknown) => void;
}

/** The services that create and run tasks, wired once (ingest handler, API handler, local runtime). */
export interface TaskServices {
  updater: TaskUpdater;
  runner: TaskRunner;
  ingest: IngestService;
  /** Implements the API's TaskOperations (processMedia, restart, abort). */
  control: TaskControlService;
}

export function createTaskServices(deps: TaskServicesDeps): TaskServices {
  const updater = createNotifyingUpdater(deps.stores.tasks, deps);
  const common = { ...(deps.log ? { log: deps.log } : {}), ...(deps.now ? { now: deps.now } : {}) };
  const runner = new TaskRunner({
    templates: deps.stores.templates,
    submitter: deps.submitter,
    probe: deps.probe,
    updater,
    jobs: deps.jobs,
    ...common,
    ...(deps.onRetryableSubmitError ? { onRetryableSubmitError: deps.onRetryableSubmitError } : {}),
  });
  const ingest = new IngestService({
    tasks: deps.stores.tasks,
    schemaCache: new SchemaCache(deps.stores.schemas),
    runner,
    updater,
    ...(deps.log ? { log: deps.log } : {}),
  });
  const control = new TaskControlService({ updater, runner, submitter: deps.submitter, ingest, ...common });
  return { updater, runner, ingest, control };
}
