/**
 * Storage ports: what the handlers need from persistence. The DynamoDB adapters implement them in
 * AWS and in the local runtime (same code, local endpoint); tests may use in-memory versions.
 */
import type {
  S3Location,
  Schema,
  SchemaStatus,
  SourceInfo,
  Task,
  TaskStatus,
  Template,
  TemplateType,
} from './model';

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
}

/**
 * The MediaConvert boundary. In AWS it is the SDK client on the regional endpoint; in the local
 * runtime it is the ffmpeg engine, which receives the very same CreateJob input (SDK form).
 */
export interface JobSubmitter {
  createJob(input: import('@aws-sdk/client-mediaconvert').CreateJobCommandInput): Promise<{ jobId: string }>;
  cancelJob(jobId: string): Promise<void>;
}

/** Reads the facts `fields` of a source object; throws MpsError('SourceFileError…') when it cannot. */
export type SourceProbe = (source: S3Location, fields: readonly (keyof SourceInfo)[]) => Promise<SourceInfo>;
