import type { Command } from 'commander';
import type { CliContext } from '../context';
import { parseS3Object } from '../s3url';

interface ExplainJob {
  no: number;
  type: string;
  requires?: string[];
  createJob?: unknown;
  error?: { code: string; message: string };
}

interface ExplainResult {
  bucket: string;
  key: string;
  time: string;
  source?: Record<string, unknown>;
  schemas: Array<{
    schemaId: string;
    name: string;
    output: { bucket: string; directory: string };
    jobs: ExplainJob[];
  }>;
}

export function registerExplainCommand(program: Command, ctx: () => CliContext): void {
  program
    .command('explain <object>')
    .description(
      'which enabled schemas an upload of s3://bucket/key triggers, and the exact CreateJob requests',
    )
    .option('--time <iso>', 'upload time to evaluate (default now)')
    .action(async (object: string, opts: { time?: string }) => {
      const c = ctx();
      const { bucket, key } = parseS3Object(object);
      const res = await (
        await c.client()
      ).request<ExplainResult>('GET', '/explain', {
        query: { bucket, key, time: opts.time },
      });
      c.print(res, () => {
        if (res.schemas.length === 0) return `no enabled schema matches s3://${bucket}/${key}\n`;
        const lines: string[] = [];
        if (res.source) lines.push(`source: ${JSON.stringify(res.source)}`);
        for (const s of res.schemas) {
          lines.push(
            `schema ${s.schemaId} (${s.name}) → s3://${s.output.bucket}/${s.output.directory}: ${s.jobs.length} job(s)`,
          );
          for (const j of s.jobs) {
            if (j.error) {
              lines.push(`  #${j.no} ${j.type}: error ${j.error.code}: ${j.error.message}`);
            } else {
              lines.push(`  #${j.no} ${j.type}: CreateJob`);
              lines.push(
                JSON.stringify(j.createJob, null, 2)
                  .split('\n')
                  .map((l) => `    ${l}`)
                  .join('\n'),
              );
            }
          }
        }
        return lines.join('\n') + '\n';
      });
    });
}
