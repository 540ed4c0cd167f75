/**
 * How the CLI finds the local runtime (cli/endpoint.ts): the per-user record from any directory,
 * --local-dir / MPS_DATA_DIR, MPS_LOCAL_ENDPOINTS, and a clear error for a record of a stopped runtime.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { resolveEndpoint } from '../../cli/endpoint';
import type { CliIo } from '../../cli/io';

let dir: string;
let server: http.Server;
let liveUrl: string;
let deadUrl: string;

function io(env: Record<string, string>, cwd = path.join(dir, 'cwd')): CliIo {
  return { stdout: () => {}, stderr: () => {}, env, cwd, stderrIsTTY: false, sleep: async () => {} };
}

function record(file: string, api: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ api, s3: 'http://127.0.0.1:1', region: 'us-east-1' }));
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mps-endpoint-'));
  mkdirSync(path.join(dir, 'cwd'));
  server = http.createServer((_req, res) => res.end('{}'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  liveUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const closed = http.createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise<void>((r) => closed.close(() => r()));
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

describe('the local runtime, found by the CLI', () => {
  it('from any directory through the per-user record under XDG_STATE_HOME or HOME', async () => {
    record(path.join(dir, 'xdg', 'mps-aws', 'local-endpoints.json'), liveUrl);
    const viaXdg = await resolveEndpoint({}, io({ XDG_STATE_HOME: path.join(dir, 'xdg') }));
    expect(viaXdg).toMatchObject({ kind: 'local', url: liveUrl, local: { s3: 'http://127.0.0.1:1' } });

    record(path.join(dir, 'home', '.local', 'state', 'mps-aws', 'local-endpoints.json'), liveUrl);
    const viaHome = await resolveEndpoint({}, io({ HOME: path.join(dir, 'home') }));
    expect(viaHome).toMatchObject({ kind: 'local', url: liveUrl });
  });

  it('in the data directory named by --local-dir or MPS_DATA_DIR (relative to the cwd)', async () => {
    record(path.join(dir, 'data', 'endpoints.json'), liveUrl);
    expect(await resolveEndpoint({ localDir: path.join(dir, 'data') }, io({}))).toMatchObject({
      kind: 'local',
      url: liveUrl,
    });
    expect(await resolveEndpoint({}, io({ MPS_DATA_DIR: '../data' }))).toMatchObject({
      kind: 'local',
      url: liveUrl,
    });
  });

  it('in the file MPS_LOCAL_ENDPOINTS names, before the default location', async () => {
    record(path.join(dir, 'xdg2', 'mps-aws', 'local-endpoints.json'), deadUrl);
    record(path.join(dir, 'custom.json'), liveUrl);
    const found = await resolveEndpoint(
      {},
      io({ XDG_STATE_HOME: path.join(dir, 'xdg2'), MPS_LOCAL_ENDPOINTS: path.join(dir, 'custom.json') }),
    );
    expect(found).toMatchObject({ kind: 'local', url: liveUrl });
  });

  it('a record of a stopped runtime is an error naming it, not a fall-through to AWS', async () => {
    const file = path.join(dir, 'stale', 'mps-aws', 'local-endpoints.json');
    record(file, deadUrl);
    await expect(resolveEndpoint({}, io({ XDG_STATE_HOME: path.join(dir, 'stale') }))).rejects.toMatchObject({
      code: 'LocalRuntimeNotRunning',
      message: expect.stringContaining(
        `local runtime not running at ${deadUrl} (recorded in ${file}); start it with npm start`,
      ),
    });
  });

  it('a stale record in ./.mps-local does not hide a running runtime in the per-user record', async () => {
    const cwd = path.join(dir, 'project');
    record(path.join(cwd, '.mps-local', 'endpoints.json'), deadUrl);
    record(path.join(dir, 'xdg3', 'mps-aws', 'local-endpoints.json'), liveUrl);
    const found = await resolveEndpoint({}, io({ XDG_STATE_HOME: path.join(dir, 'xdg3') }, cwd));
    expect(found).toMatchObject({ kind: 'local', url: liveUrl });
  });

  it('a named data directory without a record says how to start the runtime there', async () => {
    const empty = path.join(dir, 'empty');
    await expect(resolveEndpoint({ localDir: empty }, io({}))).rejects.toMatchObject({
      code: 'LocalRuntimeNotRunning',
      message: `no local runtime recorded in ${path.join(empty, 'endpoints.json')}; start it with npm start -- --data-dir ${empty}`,
    });
  });
});
