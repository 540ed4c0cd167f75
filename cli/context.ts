/** What every command gets: output, global options and a lazily resolved API client. */
import { ApiClient } from './client';
import { resolveEndpoint, type ResolvedEndpoint } from './endpoint';
import type { CliIo } from './io';

export interface GlobalOptions {
  endpoint?: string;
  stack?: string;
  region?: string;
  localDir?: string;
  json?: boolean;
}

export class CliContext {
  private resolved?: Promise<ResolvedEndpoint>;

  constructor(
    readonly io: CliIo,
    readonly options: GlobalOptions,
  ) {}

  get json(): boolean {
    return this.options.json === true;
  }

  endpoint(): Promise<ResolvedEndpoint> {
    this.resolved ??= resolveEndpoint(
      {
        ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
        ...(this.options.stack ? { stack: this.options.stack } : {}),
        ...(this.options.region ? { region: this.options.region } : {}),
        ...(this.options.localDir ? { localDir: this.options.localDir } : {}),
      },
      this.io,
    );
    return this.resolved;
  }

  async client(): Promise<ApiClient> {
    return new ApiClient(await this.endpoint());
  }

  out(text: string): void {
    this.io.stdout(text.endsWith('\n') ? text : text + '\n');
  }

  /** Prints `value` as JSON (--json) or the human form. */
  print(value: unknown, human: () => string): void {
    this.out(this.json ? JSON.stringify(value, null, 2) : human());
  }
}
