/**
 * `npm start` as a user runs it (the real package.json script through npm, sh and tsx), on a PATH with
 * node only: no system ffmpeg, so the bundled one (@ffmpeg-installer/*) does the work. The CLI runs
 * from another directory and finds the runtime through the per-user endpoints record. Then one Ctrl-C,
 * sent to the whole process group as a terminal does, stops the runtime gracefully mid-job.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Task } from '../../lambdas/core/model';
import type { EndpointsRecord } from '../../local/endpoints-record';
import { startLocalRuntime } from '../../local/runtime';
import { generateClip } from '../e2e/media';
import { waitFor } from './helpers';

const root = path.resolve(__dirname, '../..');
const npmCli = path.join(path.dirname(process.execPath), '../lib/node_modules/npm/bin/npm-cli.js');
const npxCli = path.join(path.dirname(npmCli), 'npx-cli.js');
const mpsBin = path.join(root, 'bin/mps.js');

const dir = mkdtempSync(path.join(os.tmpdir(), 'mps-npm-start-'));
const dataDir = path.join(dir, 'data');
const elsewhere = path.join(dir, 'elsewhere');
const stateHome = path.join(dir, 'state');
const userRecord = path.join(stateHome, 'mps-aws', 'local-endpoints.json');
const nodeOnly = path.join(dir, 'bin');
/** A user's environment with node and sh but no ffmpeg or ffprobe on PATH, and a state directory of its own. */
const env: NodeJS.ProcessEnv = {
  ...process.env,
  PATH: nodeOnly,
  HOME: dir,
  XDG_STATE_HOME: stateHome,
  MPS_LOG_LEVEL: 'ERROR',
  MPS_FFMPEG: 'auto',
};
delete env.MPS_ENDPOINT;
delete env.MPS_DATA_DIR;
delete env.MPS_LOCAL_ENDPOINTS;
delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;

let child: ChildProcess | undefined;
let out = '';
let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

/** Command lines of live processes that mention `needle`. */
function processesMentioning(needle: string): string[] {
  const r = spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return r.stdout.split('\n').filter((l) => l.includes(needle) && !l.includes('ps -eo'));
}

