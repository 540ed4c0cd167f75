/**
 * What the control API needs: the catalog (templates and schemas, with their rules), the task
 * operations, the task store (reads) and a few settings. lambdas/composition.ts assembles it for AWS and the local
 * runtime alike; tests pass in-memory versions.
 */
import type { AiJobRequest } from '../core/ai/ai-request';
import type { JobSettings } from '../core/mediaconvert';
import type { Task } from '../core/model';
import type { DeadLetteredDeliveries, ObjectTransfers, SourceProbe, TaskStore } from '../core/ports';
import type { StackBuckets } from '../core/schemas';
import type { TaskRequest } from '../core/tasks';
import type { CatalogService } from '../services/catalog-service';

/** The task operations the API delegates (creation + job submission, restart, abort). */
export interface TaskOperations {
  /** Creates the task (idempotent on sessionId) and submits its jobs. `created: false` = an earlier call made it. */
  processMedia(request: TaskRequest): Promise<{ task: Task; created: boolean }>;
  /** Re-runs the FAIL/ABORTED subtasks of a finished task (all of them with `all`), submitting new jobs. */
  restart(taskId: string, opts: { all: boolean }): Promise<Task>;
  /** Aborts the unfinished subtasks of a task and cancels their jobs. */
  abort(taskId: string): Promise<Task>;
}

export interface ApiDeps {
  /** Template and schema reads and writes, with their rules. */
  catalog: CatalogService;
  tasks: TaskStore;
  operations: TaskOperations;
  /** Reads the facts of a source object that some settings need (duration, frame size). */
  probe: SourceProbe;
  /** The settings of every job, for `GET /explain` to build the exact CreateJob requests. */
  jobs: JobSettings;
  /**
   * The backend requests an AI subtask's request becomes (Rekognition Video, Transcribe), for
   * `GET /explain`; absent = the engine's own request only (the local runtime's offline engines).
   */
  aiBackendRequests?: (request: AiJobRequest) => Array<{ api: string; input: unknown }>;
  /** Presigned object URLs and multipart uploads for clients without AWS credentials (the web console). */
  transfers: ObjectTransfers;
  /** The deployment's trigger and output buckets; absent = any bucket (`GET /buckets` lists none). */
  buckets?: StackBuckets;
  /** Dead-lettered notification deliveries; absent = the /deliveries routes answer 409 FailedOperation.DeliveriesNotConfigured. */
  deliveries?: DeadLetteredDeliveries;
  /** Current time, ISO-8601 (tests pin it); the default time of `GET /explain`. */
  now?: () => string;
  /** Where unexpected (500) errors are reported; default console.error. */
  logError?: (message: string, error: unknown) => void;
}
