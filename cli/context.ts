/** What every command gets: output settings, global options and a lazily resolved API client. */
import { ApiClient } from './client';
import { colorEnabled } from './color';
import { resolveEndpoint, type ResolvedEndpoint } from './endpoint';
import type { CliIo } from './io';
import { outputFormat, type OutputFormat, type RenderOptions } from './output';

export interface GlobalOptions {
  endpoint?: string;
  stack?: string;
  region?: string;
  profile?: string;
  localDir?: string;
  json?: boolean;
  output?: string;
  wide?: boolean;
  /** false with --no-color. */
  color?: boolean;
}

export class CliContext {
  private resolved?: Promise<ResolvedEndpoint>;
  /** json, table or text (validated when the context is made). */
  readonly format: OutputFormat;
  /** How tables and other human output are drawn. */
  readonly render: RenderOptions;

  constructor(
    readonly io: CliIo,
    readonly options: GlobalOptions,
  ) {
    this.format = outputFormat(options);
    this.render = {
      format: this.format === 'text' ? 'text' : 'table',
      wide: options.wide === true,
      color: this.format === 'table' && colorEnabled(io.stdoutIsTTY === true, io.env, options.color),
    };
  }

  get json(): boolean {
    return this.format === 'json';
  }

  /** The AWS named profile for deployed stacks: --profile, else AWS_PROFILE (SDK default chain). */
  get profile(): string | undefined {
    return this.options.profile;
  }

  endpoint(): Promise<ResolvedEndpoint> {
    this.resolved ??= resolveEndpoint(
      {
        ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
        ...(this.options.stack ? { stack: this.options.stack } : {}),
        ...(this.options.region ? { region: this.options.region } : {}),
        ...(this.options.profile ? { profile: this.options.profile } : {}),
        ...(this.options.localDir ? { localDir: this.options.localDir } : {}),
      },
      this.io,
    );
    return this.resolved;
  }

  async client(): Promise<ApiClient> {
    return new ApiClient(await this.endpoint(), { ...(this.profile ? { profile: this.profile } : {}) });
  }

  out(text: string): void {
    if (text === '') return;
    this.io.stdout(text.endsWith('\n') ? text : text + '\n');
  }

  /** Prints `value` as JSON (--output json) or its human form (table or text). */
  print(value: unknown, human: (render: RenderOptions) => string): void {
    this.out(this.json ? JSON.stringify(value, null, 2) : human(this.render));
  }

  /** A status line for humans on stderr (progress, hints); never part of the JSON on stdout. */
  note(text: string): void {
    this.io.stderr(text.endsWith('\n') ? text : text + '\n');
  }
}

/**
 * The "more: --next-token …" line after a page that has more: printed with the table, or on stderr
 * in 'text' output so that stdout stays rows only.
 */
export function moreHint(c: CliContext, r: RenderOptions, nextToken: string | undefined): string {
  if (!nextToken) return '';
  const hint = `more: --next-token ${nextToken}\n`;
  if (r.format === 'table') return hint;
  c.note(hint);
  return '';
}
