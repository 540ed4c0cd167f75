/**
 * Every port of the service: what the services need from the outside world (storage, MediaConvert,
 * S3 reads, queues, notification targets, logging). Adapters (lambdas/adapters) implement them for AWS
 * and, over the local endpoints, for the local runtime; tests may use in-memory versions. Services see
 * only these interfaces.
 */
import type {
  S3Location,
  Schema,
  SchemaStatus,
  SourceInfo,
  Subtask,
  SubtaskOutput,
  Task,
  TaskResult,
  TaskStatus,
  Template,
  TemplateType,
} from './model';
import type { AiJobRequest } from './ai/ai-request';
import type { DeliveryMessage, DeliveryTarget, TaskEvent } from './notifications';

export interface Page<T> {
  items: T[];
  /** Opaque; absent on the last page. */
  nextToken?: string;
}

export interface TemplateStore {
  get(id: number): Promise<Template | undefined>;
  /** Presets are included; missing ids are simply absent from the map. */
  getMany(ids: readonly number[]): Promise<Map<number, Template>>;
  list(filter?: { type?: TemplateType }): Promise<Template[]>;
  /** Creates or replaces a user template. `expectNew` fails with ConflictError if the id exists. */
  put(template: Template, opts?: { expectNew?: boolean }): Promise<void>;
  delete(id: number): Promise<void>;
  /** Allocates the next user-template id (≥ 1_000_000), atomically. */
  nextId(): Promise<number>;
}

export interface SchemaStore {
  get(id: string): Promise<Schema | undefined>;
  getByName(name: string): Promise<Schema | undefined>;
  list(filter?: { status?: SchemaStatus; limit?: number; nextToken?: string }): Promise<Page<Schema>>;
  /** All enabled schemas, for matching. */
  listEnabled(): Promise<Schema[]>;
  /**
   * Creates (expectNew) or replaces a schema. Fails with ConflictError on a name clash or when
   * `expectUpdatedAt` no longer matches (someone else changed it).
   */
  put(schema: Schema, opts?: { expectNew?: boolean; expectUpdatedAt?: string }): Promise<void>;
  delete(id: string): Promise<void>;
  /** Monotonic counter bumped by every schema write; lets readers cache the enabled set safely. */
  revision(): Promise<number>;
}

export interface TaskListFilter {
  status?: TaskStatus;
  /** Only FINISH tasks with this result. */
  result?: TaskResult;
  ids?: string[];
  schemaId?: string;
  /** Inclusive ISO-8601 bounds on createdAt. */
  from?: string;
  to?: string;
  limit?: number;
  nextToken?: string;
}

export interface TaskStore {
  get(taskId: string): Promise<Task | undefined>;
  /** Conditional create: 'exists' when a task with this id (= idempotency key) is already stored. */
  create(task: Task): Promise<'created' | 'exists'>;
  /**
   * Conditional replace: writes `task` (whose version must be expectedVersion + 1) only if the stored
   * version is still `expectedVersion`. Returns false on a lost race; callers re-read and re-apply.
   */
  update(task: Task, expectedVersion: number): Promise<boolean>;
  /** Newest first. Must be a Query (index by status / schema / time), never a Scan, in DynamoDB. */
  list(filter: TaskListFilter): Promise<Page<Task>>;
  /**
   * Ids of tasks whose outbox holds an event decided at or before `cutoff` (ISO-8601), oldest first,
   * at most `limit`. A Query of a sparse index; it may lag the table by a moment (eventually consistent).
   */
  withPendingEvents(cutoff: string, limit: number): Promise<string[]>;
}

/**
 * The MediaConvert boundary. In AWS it is the SDK client on the regional endpoint; in the local
 * runtime it is the ffmpeg engine, which receives the very same CreateJob input (SDK form).
 */
export interface JobSubmitter {
  createJob(input: import('@aws-sdk/client-mediaconvert').CreateJobCommandInput): Promise<{ jobId: string }>;
  cancelJob(jobId: string): Promise<void>;
}

/** What an AI engine knows of one of its jobs now. */
export interface AiJobState {
  status: 'RUNNING' | 'COMPLETE' | 'ERROR' | 'CANCELED';
  /** When the job was started, ISO-8601. */
  createdAt: string;
  /** Once it ended: its last job-state event (core/ai/ai-job-event.ts), to send again when it was lost. */
  finalEvent?: Record<string, unknown>;
}

