import type { Command } from 'commander';
import type { CliContext } from '../context';
import { parseS3Object } from '../s3url';

interface ExplainSubtask {
  no: number;
  type: string;
  requires?: string[];
  /** Index into the schema's jobs. */
  job?: number;
  /** Index into the schema's aiJobs (ContentReview, AiRecognition, AiAnalysis). */
  aiJob?: number;
  error?: { code: string; message: string };
}

interface ExplainJob {
  subtasks: number[];
  createJob: unknown;
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
    subtasks: ExplainSubtask[];
    jobs: ExplainJob[];
    aiJobs?: Array<{
      subtasks: number[];
      request: unknown;
      backendRequests?: Array<{ api: string; input: unknown }>;
    }>;
  }>;
}

export function registerExplainCommand(program: Command, ctx: () => CliContext): void {
  program
    .command('explain <object>')
    .description(
      'which enabled schemas an upload of s3://bucket/key triggers, and the exact CreateJob (and AI engine) requests',
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
          for (const st of s.subtasks) {
            if (st.error) lines.push(`  #${st.no} ${st.type}: error ${st.error.code}: ${st.error.message}`);
            else if (st.aiJob !== undefined) lines.push(`  #${st.no} ${st.type}: AI job ${st.aiJob + 1}`);
            else lines.push(`  #${st.no} ${st.type}: job ${(st.job ?? 0) + 1}`);
          }
          s.jobs.forEach((j, i) => {
            const shared = j.subtasks.length > 1 ? ` (subtasks ${j.subtasks.join(', ')} share it)` : '';
            lines.push(`  job ${i + 1}${shared}: CreateJob`);
            lines.push(
              JSON.stringify(j.createJob, null, 2)
                .split('\n')
                .map((l) => `    ${l}`)
                .join('\n'),
            );
          });
          (s.aiJobs ?? []).forEach((j, i) => {
            const indent = (v: unknown) =>
              JSON.stringify(v, null, 2)
                .split('\n')
                .map((l) => `    ${l}`)
                .join('\n');
            lines.push(`  AI job ${i + 1} (subtask ${j.subtasks.join(', ')}): request to the AI engine`);
            lines.push(indent(j.request));
            for (const b of j.backendRequests ?? []) {
              lines.push(`  AI job ${i + 1}: ${b.api}`);
              lines.push(indent(b.input));
            }
          });
        }
        return lines.join('\n') + '\n';
      });
    });
}
