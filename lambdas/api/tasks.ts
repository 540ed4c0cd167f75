/** Task operations: ProcessMedia, list, detail, restart, abort. */
import { z } from 'zod';
import { NotFoundError } from '../core/errors';
import type { Task, TaskResult, TaskStatus } from '../core/model';
import type { TaskListFilter } from '../core/ports';
import {
  bucketNameProblem,
  directoryProblem,
  normaliseDirectory,
  notificationConfigSchema,
  outputDirectoryProblem,
  processingItemsSchema,
} from '../core/schemas';
import { addProblem, parseOrThrow, strictObject } from '../core/schemas/zod-issues';
import { MAX_SESSION_CONTEXT_LENGTH, type TaskRequest } from '../core/tasks';
import type { ApiDeps } from './deps';
import { requireJsonObject, type ApiRequest, type ApiResponse } from './http';
import { boolParam, enumParam, intParam, listParam, onlyParams, stringParam, timeParam } from './params';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './schemas';

export const TASK_STATUSES: readonly TaskStatus[] = ['WAITING', 'PROCESSING', 'FINISH'];
export const TASK_RESULTS: readonly TaskResult[] = ['SUCCESS', 'PARTIAL_FAILURE', 'FAIL', 'ABORTED'];
export const MAX_SESSION_ID_LENGTH = 128;
export const MAX_IDS_PER_QUERY = 100;
const MAX_KEY_BYTES = 1024;

const bucket = z.string().superRefine((value, ctx) => {
  const problem = bucketNameProblem(value);
  if (problem) addProblem(ctx, value, problem);
});

const key = z.string().superRefine((value, ctx) => {
  if (value === '') addProblem(ctx, value, 'must be a non-empty object key');
  else if (value.endsWith('/'))
    addProblem(ctx, value, "must be an object key, not a directory (ends with '/')");
  else if (Buffer.byteLength(value, 'utf8') > MAX_KEY_BYTES)
    addProblem(ctx, value, `must be at most ${MAX_KEY_BYTES} bytes of UTF-8`);
});

const directory = z.string().transform((raw, ctx) => {
  const value = normaliseDirectory(raw);
  const problem = directoryProblem(value);
  if (problem) {
    addProblem(ctx, raw, problem);
    return z.NEVER;
  }
  return value;
});

function processMediaSchema(allowInsecureUrls: boolean, functionModules: boolean) {
  return strictObject({
    input: strictObject({ bucket, key }),
    output: strictObject({ bucket: bucket.optional(), directory: directory.optional() }).optional(),
    items: processingItemsSchema,
    notification: notificationConfigSchema({ allowInsecureUrls, functionModules }).optional(),
    sessionId: z.string().min(1).max(MAX_SESSION_ID_LENGTH).optional(),
    sessionContext: z.string().max(MAX_SESSION_CONTEXT_LENGTH).optional(),
    priority: z.number().int().min(-10).max(10).optional(),
  }).transform((body, ctx): TaskRequest => {
    const slash = body.input.key.lastIndexOf('/');
    const inputDirectory = slash >= 0 ? body.input.key.slice(0, slash + 1) : '';
    const outputDirectory = body.output?.directory ?? inputDirectory;
    const problem = outputDirectoryProblem(outputDirectory);
    if (problem) {
      // The output directory defaults to the input's, so a long input directory is named when unset.
      const path = body.output?.directory !== undefined ? ['output', 'directory'] : ['input', 'key'];
      addProblem(ctx, outputDirectory, problem, { path });
      return z.NEVER;
    }
    return {
      input: body.input,
      output: {
        bucket: body.output?.bucket ?? body.input.bucket,
        directory: outputDirectory,
      },
      items: body.items,
      ...(body.notification ? { notification: body.notification } : {}),
      ...(body.sessionId !== undefined ? { sessionId: body.sessionId } : {}),
      ...(body.sessionContext !== undefined ? { sessionContext: body.sessionContext } : {}),
      ...(body.priority !== undefined ? { priority: body.priority } : {}),
    };
  });
}

