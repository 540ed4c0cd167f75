import type { Command } from 'commander';
import type { Task } from '../../lambdas/core/model';
import type { ApiClient } from '../client';
import { moreHint, type CliContext } from '../context';
import { ApiError, UsageError } from '../errors';
import { assertAllSucceeded, intervalMs, progressLine } from '../follow-tasks';
import { taskDetail, tasksTable } from '../format';
import { addItemOptions, hasItemFlags, itemsFromFlags, type ItemFlags } from '../items';
import { parseS3Directory, parseS3Object } from '../s3url';

function taskPath(id: string, suffix = ''): string {
  return `/tasks/${encodeURIComponent(id)}${suffix}`;
}

/**
 * Polls the task until it is FINISH, printing one progress line per change on stderr; then prints the
 * detail. Exit code 0 when every subtask succeeded, 1 otherwise.
 */
export async function watchTask(
  ctx: CliContext,
  client: ApiClient,
  id: string,
  everyMs: number,
): Promise<number> {
  let last = '';
  for (;;) {
    const task = await client.request<Task>('GET', taskPath(id));
    const line = progressLine(task);
    if (line !== last) ctx.note(line);
    last = line;
    if (task.status === 'FINISH') {
      ctx.print(task, (r) => taskDetail(task, r));
      assertAllSucceeded([task]);
      return 0;
    }
    await ctx.io.sleep(everyMs);
  }
}

/**
 * The restart error in the CLI's terms: a finished task with nothing failed or aborted is restarted
 * with `--all` (the API's own message speaks of its request body). Other errors are kept as they are.
 */
async function restartHint(client: ApiClient, id: string, error: unknown): Promise<unknown> {
  if (!(error instanceof ApiError) || error.status !== 409) return error;
  const task = await client.request<Task>('GET', taskPath(id)).catch(() => undefined);
  if (task?.status !== 'FINISH' || task.subtasks.some((s) => s.status === 'FAIL' || s.status === 'ABORTED')) {
    return error;
  }
  return new ApiError(
    error.status,
    error.code,
    `task ${id} has no FAIL or ABORTED subtask to restart (result ${task.result ?? 'unknown'}); ` +
      `to re-run every subtask: mps task restart ${id} --all`,
    error.field,
  );
}

