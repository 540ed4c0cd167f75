import type { Command } from 'commander';
import type { Template } from '../../lambdas/core/model';
import type { CliContext } from '../context';
import { UsageError } from '../errors';
import { templateDetail, templatesTable } from '../format';
import { applySets, readJsonFile } from '../input';
import { collect } from '../items';

const SERVER_FIELDS = ['id', 'type', 'preset', 'createdAt', 'updatedAt'];

function templateId(value: string): string {
  if (!/^\d+$/.test(value))
    throw new UsageError(`template id must be an integer; got ${JSON.stringify(value)}`);
  return value;
}

export function registerTemplateCommands(program: Command, ctx: () => CliContext): void {
  const template = program.command('template').description('transcode, watermark, snapshot… templates');

  template
    .command('list')
    .description('list templates (presets included unless --no-presets)')
    .option(
      '--type <type>',
      'transcode|watermark|snapshot|sampleSnapshot|sprite|animatedGraphics|contentReview|aiRecognition|aiAnalysis',
    )
    .option('--no-presets', 'only your own templates')
    .action(async (opts: { type?: string; presets: boolean }) => {
      const c = ctx();
      const res = await (
        await c.client()
      ).request<{ items: Template[] }>('GET', '/templates', {
        query: { type: opts.type, includePresets: opts.presets },
      });
      c.print(res, (r) => templatesTable(res.items, r));
    });

  template
    .command('show <id>')
    .description('show one template')
    .action(async (id: string) => {
      const c = ctx();
      const t = await (await c.client()).request<Template>('GET', `/templates/${templateId(id)}`);
      c.print(t, (r) => templateDetail(t, r));
    });

  template
    .command('create <type>')
    .description('create a template from --file and/or --set key=value')
    .option('--file <file>', 'JSON file with the template settings')
    .option('--set <key=value>', 'set a (dotted) field, e.g. --set video.width=1280; repeatable', collect)
    .action(async (type: string, opts: { file?: string; set?: string[] }) => {
      const c = ctx();
      if (!opts.file && !opts.set?.length) throw new UsageError('template create needs --file and/or --set');
      const base = opts.file ? readJsonFile(opts.file, c.io.cwd) : {};
      const body = applySets(base, opts.set);
      const t = await (
        await c.client()
      ).request<Template>('POST', `/templates/${encodeURIComponent(type)}`, {
        body,
      });
      c.print(t, (r) => `created template ${t.id} (${t.type})\n` + templateDetail(t, r));
    });

  template
    .command('update <id>')
    .description('replace a template with --file, or change fields of the current one with --set')
    .option('--file <file>', 'JSON file with the complete new settings')
    .option('--set <key=value>', 'set a (dotted) field; repeatable', collect)
    .action(async (id: string, opts: { file?: string; set?: string[] }) => {
      const c = ctx();
      if (!opts.file && !opts.set?.length) throw new UsageError('template update needs --file and/or --set');
      const client = await c.client();
      let base: Record<string, unknown>;
      if (opts.file) {
        base = readJsonFile(opts.file, c.io.cwd);
      } else {
        base = { ...(await client.request<Record<string, unknown>>('GET', `/templates/${templateId(id)}`)) };
      }
      for (const f of SERVER_FIELDS) delete base[f];
      const t = await client.request<Template>('PUT', `/templates/${templateId(id)}`, {
        body: applySets(base, opts.set),
      });
      c.print(t, (r) => `updated template ${t.id}\n` + templateDetail(t, r));
    });

  template
    .command('delete <id>')
    .description('delete a template (not a preset, not one a schema uses)')
    .action(async (id: string) => {
      const c = ctx();
      await (await c.client()).request('DELETE', `/templates/${templateId(id)}`);
      c.print({ deleted: Number(id) }, () => `deleted template ${id}`);
    });
}
