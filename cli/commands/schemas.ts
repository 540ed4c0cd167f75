import type { Command } from 'commander';
import type { Schema } from '../../lambdas/core/model';
import type { ApiClient } from '../client';
import { moreHint, type CliContext } from '../context';
import { ApiError, UsageError } from '../errors';
import { schemaDetail, schemasTable } from '../format';
import { applySets, readJsonFile } from '../input';
import { addItemOptions, collect, hasItemFlags, itemsFromFlags, type ItemFlags } from '../items';
import { parseS3Directory } from '../s3url';

interface CreateFlags extends ItemFlags {
  file?: string;
  name?: string;
  trigger?: string;
  output?: string;
  extensions?: string;
  notifyType?: string;
  notifyTarget?: string;
  notifyMode?: string;
}

/** Schema body from --file or from flags. */
export function schemaBodyFromFlags(opts: CreateFlags, cwd: string): Record<string, unknown> {
  if (opts.file) {
    if (opts.name || opts.trigger || hasItemFlags(opts)) {
      throw new UsageError('give either --file or --name/--trigger/item flags, not both');
    }
    return readJsonFile(opts.file, cwd);
  }
  if (!opts.name || !opts.trigger) {
    throw new UsageError(
      'schema create needs --file f.json, or --name and --trigger s3://bucket/dir/ with items',
    );
  }
  if (!hasItemFlags(opts)) {
    throw new UsageError(
      'give at least one item: --transcode, --adaptive, --snapshot, --gif, --sample or --sprite',
    );
  }
  const trigger = parseS3Directory(opts.trigger, '--trigger');
  const output = opts.output ? parseS3Directory(opts.output, '--output') : undefined;
  const extensions = opts.extensions
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if ((opts.notifyType === undefined) !== (opts.notifyTarget === undefined)) {
    throw new UsageError('--notify-type and --notify-target go together');
  }
  return {
    name: opts.name,
    trigger: { ...trigger, ...(extensions?.length ? { extensions } : {}) },
    ...(output ? { output } : {}),
    items: itemsFromFlags(opts),
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
}

/** Fields the API sets; a schema read back loses them before it is sent as an update. */
const SERVER_FIELDS = ['id', 'status', 'enabledAt', 'createdAt', 'updatedAt'] as const;

/**
 * The body of `schema update`: the --file, or the current schema (server fields dropped) with what
 * the flags give replaced: --name, --trigger (and --extensions), --output, the items (all of them,
 * when any item flag is given) and the notification.
 */
export function schemaUpdateBody(
  opts: CreateFlags & { set?: string[] },
  cwd: string,
  current?: Schema,
): Record<string, unknown> {
  const flagged =
    opts.name !== undefined ||
    opts.trigger !== undefined ||
    opts.output !== undefined ||
    opts.extensions !== undefined ||
    opts.notifyType !== undefined ||
    opts.notifyTarget !== undefined ||
    opts.notifyMode !== undefined ||
    hasItemFlags(opts);
  if (opts.file) {
    if (flagged)
      throw new UsageError('give either --file (the whole schema) or flags that change fields, not both');
    return readJsonFile(opts.file, cwd);
  }
  if (!flagged && !opts.set?.length) {
    throw new UsageError(
      'schema update needs --file f.json, --set key=value, or flags to change (--name, --trigger, --output, items, --notify-*)',
    );
  }
  const body: Record<string, unknown> = { ...current };
  for (const f of SERVER_FIELDS) delete body[f];
  if (opts.name !== undefined) body.name = opts.name;
  if (opts.trigger !== undefined) body.trigger = parseS3Directory(opts.trigger, '--trigger');
  if (opts.extensions !== undefined) {
    const extensions = opts.extensions
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x !== '');
    const { extensions: _dropped, ...trigger } = body.trigger as Record<string, unknown>;
    void _dropped;
    body.trigger = { ...trigger, ...(extensions.length ? { extensions } : {}) };
  }
  if (opts.output !== undefined) body.output = parseS3Directory(opts.output, '--output');
  if (hasItemFlags(opts)) body.items = itemsFromFlags(opts);
  if (opts.notifyType !== undefined || opts.notifyTarget !== undefined || opts.notifyMode !== undefined) {
    const was = (current?.notification ?? {}) as Record<string, unknown>;
    body.notification = {
      ...was,
      ...(opts.notifyType !== undefined ? { type: opts.notifyType } : {}),
      ...(opts.notifyTarget !== undefined ? { target: opts.notifyTarget } : {}),
      ...(opts.notifyMode !== undefined ? { mode: opts.notifyMode } : {}),
    };
  }
  return body;
}

/**
 * The update error in the CLI's terms: an enabled schema is changed with `--reset` (which disables
 * it first). Other errors are kept as they are.
 */
