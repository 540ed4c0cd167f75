/** The control API, same origin: `{ error: { code, message, field } }` becomes an ApiError. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** How requests reach the API: same origin without credentials (local), or signed (AWS, aws-auth.ts). */
export type Transport = (method: string, path: string, body?: string) => Promise<Response>;

let transport: Transport = (method, path, body) =>
  fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body }),
  });

export function setTransport(t: Transport): void {
  transport = t;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await transport(method, path, body === undefined ? undefined : JSON.stringify(body));
  } catch (err) {
    if (err instanceof Error && err.name === 'AuthError') throw err;
    throw new ApiError(0, 'NetworkError', `the control API did not answer (${String(err)})`);
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    throw new ApiError(
      res.status,
      'InternalError',
      `the API answered ${res.status} with a body that is not JSON`,
    );
  }
  if (!res.ok) {
    const body = json as
      { error?: { code?: string; message?: string; field?: string }; message?: string } | undefined;
    const e = body?.error;
    // API Gateway's own answers (403 of IAM authorization, 429 throttling) are { message }.
    throw new ApiError(
      res.status,
      e?.code ?? `HTTP ${res.status}`,
      e?.message ?? body?.message ?? `HTTP ${res.status}`,
      e?.field,
    );
  }
  return json as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body);

export function query(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** A presigned GET URL of an object (for players, images and links). */
export async function objectUrl(bucket: string, key: string): Promise<string> {
  return (await get<{ url: string }>(`/objects/url${query({ bucket, key })}`)).url;
}

// The API's shapes the console reads (lambdas/core/model.ts; kept loose on purpose).
export interface Template {
  id: number;
  type: string;
  name: string;
  comment?: string;
  preset: boolean;
  [k: string]: unknown;
}

export interface Schema {
  id: string;
  name: string;
  status: 'enabled' | 'disabled';
  trigger: { bucket: string; directory: string; extensions?: string[] };
  output: { bucket: string; directory: string };
  items: Record<string, Array<Record<string, unknown>>>;
  notification?: { type: string; target: string; mode: string };
  createdAt: string;
  updatedAt: string;
}

export interface SubtaskOutput {
  bucket: string;
  key: string;
  kind: string;
  sizeBytes?: number;
  width?: number;
  height?: number;
  durationMs?: number;
  container?: string;
  count?: number;
  lastKey?: string;
}

export interface Subtask {
  no: number;
  type: string;
  status: 'WAITING' | 'PROCESSING' | 'SUCCESS' | 'FAIL' | 'ABORTED';
  attempt: number;
  progress: number;
  startedAt?: string;
  finishedAt?: string;
  outputs: SubtaskOutput[];
  /** AI subtasks (ContentReview, AiRecognition, AiAnalysis), on success: the result in brief. */
  summary?: Record<string, string | number | boolean>;
  errorCode?: string;
  errorMessage?: string;
}

export interface Task {
  taskId: string;
  origin: string;
  schemaId?: string;
  schemaName?: string;
  input: { bucket: string; key: string };
  output: { bucket: string; directory: string };
  status: 'WAITING' | 'PROCESSING' | 'FINISH';
  result?: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  subtasks: Subtask[];
}

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

export interface Buckets {
  trigger: string[];
  output: string[];
}

/** Overall progress, as the API and CLI compute it (the pure core's rule). */
export { taskProgress } from '../../lambdas/core/tasks/task-progress';
