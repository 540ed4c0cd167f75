import type { Command } from 'commander';
import type { Schema } from '../../lambdas/core/model';
import type { CliContext } from '../context';
import { UsageError } from '../errors';
import { schemaDetail, schemasTable } from '../format';
import { readJsonFile } from '../input';
import { addItemOptions, hasItemFlags, itemsFromFlags, type ItemFlags } from '../items';
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
        () =>
          `created schema ${s.id} (disabled; enable it with: mps schema enable ${s.id})\n` + schemaDetail(s),
      );
    },
  );

  addSchemaFlags(
    schema
      .command('update <id>')
      .description('replace a disabled schema (--reset also disables an enabled one first)')
      .option('--reset', 'disable the schema if it is enabled, then replace it (it stays disabled)'),
  ).action(async (id: string, opts: CreateFlags & { reset?: boolean }) => {
    const c = ctx();
    const body = schemaBodyFromFlags(opts, c.io.cwd);
    const s = await (
      await c.client()
    ).request<Schema>('PUT', `/schemas/${encodeURIComponent(id)}`, {
      body,
      query: { reset: opts.reset ? 'true' : undefined },
    });
    c.print(s, () => `updated schema ${s.id} (${s.status})\n` + schemaDetail(s));
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
      c.print(
        res,
        () => schemasTable(res.items) + (res.nextToken ? `more: --next-token ${res.nextToken}\n` : ''),
      );
    });

  schema
    .command('show <id>')
    .description('show one schema')
    .action(async (id: string) => {
      const c = ctx();
      const s = await (await c.client()).request<Schema>('GET', `/schemas/${encodeURIComponent(id)}`);
      c.print(s, () => schemaDetail(s));
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