async function enabledHint(client: ApiClient, id: string, error: unknown): Promise<unknown> {
  if (!(error instanceof ApiError) || error.status !== 409) return error;
  const schema = await client
    .request<Schema>('GET', `/schemas/${encodeURIComponent(id)}`)
    .catch(() => undefined);
  if (schema?.status !== 'enabled') return error;
  return new ApiError(
    error.status,
    error.code,
    `schema ${id} is enabled, and only a disabled schema can be changed. ` +
      `Add --reset to disable it and change it (it stays disabled; then: mps schema enable ${id}), ` +
      `or first: mps schema disable ${id}`,
    error.field,
  );
}

function addSchemaFlags(cmd: Command): Command {
  return addItemOptions(
    cmd
      .option('--file <file>', 'JSON file with the schema (name, trigger, output, items, notification)')
      .option('--name <name>', 'schema name (unique)')
      .option('--trigger <s3url>', 'trigger bucket and directory, e.g. s3://media/input/')
      .option('--output <s3url>', 'output bucket and directory (default: the trigger)')
      .option('--extensions <list>', 'only these file extensions, e.g. mp4,mov')
      .option('--notify-type <type>', 'queue|topic|url|function')
      .option('--notify-target <target>', 'queue URL/ARN, topic ARN, https URL or function name/ARN')
      .option('--notify-mode <mode>', 'finish (default) or change'),
  );
}

export function registerSchemaCommands(program: Command, ctx: () => CliContext): void {
  const schema = program.command('schema').description('schemas (workflows) triggered by uploads');

  addSchemaFlags(schema.command('create').description('create a schema (created disabled)')).action(
    async (opts: CreateFlags) => {
      const c = ctx();
      const body = schemaBodyFromFlags(opts, c.io.cwd);
      const s = await (await c.client()).request<Schema>('POST', '/schemas', { body });
      c.print(
        s,
        (r) =>
          `created schema ${s.id} (disabled; enable it with: mps schema enable ${s.id})\n` +
          schemaDetail(s, r),
      );
    },
  );

  addSchemaFlags(
    schema
      .command('update <id>')
      .description(
        'change a disabled schema: --file replaces it; flags (--name, --trigger, items…) and --set key=value change the current one',
      )
      .option(
        '--set <key=value>',
        'set a (dotted) field, e.g. --set output.directory=out/; repeatable',
        collect,
      )
      .option('--reset', 'disable the schema if it is enabled, then change it (it stays disabled)'),
  ).action(async (id: string, opts: CreateFlags & { reset?: boolean; set?: string[] }) => {
    const c = ctx();
    const client = await c.client();
    const path = `/schemas/${encodeURIComponent(id)}`;
    const current = opts.file ? undefined : await client.request<Schema>('GET', path);
    const body = applySets(schemaUpdateBody(opts, c.io.cwd, current), opts.set);
    const s = await client
      .request<Schema>('PUT', path, { body, query: { reset: opts.reset ? 'true' : undefined } })
      .catch(async (e: unknown) => {
        throw opts.reset ? e : await enabledHint(client, id, e);
      });
    c.print(
      s,
      (r) =>
        `updated schema ${s.id} (${s.status}${s.status === 'disabled' ? `; enable it with: mps schema enable ${s.id}` : ''})\n` +
        schemaDetail(s, r),
    );
  });

  for (const action of ['enable', 'disable'] as const) {
    schema
      .command(`${action} <id>`)
      .description(action === 'enable' ? 'enable: new uploads from now on are processed' : 'disable a schema')
      .action(async (id: string) => {
        const c = ctx();
        const s = await (
          await c.client()
        ).request<Schema>('POST', `/schemas/${encodeURIComponent(id)}/${action}`);
        c.print(s, () => `schema ${s.id} is ${s.status}`);
      });
  }

  schema
    .command('list')
    .description('list schemas')
    .option('--status <status>', 'enabled or disabled')
    .option('--limit <n>', 'page size (1–100)')
    .option('--next-token <token>', 'continue a previous listing')
    .action(async (opts: { status?: string; limit?: string; nextToken?: string }) => {
      const c = ctx();
      const res = await (
        await c.client()
      ).request<{ items: Schema[]; nextToken?: string }>('GET', '/schemas', {
        query: { status: opts.status, limit: opts.limit, nextToken: opts.nextToken },
      });
      c.print(res, (r) => schemasTable(res.items, r) + moreHint(c, r, res.nextToken));
    });

  schema
    .command('show <id>')
    .description('show one schema')
    .action(async (id: string) => {
      const c = ctx();
      const s = await (await c.client()).request<Schema>('GET', `/schemas/${encodeURIComponent(id)}`);
      c.print(s, (r) => schemaDetail(s, r));
    });

  schema
    .command('delete <id>')
    .description('delete a disabled schema')
    .action(async (id: string) => {
      const c = ctx();
      await (await c.client()).request('DELETE', `/schemas/${encodeURIComponent(id)}`);
      c.print({ deleted: id }, () => `deleted schema ${id}`);
    });
}