/** The CLI as a user runs it, from a directory that has no .mps-local. */
function mps(...argv: string[]) {
  return spawnSync(process.execPath, [mpsBin, ...argv], {
    cwd: elsewhere,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

async function tasks(api: string): Promise<Task[]> {
  const res = await fetch(`${api}/tasks?limit=100`);
  return ((await res.json()) as { items: Task[] }).items;
}

beforeAll(() => {
  mkdirSync(nodeOnly);
  mkdirSync(elsewhere);
  symlinkSync(process.execPath, path.join(nodeOnly, 'node'));
  symlinkSync('/bin/sh', path.join(nodeOnly, 'sh')); // npm runs scripts with `sh` from PATH
  expect(spawnSync('sh', ['-c', 'command -v ffmpeg || command -v ffprobe'], { env }).status).not.toBe(0);
});

afterAll(() => {
  if (child?.pid && child.exitCode === null && child.signalCode === null) process.kill(-child.pid, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('npm start on a machine without ffmpeg', () => {
  let record: EndpointsRecord;

  it('starts with the bundled ffmpeg, and a CLI upload from another directory is transcoded', async () => {
    child = spawn(process.execPath, [npmCli, 'start', '--', '--data-dir', dataDir, '--api-port', '0'], {
      cwd: root,
      env,
      // Its own process group, like a terminal's foreground job: Ctrl-C goes to every process in it.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    exited = new Promise((resolve) => child!.on('exit', (code, signal) => resolve({ code, signal })));

    await waitFor('the banner', () => (out.includes('Press Ctrl-C to stop.') ? true : undefined), 90_000);
    expect(out).toMatch(/ffmpeg +ffmpeg \S+ \(bundled: .*@ffmpeg-installer\/linux-x64\/ffmpeg\)/);
    expect(out).toMatch(/ffprobe \S+ \(bundled: .*@ffprobe-installer\/linux-x64\/ffprobe\)/);
    expect(out).not.toMatch(/NodeVersionSupportWarning/);
    record = JSON.parse(readFileSync(userRecord, 'utf8')) as EndpointsRecord;
    expect(record.dataDir).toBe(dataDir);
    expect(out).toContain(record.api);

    const clip = path.join(elsewhere, 'my-video.mp4');
    await generateClip(clip, { seconds: 2, width: 320, height: 180 });
    // The banner's command, verbatim, from another directory (no --local-dir: the per-user record).
    const up = mps('upload', 'my-video.mp4', 's3://mps-local/input/');
    expect(up.stderr).not.toMatch(/Warning|Region is missing/);
    expect(up.status).toBe(0);
    expect(up.stdout).toContain('s3://mps-local/input/my-video.mp4');

    const done = await waitFor(
      'the demo task to FINISH',
      async () =>
        (await tasks(record.api)).find((t) => t.input.key === 'input/my-video.mp4' && t.status === 'FINISH'),
      120_000,
      500,
    );
    // The banner's line for other directories, verbatim (npx runs the package's bin/mps.js).
    const elsewhereLine = /^ +(npx --prefix \S+ mps task list)$/m.exec(out)?.[1];
    expect(elsewhereLine).toBe(`npx --prefix ${root} mps task list`);
    const listed = spawnSync(process.execPath, [npxCli, '--prefix', root, 'mps', 'task', 'list'], {
      cwd: elsewhere,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(listed.stderr).not.toMatch(/Warning/);
    expect(listed.status).toBe(0);
    expect(listed.stdout).toContain('my-video.mp4');
    expect(done.subtasks.map((s) => [s.type, s.status, s.errorMessage])).toEqual(
      done.subtasks.map((s) => [s.type, 'SUCCESS', undefined]),
    );
  }, 240_000);

  it('stops cleanly on one Ctrl-C to the process group mid-job: job ABORTED, nothing left running', async () => {
    expect(child?.pid).toBeDefined();
    const clip = path.join(elsewhere, 'long.mp4');
    await generateClip(clip, { seconds: 40, width: 640, height: 360 });
    // The task id is derived from the upload time in seconds: upload in a later second than the first.
    expect(mps('upload', 'long.mp4', 's3://mps-local/input/').status).toBe(0);
    await waitFor(
      'ffmpeg to transcode long.mp4',
      () => (processesMentioning(dataDir).some((l) => /ffmpeg .*-progress/.test(l)) ? true : undefined),
      60_000,
    );

    process.kill(-child!.pid!, 'SIGINT');
    const { code, signal } = await exited;
    expect(out).toContain('SIGINT: stopping');
    expect(out).toContain('mps-aws local runtime stopped.');
    expect(out).not.toContain('exiting now');
    // The runtime exits 0; `sh -c` (npm's script shell) then ends itself by the SIGINT it also got, and
    // npm passes that on: a shell shows 130, as for any program stopped with Ctrl-C.
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGINT' });
    expect(processesMentioning(dataDir)).toEqual([]);
    expect(existsSync(userRecord)).toBe(false);
    expect(existsSync(path.join(dataDir, 'endpoints.json'))).toBe(false);

    // The CLI now says the runtime is not running instead of trying AWS.
    const after = mps('task', 'list');
    expect(after.status).toBe(1);
    expect(after.stderr).toMatch(/no endpoint|not running/);

    // What was recorded: the job was canceled, never an internal error.
    const rt = await startLocalRuntime({ dataDir, apiPort: 0, log: () => undefined });
    try {
      const long = (await tasks(rt.urls.api)).find((t) => t.input.key === 'input/long.mp4');
      expect(long).toBeDefined();
      const states = long!.subtasks.map((s) => s.status);
      expect(states).toContain('ABORTED');
      expect(states.every((s) => s === 'ABORTED' || s === 'SUCCESS')).toBe(true);
      expect(JSON.stringify(long)).not.toMatch(/Internal error|Command failed/);
    } finally {
      await rt.stop();
    }
  }, 240_000);
});