/**
 * The AI boundary (ContentReview, AiRecognition, AiAnalysis subtasks): not MediaConvert jobs, but their
 * completion comes back the same way, as an "MPS AI Job State Change" event on the job-events queue that
 * the job-event service applies like MediaConvert's. Job ids start with `ai-` (core/ai/ai-kinds.ts).
 * Locally: local/ai/ (ffmpeg filters, tesseract.js, nsfwjs); in AWS: lambdas/adapters/aws-ai-engine.ts.
 */
export interface MediaAiEngine {
  /**
   * Starts the job of `request`, or returns the job already started for its `clientToken`. Throws
   * MpsError when the engine cannot run it (e.g. 'NotAvailableOnAws'): the subtask fails with that
   * code; other errors are retried.
   */
  start(request: AiJobRequest): Promise<{ jobId: string }>;
  /** Cancels a job (a CANCELED event follows); a job that ended or is unknown is ignored. */
  cancel(jobId: string): Promise<void>;
  /** The job, or undefined when the engine has no job of that id. */
  describe(jobId: string): Promise<AiJobState | undefined>;
}

/** Reads what MediaConvert knows of a job now (GetJob): its status, settings, outputs, error. */
export interface JobInspector {
  /** The job, or undefined when MediaConvert has no job of that id. */
  getJob(jobId: string): Promise<import('@aws-sdk/client-mediaconvert').Job | undefined>;
}

/** What S3 says of one object (HeadObject). */
export interface ObjectStat {
  /** The object's ETag (without quotes), or undefined when there is no such object. */
  etag(bucket: string, key: string): Promise<string | undefined>;
}

/** One listed object. */
export interface ListedObject {
  key: string;
  /** Without quotes. */
  etag?: string;
  /** ISO-8601. */
  lastModified: string;
  size?: number;
}

/** Reads the first bytes of an object (S3: a ranged GetObject). */
export interface ObjectHeadReader {
  /**
   * Up to `bytes` bytes from the start of the object (fewer when it is shorter), or undefined when there
   * is no such object. Other S3 errors (access denied, throttling) propagate.
   */
  read(location: S3Location, bytes: number): Promise<Uint8Array | undefined>;
}

/** Lists object keys (S3 ListObjectsV2), every page. */
export interface ObjectLister {
  keys(bucket: string, prefix: string): Promise<string[]>;
}

/** Lists objects with their ETag and time (S3 ListObjectsV2), every page. */
export interface ObjectInventory {
  objects(bucket: string, prefix: string): Promise<ListedObject[]>;
}

/** Puts a job-state event on the job-events queue, to be applied like one EventBridge delivered. */
export interface JobEventQueue {
  enqueue(event: Record<string, unknown>): Promise<void>;
}

/** Reads the facts `fields` of a source object; throws MpsError('SourceFileError…') when it cannot. */
export type SourceProbe = (source: S3Location, fields: readonly (keyof SourceInfo)[]) => Promise<SourceInfo>;

/** The three stores of the service's table. */
export interface Stores {
  templates: TemplateStore;
  schemas: SchemaStore;
  tasks: TaskStore;
}

/** One uploaded object, from an S3 "Object Created" event (key decoded). */
export interface UploadEvent {
  bucket: string;
  /** Object key, URL-decoded the way S3 encodes keys in events. */
  key: string;
  /**
   * The key exactly as the event carried it, when decoding changed it. S3 notifications encode keys;
   * for EventBridge the evidence is mixed, so which of the two names the object is checked in S3.
   */
  keyAsSent?: string;
  size?: number;
  etag?: string;
  versionId?: string;
  sequencer?: string;
  /** ISO-8601 event time. */
  eventTime: string;
}

/** Delivers one task event to one target; rejects when the target did not accept it. */
export interface Notifier {
  deliver(target: DeliveryTarget, event: TaskEvent): Promise<void>;
}

/**
 * Function notification targets that are not Lambda functions: in the local runtime, handler modules
 * on disk (`--notify-type function --notify-target ./hooks/on-task.mjs`).
 */
export interface FunctionTargets {
  /** Why `target` cannot be invoked (no such module, no `handler` export…), or undefined when it can. */
  problem(target: string): Promise<string | undefined>;
  /** Calls the target's handler with the event (JSON text); rejects when the handler throws. */
  invoke(target: string, payload: string): Promise<void>;
}

/** The queue of pending deliveries (the NotifyQueue): one message per event and target. */
export interface DeliveryQueue {
  enqueue(message: DeliveryMessage): Promise<void>;
}

/** A received message of a work queue, as far as retry scheduling needs it. */
export interface QueuedMessageRef {
  receiptHandle: string;
  /** ARN of the queue it came from. */
  queueArn: string;
}

/** Delays the next delivery attempt of a received message (SQS: its visibility timeout). */
export interface RetryScheduler {
  retryIn(message: QueuedMessageRef, seconds: number): Promise<void>;
}