export function registerTaskCommands(program: Command, ctx: () => CliContext): void {
  const task = program.command('task').description('tasks (one per processed input) and their subtasks');

  task
    .command('list')
    .description('list tasks, newest first')
    .option('--status <status>', 'WAITING, PROCESSING or FINISH')
    .option(
      '--result <result>',
      'only finished tasks with this result: SUCCESS, PARTIAL_FAILURE, FAIL or ABORTED',
    )
    .option('--ids <ids>', 'only these task ids, comma-separated')
    .option('--schema <id>', 'only tasks of this schema')
    .option('--from <time>', 'created at or after (ISO-8601)')
    .option('--to <time>', 'created at or before (ISO-8601)')
    .option('--limit <n>', 'page size (1–100)')
    .option('--next-token <token>', 'continue a previous listing')
    .action(async (opts: Record<string, string | undefined>) => {
      const c = ctx();
      const res = await (
        await c.client()
      ).request<{ items: Task[]; nextToken?: string }>('GET', '/tasks', {
        query: {
          status: opts.status?.toUpperCase(),
          result: opts.result?.toUpperCase(),
          ids: opts.ids,
          schemaId: opts.schema,
          from: opts.from,
          to: opts.to,
          limit: opts.limit,
          nextToken: opts.nextToken,
        },
      });
      c.print(res, (r) => tasksTable(res.items, r) + moreHint(c, r, res.nextToken));
    });

  task
    .command('show <id>')
    .description('show a task and its subtasks')
    .action(async (id: string) => {
      const c = ctx();
      const t = await (await c.client()).request<Task>('GET', taskPath(id));
      c.print(t, (r) => taskDetail(t, r));
    });

  task
    .command('restart <id>')
    .description('re-run the failed/aborted subtasks of a finished task (--all: every subtask)')
    .option('--all', 're-run every subtask')
    .action(async (id: string, opts: { all?: boolean }) => {
      const c = ctx();
      const client = await c.client();
      const t = await client
        .request<Task>('POST', taskPath(id, '/restart'), { query: { all: opts.all ? 'true' : undefined } })
        .catch(async (e: unknown) => {
          throw opts.all ? e : await restartHint(client, id, e);
        });
      c.print(t, (r) => `restarted task ${t.taskId}\n` + taskDetail(t, r));
    });

  task
    .command('abort <id>')
    .description('abort the unfinished subtasks of a task')
    .action(async (id: string) => {
      const c = ctx();
      const t = await (await c.client()).request<Task>('POST', taskPath(id, '/abort'));
      c.print(t, (r) => `aborted task ${t.taskId}\n` + taskDetail(t, r));
    });

  task
    .command('watch <id>')
    .description('poll a task until it finishes (exit 1 unless every subtask succeeded)')
    .option('--interval <seconds>', 'poll interval', '2')
    .action(async (id: string, opts: { interval?: string }) => {
      const c = ctx();
      await watchTask(c, await c.client(), id, intervalMs(opts.interval));
    });

  addItemOptions(
    program
      .command('process <source>')
      .description(
        'process one object now (ProcessMedia), e.g. mps process s3://media/in/a.mp4 --transcode 100030',
      )
      .option('--output <s3url>', 'output bucket and directory (default: the source directory)')
      .option('--session-id <id>', 'idempotency key: repeating the call returns the same task')
      .option('--session-context <text>', 'echoed in notifications (≤ 1000 characters)')
      .option('--priority <n>', 'job priority −10..10')
      .option('--notify-type <type>', 'queue|topic|url|function')
      .option('--notify-target <target>', 'queue URL/ARN, topic ARN, https URL or function name/ARN')
      .option('--notify-mode <mode>', 'finish (default) or change')
      .option('--watch', 'wait until the task finishes')
      .option('--interval <seconds>', 'poll interval with --watch', '2'),
  ).action(
    async (
      source: string,
      opts: ItemFlags & {
        output?: string;
        sessionId?: string;
        sessionContext?: string;
        priority?: string;
        notifyType?: string;
        notifyTarget?: string;
        notifyMode?: string;
        watch?: boolean;
        interval?: string;
      },
    ) => {
      const c = ctx();
      const input = parseS3Object(source, 'source');
      if (!hasItemFlags(opts)) {
        throw new UsageError(
          'give at least one item: --transcode, --adaptive, --snapshot, --gif, --sample or --sprite',
        );
      }
      if ((opts.notifyType === undefined) !== (opts.notifyTarget === undefined)) {
        throw new UsageError('--notify-type and --notify-target go together');
      }
      let priority: number | undefined;
      if (opts.priority !== undefined) {
        priority = Number(opts.priority);
        if (!Number.isInteger(priority))
          throw new UsageError(`--priority takes an integer −10..10; got ${opts.priority}`);
      }
      const body = {
        input,
        ...(opts.output ? { output: parseS3Directory(opts.output, '--output') } : {}),
        items: itemsFromFlags(opts),
        ...(opts.sessionId ? { sessionId: opts.sessionId } : {}),
        ...(opts.sessionContext ? { sessionContext: opts.sessionContext } : {}),
        ...(priority !== undefined ? { priority } : {}),
        ...(opts.notifyType
          ? {
              notification: {
                type: opts.notifyType,
                target: opts.notifyTarget,
                ...(opts.notifyMode ? { mode: opts.notifyMode } : {}),
              },
            }
          : {}),
      };
      const client = await c.client();
      const t = await client.request<Task>('POST', '/tasks', { body });
      if (opts.watch) {
        c.io.stderr(`task ${t.taskId} created\n`);
        await watchTask(c, client, t.taskId, intervalMs(opts.interval));
        return;
      }
      c.print(t, (r) => `task ${t.taskId}\n` + taskDetail(t, r));
    },
  );
}
