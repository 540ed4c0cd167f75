/**
 * How results are printed: `--output json|table|text` (`--json` is `--output json`), `--wide`, colour.
 *   json   the API's JSON, unchanged; errors as `{"error":{"code","message"}}` on stderr.
 *   table  aligned columns under a header, long cells cut with '…' (full with --wide).
 *   text   tab-separated rows, no header, nothing cut or coloured: for cut/awk/grep.
 */
import { UsageError } from './errors';

export const OUTPUT_FORMATS = ['json', 'table', 'text'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** What human renderings (table or text) need to know. */
export interface RenderOptions {
  format: 'table' | 'text';
  /** Show every cell in full. */
  wide: boolean;
  /** Colour statuses (stdout is a terminal, NO_COLOR unset). */
  color: boolean;
}

/** The default rendering: table, cut cells, no colour. */
export const PLAIN: RenderOptions = { format: 'table', wide: false, color: false };

/** The format from `--output` and `--json`; a conflict or an unknown format is a usage error. */
export function outputFormat(opts: { output?: string; json?: boolean }): OutputFormat {
  const given = opts.output?.toLowerCase();
  if (given !== undefined && !(OUTPUT_FORMATS as readonly string[]).includes(given)) {
    throw new UsageError(
      `--output takes ${OUTPUT_FORMATS.join(', ')} (or, for schema create|update and process, an ` +
        `s3://bucket/dir/ location); got ${JSON.stringify(opts.output)}`,
    );
  }
  if (opts.json && given !== undefined && given !== 'json') {
    throw new UsageError(`--json is --output json; it conflicts with --output ${given}`);
  }
  return opts.json ? 'json' : ((given as OutputFormat | undefined) ?? 'table');
}

/**
 * `--output`/`-o` is both the global output format and, for `schema create|update` and `process`, the
 * output location (`--output s3://bucket/dir/`). The value tells them apart: a format (or any value
 * that is not an s3:// URL) is taken out of `argv` here as the global option; an s3:// URL is left for
 * the command.
 */
export function extractOutputFormat(argv: readonly string[]): { argv: string[]; output?: string } {
  const rest: string[] = [];
  let output: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    const inline = /^--output=(.*)$/.exec(arg)?.[1];
    const value = inline ?? (arg === '--output' || arg === '-o' ? argv[i + 1] : undefined);
    if (value !== undefined && !value.startsWith('s3://')) {
      output = value;
      if (inline === undefined) i++;
      continue;
    }
    rest.push(arg);
  }
  return { argv: rest, ...(output !== undefined ? { output } : {}) };
}

/**
 * Whether `argv` asks for JSON output, read before (or without) full parsing so that usage errors
 * can be reported as JSON too.
 */
export function wantsJson(argv: readonly string[]): boolean {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return false;
    if (arg === '--json') return true;
    if ((arg === '--output' || arg === '-o') && argv[i + 1]?.toLowerCase() === 'json') return true;
    if (arg.toLowerCase() === '--output=json') return true;
  }
  return false;
}
