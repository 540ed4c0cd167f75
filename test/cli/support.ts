/** Runs the CLI in-process against the API served over HTTP (in-memory stores, fake MediaConvert). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startApiHttpServer, type ApiHttpServer } from '../../lambdas/api/http-server';
import { run, type CliIo } from '../../cli/main';
import { createTestApi, type TestApi } from '../api/support/harness';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliEnv {
  api: TestApi;
  server: ApiHttpServer;
  cwd: string;
  /** Called by `task watch` between polls. */
  onSleep: () => Promise<void>;
  mps(...argv: string[]): Promise<CliResult>;
  /** Like mps(), with extra environment variables (MPS_ENDPOINT is not set unless given). */
  mpsWith(env: Record<string, string>, ...argv: string[]): Promise<CliResult>;
  /** Like mpsWith(), with some of the CLI's io replaced (terminals, environment). */
  mpsIo(io: Partial<CliIo>, ...argv: string[]): Promise<CliResult>;
  close(): Promise<void>;
}

export async function startCliEnv(): Promise<CliEnv> {
  const api = createTestApi();
  const server = await startApiHttpServer(api.handler, { port: 0 });
  const cwd = mkdtempSync(path.join(tmpdir(), 'mps-cli-'));
  const env: CliEnv = {
    api,
    server,
    cwd,
    onSleep: async () => {},
    mps: (...argv) => env.mpsWith({ MPS_ENDPOINT: server.url }, ...argv),
    mpsWith: (vars, ...argv) => env.mpsIo({ env: vars }, ...argv),
    async mpsIo(overrides, ...argv) {
      let stdout = '';
      let stderr = '';
      const io: CliIo = {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        env: { MPS_ENDPOINT: server.url },
        cwd,
        stderrIsTTY: false,
        sleep: () => env.onSleep(),
        ...overrides,
      };
      const code = await run(argv, io);
      return { code, stdout, stderr };
    },
    async close() {
      await server.close();
      rmSync(cwd, { recursive: true, force: true });
    },
  };
  return env;
}