/**
 * Validates a ProcessMedia body: output defaults to the input's bucket and directory; unknown fields
 * are rejected. Throws ValidationError naming the field.
 */
export function validateProcessMedia(
  body: unknown,
  opts: { allowInsecureUrls?: boolean; functionModules?: boolean } = {},
): TaskRequest {
  return parseOrThrow(
    processMediaSchema(opts.allowInsecureUrls === true, opts.functionModules === true),
    body,
    '',
  );
}

/**
 * A task as the API shows it: without its outbox (events on their way to the NotifyQueue, an internal
 * of delivery), with how many are still pending when there are any.
 */
export function publicTask(task: Task): Omit<Task, 'outbox'> & { pendingEvents?: number } {
  const { outbox, ...rest } = task;
  const pending = Object.keys(outbox ?? {}).length;
  return pending > 0 ? { ...rest, pendingEvents: pending } : rest;
}

export function taskOperations(deps: ApiDeps) {
  async function load(taskId: string): Promise<Task> {
    const task = await deps.tasks.get(taskId);
    if (!task) throw new NotFoundError(`task ${taskId} does not exist`, 'ResourceNotFound.Task');
    return task;
  }

  return {
    async processMedia(req: ApiRequest): Promise<ApiResponse> {
      onlyParams(req.query, []);
      const request = validateProcessMedia(requireJsonObject(req), {
        allowInsecureUrls: deps.catalog.allowsPrivateCallbackUrls,
        functionModules: deps.catalog.functionModules,
      });
      deps.catalog.checkTaskBuckets(request);
      await deps.catalog.checkNotification(request.notification);
      await deps.catalog.checkReferences(request.items);
      const { task, created } = await deps.operations.processMedia(request);
      return { status: created ? 201 : 200, body: publicTask(task) };
    },

    async list(req: ApiRequest): Promise<ApiResponse> {
      onlyParams(req.query, ['status', 'result', 'ids', 'schemaId', 'from', 'to', 'limit', 'nextToken']);
      const status = enumParam(req.query, 'status', TASK_STATUSES);
      const result = enumParam(req.query, 'result', TASK_RESULTS);
      const ids = listParam(req.query, 'ids', MAX_IDS_PER_QUERY);
      const schemaId = stringParam(req.query, 'schemaId', 256);
      const from = timeParam(req.query, 'from');
      const to = timeParam(req.query, 'to');
      const limit = intParam(req.query, 'limit', 1, MAX_PAGE_SIZE) ?? DEFAULT_PAGE_SIZE;
      const nextToken = stringParam(req.query, 'nextToken', 4096);
      const filter: TaskListFilter = {
        limit,
        ...(status ? { status } : {}),
        ...(result ? { result } : {}),
        ...(ids ? { ids } : {}),
        ...(schemaId ? { schemaId } : {}),
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
        ...(nextToken ? { nextToken } : {}),
      };
      const page = await deps.tasks.list(filter);
      return { status: 200, body: { ...page, items: page.items.map(publicTask) } };
    },

    async get(req: ApiRequest, params: Record<string, string>): Promise<ApiResponse> {
      onlyParams(req.query, []);
      return { status: 200, body: publicTask(await load(params.id!)) };
    },

    async restart(req: ApiRequest, params: Record<string, string>): Promise<ApiResponse> {
      onlyParams(req.query, ['all']);
      const all = boolParam(req.query, 'all') ?? false;
      await load(params.id!);
      return { status: 200, body: publicTask(await deps.operations.restart(params.id!, { all })) };
    },

    async abort(req: ApiRequest, params: Record<string, string>): Promise<ApiResponse> {
      onlyParams(req.query, []);
      await load(params.id!);
      return { status: 200, body: publicTask(await deps.operations.abort(params.id!)) };
    },
  };
}
