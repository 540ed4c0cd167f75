/**
 * What the control API needs: the stores, the task services and a few settings. The Lambda handler
 * (lambdas/handlers/api.ts) wires the DynamoDB/MediaConvert adapters; tests and the local runtime pass
 * their own.
 */
import type { JobSettings } from '../core/mediaconvert';
import type { NotificationConfig, ProcessingItems, S3Location, SourceInfo, Task } from '../core/model';
import type { SchemaStore, TaskStore, TemplateStore } from '../core/ports';
import type { DeliveriesPort } from '../services/deliveries';

/** A validated ProcessMedia request. */
export interface ProcessMediaRequest {
  input: S3Location;
  output: { bucket: string; directory: string };
  items: ProcessingItems;
  notification?: NotificationConfig;
  /** Caller's dedupe key: a retried request with the same SessionId returns the same task. */
  sessionId?: string;
  sessionContext?: string;
  /** −10..10 (product model); mapped to the MediaConvert job priority by the submitter. */
  priority?: number;
}

/** The task operations the API delegates (creation + job submission, restart, abort). */
export interface TaskOperations {
  /** Creates the task (idempotent on sessionId) and submits its jobs. `created: false` = an earlier call made it. */
  processMedia(request: ProcessMediaRequest): Promise<{ task: Task; created: boolean }>;
  /** Re-runs the FAIL/ABORTED subtasks of a finished task (all of them with `all`), submitting new jobs. */
  restart(taskId: string, opts: { all: boolean }): Promise<Task>;
  /** Aborts the unfinished subtasks of a task and cancels their jobs. */
  abort(taskId: string): Promise<Task>;
}

export type { JobSettings } from '../core/mediaconvert';

export interface ApiDeps {
  templates: TemplateStore;
  schemas: SchemaStore;
  tasks: TaskStore;
  operations: TaskOperations;
  /** Reads the facts of a source object that some settings need (duration, frame size). */
  probe(location: S3Location, fields: ReadonlyArray<keyof SourceInfo>): Promise<SourceInfo>;
  /** The settings of every job, for `GET /explain` to build the exact CreateJob requests. */
  jobs: JobSettings;
  /** Dead-lettered notification deliveries; absent = the /deliveries routes answer 409 DeliveriesNotConfigured. */
  deliveries?: DeliveriesPort;
  /** Accept http:// and private-network callback URLs (local runtime only). */
  allowPrivateCallbackUrls?: boolean;
  /** Current time, ISO-8601 (tests pin it). */
  now?: () => string;
  /** Where unexpected (500) errors are reported; default console.error. */
  logError?: (message: string, error: unknown) => void;
}