/** A delivery that failed its last attempt, as the delivery service dead-letters it. */
export interface ExhaustedDelivery {
  /** The delivery message's body, unchanged (replay sends it back as it was). */
  body: string;
  /** Delivery attempts made (the NotifyQueue's maxReceiveCount). */
  attempts: number;
  /** The last attempt's error. */
  lastError: { code: string; message: string };
  /** When the last attempt failed, ISO-8601 UTC. */
  failedAt: string;
  /** When the message was first sent to the NotifyQueue, ISO-8601 UTC, when known. */
  sentAt?: string;
}

/** The notify dead-letter queue, as the delivery service writes to it. */
export interface DeliveryDeadLetterSink {
  put(delivery: ExhaustedDelivery): Promise<void>;
}

/**
 * A dead-lettered delivery as listed. Listing changes nothing: the figures come from what was recorded
 * when the delivery was dead-lettered, not from the queue's receive counters.
 */
export interface FailedDelivery {
  messageId: string;
  /** When the message was first sent to the NotifyQueue, ISO-8601. */
  sentAt?: string;
  /**
   * Delivery attempts made. Absent for a message the queue itself moved (its redrive policy: the
   * function timed out or crashed on its last attempt), whose attempts were not recorded.
   */
  attempts?: number;
  /** When the last attempt failed, ISO-8601 (absent like `attempts`). */
  failedAt?: string;
  target?: DeliveryTarget;
  eventType?: string;
  eventId?: string;
  taskId?: string;
  /** String message attributes, as sent. */
  attributes: Record<string, string>;
  /** The last attempt's error (attributes ErrorCode / ErrorMessage, and RequestID when Lambda set it). */
  error?: { code?: string; message?: string; requestId?: string };
  /** Why the body is not a delivery message (such messages are listed, and replayed only by id). */
  invalid?: string;
}

/** What a replay did. */
export interface ReplayResult {
  /** Message ids sent back to the NotifyQueue and removed from the DLQ. */
  replayed: string[];
  /** Requested ids not found in the DLQ (already replayed, expired, or never there). */
  notFound: string[];
  /** Messages that could not be replayed (left in the DLQ), with the reason. */
  failed: { messageId: string; error: string }[];
}

/** Notification deliveries that ended in the notify DLQ: list them, send them back for delivery. */
export interface DeadLetteredDeliveries {
  list(opts: { max: number }): Promise<FailedDelivery[]>;
  replay(opts: { ids?: readonly string[] }): Promise<ReplayResult>;
}

/** Post-processing of a completed ImageSprite subtask: frames → sprite sheet(s) + WebVTT. */
export interface SpriteComposer {
  /**
   * Composes the sheets and WebVTT from the frames the job wrote (`frames`: the job's outputs under the
   * subtask's prefix) and returns the subtask's outputs. Throws MpsError for permanent problems (no
   * frames); other errors are retried.
   */
  compose(task: Task, subtask: Subtask, frames: readonly SubtaskOutput[]): Promise<SubtaskOutput[]>;
  /** Deletes the captured frames (after the task records the composed sprite). */
  removeFrames(task: Task, subtask: Subtask): Promise<void>;
}

/** The logging services do; Powertools' Logger satisfies it. */
export interface Log {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

/** One uploaded part of a multipart upload, as CompleteMultipartUpload needs it. */
export interface UploadedPart {
  partNumber: number;
  etag: string;
}

/**
 * Object transfers done by a client itself (the web console): URLs that PUT or GET one object without
 * credentials for a while (S3: presigned URLs), and the multipart upload calls around presigned parts.
 */
export interface ObjectTransfers {
  /** A URL that GETs the object for `expiresSeconds`. */
  getUrl(location: S3Location, expiresSeconds: number): Promise<string>;
  /** A URL that PUTs the object (with this Content-Type header, when given) for `expiresSeconds`. */
  putUrl(location: S3Location, expiresSeconds: number, contentType?: string): Promise<string>;
  /** Starts a multipart upload; returns its upload id. */
  startMultipart(location: S3Location, contentType?: string): Promise<string>;
  /** A URL that PUTs part `partNumber` (1–10000) of the upload for `expiresSeconds`. */
  partUrl(
    location: S3Location,
    uploadId: string,
    partNumber: number,
    expiresSeconds: number,
  ): Promise<string>;
  completeMultipart(location: S3Location, uploadId: string, parts: readonly UploadedPart[]): Promise<void>;
  abortMultipart(location: S3Location, uploadId: string): Promise<void>;
}
