/**
 * Following tasks to the end: the tasks an upload started (one per enabled schema that matches the
 * key, found by schema, input and creation time), polled until every one is FINISH, one progress
 * line per change on stderr.
 */
import type { Task } from '../lambdas/core/model';
import { taskProgress } from '../lambdas/core/tasks/task-progress';
import type { ApiClient } from './client';
import type { CliContext } from './context';
import { CliError, UsageError } from './errors';
import { taskStatus } from './format';

/** `--interval` seconds in ms (default 2 s). */
export function intervalMs(value: string | undefined): number {
  if (value === undefined) return 2000;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new UsageError(`--interval takes seconds > 0; got ${JSON.stringify(value)}`);
  return Math.round(n * 1000);
}

/** How far before the upload's start a task may be stamped (the S3 event time, on another clock). */
export const CLOCK_SKEW_MS = 5000;

/** One progress line: "t-… FINISH (SUCCESS) 100% #1 Transcode SUCCESS, …". */
export function progressLine(task: Task): string {
  return (
    `${task.taskId} ${taskStatus(task)} ${taskProgress(task)}% ` +
    task.subtasks
      .map((s) => `#${s.no} ${s.type} ${s.status}${s.status === 'PROCESSING' ? ` ${s.progress}%` : ''}`)
      .join(', ')
  );
}

interface Explained {
  schemas: Array<{ schemaId: string; name: string }>;
}

/**
 * The tasks the upload of s3://bucket/key started at `since`: one per enabled schema matching the key
 * (as `GET /explain` says), the newest task of that schema for this input created since then. Polls
 * until every schema's task exists, at most `attempts` times; CliError when no schema matches or a
 * task does not appear.
 */
export async function findUploadTasks(
  c: CliContext,
  client: ApiClient,
  upload: { bucket: string; key: string; since: Date },
  everyMs: number,
  attempts: number,
): Promise<Task[]> {
  const { bucket, key } = upload;
  const explained = await client.request<Explained>('GET', '/explain', { query: { bucket, key } });
  if (explained.schemas.length === 0) {
    throw new CliError(
      'NoTaskStarted',
      `no enabled schema matches s3://${bucket}/${key}, so the upload started no task (see: mps explain s3://${bucket}/${key})`,
    );
  }
  const from = new Date(upload.since.getTime() - CLOCK_SKEW_MS).toISOString();
  const found = new Map<string, Task>();
  for (let attempt = 1; ; attempt++) {
    for (const schema of explained.schemas) {
      if (found.has(schema.schemaId)) continue;
      const page = await client.request<{ items: Task[] }>('GET', '/tasks', {
        query: { schemaId: schema.schemaId, from, limit: 100 },
      });
      const task = page.items.find((t) => t.input.bucket === bucket && t.input.key === key);
      if (task) {
        found.set(schema.schemaId, task);
        c.note(`task ${task.taskId} started (schema ${schema.name})`);
      }
    }
    if (found.size === explained.schemas.length) return [...found.values()];
    if (attempt >= attempts) {
      const missing = explained.schemas.filter((s) => !found.has(s.schemaId)).map((s) => s.name);
      throw new CliError(
        'ResourceNotFound.Task',
        `no task of schema ${missing.join(', ')} appeared for s3://${bucket}/${key} within ${Math.round((everyMs * attempts) / 1000)} s`,
      );
    }
    await c.io.sleep(everyMs);
  }
}

/**
 * Polls `tasks` until all are FINISH, printing a line on stderr whenever one changes; resolves to the
 * finished tasks (same order).
 */
export async function followTasks(
  c: CliContext,
  client: ApiClient,
  tasks: Task[],
  everyMs: number,
): Promise<Task[]> {
  const last = new Map<string, string>();
  for (;;) {
    const page = await client.request<{ items: Task[] }>('GET', '/tasks', {
      query: { ids: tasks.map((t) => t.taskId).join(','), limit: 100 },
    });
    const byId = new Map(page.items.map((t) => [t.taskId, t]));
    const current = tasks.map((t) => byId.get(t.taskId) ?? t);
    for (const task of current) {
      const line = progressLine(task);
      if (last.get(task.taskId) !== line) c.note(line);
      last.set(task.taskId, line);
    }
    if (current.every((t) => t.status === 'FINISH')) return current;
    await c.io.sleep(everyMs);
  }
}

/** CliError TaskNotSuccessful naming the tasks that did not end in SUCCESS, if any. */
export function assertAllSucceeded(tasks: Task[]): void {
  const failed = tasks.filter((t) => t.result !== 'SUCCESS');
  if (failed.length === 0) return;
  throw new CliError(
    'TaskNotSuccessful',
    failed.map((t) => `task ${t.taskId} finished with result ${t.result ?? 'unknown'}`).join('; '),
  );
}
