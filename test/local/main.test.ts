import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { waitFor } from './helpers';
import { generateClip } from '../e2e/media';

const root = path.resolve(__dirname, '../..');
const tsxCli = path.join(root, 'node_modules/tsx/dist/cli.mjs');

/** Runs `npm start`'s entry point the way npm does (tsx local/main.ts). */
function runMain(args: string[], env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(process.execPath, [tsxCli, 'local/main.ts', ...args], {
    cwd: root,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('npm start (local/main.ts)', () => {
  it('prints usage for --help', () => {
    const r = runMain(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/--data-dir DIR/);
    expect(r.stdout).toMatch(/--reset/);
    expect(r.stdout).toMatch(/--api-port N/);
  });

  it('rejects a bad port with a clear message', () => {
    const r = runMain(['--api-port', 'eighty']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--api-port must be an integer from 0 to 65535, got "eighty"/);
  });

  it('with MPS_FFMPEG=system and no ffmpeg on PATH, explains how to install it and exits 1', () => {
    // A PATH with node only (no ffmpeg/ffprobe); without MPS_FFMPEG=system the bundled one would be used.
    const bin = mkdtempSync(path.join(os.tmpdir(), 'mps-nopath-'));
    try {
      symlinkSync(process.execPath, path.join(bin, 'node'));
      const r = runMain(['--data-dir', path.join(bin, 'data')], {
        ...process.env,
        PATH: bin,
        MPS_FFMPEG: 'system',
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/MPS_FFMPEG=system but ffmpeg is not on PATH/);
      expect(r.stderr).toContain('sudo apt-get install -y ffmpeg');
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it('rejects an unknown MPS_FFMPEG value', () => {
    const r = runMain(['--data-dir', path.join(os.tmpdir(), 'never-created')], {
      ...process.env,
      MPS_FFMPEG: 'newest',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/MPS_FFMPEG must be auto, system or bundled; got "newest"/);
  });
});

describe('npm start lifecycle', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mps-start-'));
  const dataDir = path.join(dir, 'data');
  let cleanup = () => {};
  afterAll(() => {
    cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Command lines of live processes that mention `needle`. */
  function processesMentioning(needle: string): string[] {
    const r = spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
    return r.stdout.split('\n').filter((l) => l.includes(needle) && !l.includes('ps -eo'));
  }

  it('serves, then stops cleanly on SIGINT mid-job: no ffmpeg or endpoint process left behind', async () => {
    const clip = path.join(dir, 'long.mp4');
    await generateClip(clip, { seconds: 30, width: 640, height: 360 });

    const child = spawn(
      process.execPath,
      [tsxCli, 'local/main.ts', '--data-dir', dataDir, '--api-port', '0'],
      {
        cwd: root,
        env: { ...process.env, MPS_LOG_LEVEL: 'ERROR', XDG_STATE_HOME: path.join(dir, 'state') },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    cleanup = () => {
      if (child.exitCode === null) child.kill('SIGKILL');
    };

    await waitFor('the banner', () => (out.includes('Press Ctrl-C to stop.') ? true : undefined), 60_000);
    expect(out).toContain('npx mps upload');
    expect(out).toContain('s3://mps-local/output/');
    const endpoints = JSON.parse(readFileSync(path.join(dataDir, 'endpoints.json'), 'utf8'));
    // The runtime runs in tsx's child process, which writes its own pid.
    expect(() => process.kill(endpoints.pid, 0)).not.toThrow();
    expect(out).toContain(endpoints.eventsQueueUrl);

    // Start a job (the demo schema was enabled during start-up; upload in a later second).
    await new Promise((r) => setTimeout(r, 1100));
    const s3 = new S3Client({
      region: endpoints.region,
      endpoint: endpoints.s3,
      forcePathStyle: true,
      credentials: { accessKeyId: endpoints.accessKeyId, secretAccessKey: endpoints.secretAccessKey },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    await s3.send(
      new PutObjectCommand({ Bucket: 'mps-local', Key: 'input/long.mp4', Body: readFileSync(clip) }),
    );
    s3.destroy();
    await waitFor(
      'ffmpeg to run',
      () => (processesMentioning(dataDir).some((l) => /ffmpeg/.test(l)) ? true : undefined),
      30_000,
    );

    // SIGINT to tsx only (as `kill -INT`): tsx relays it to the runtime, which stops gracefully.
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(out).toContain('mps-aws local runtime stopped.');
    expect(out).not.toContain('exiting now');
    expect(processesMentioning(dataDir)).toEqual([]);
    expect(existsSync(path.join(dataDir, 'endpoints.json'))).toBe(false);
    // The endpoints child (fauxqs/s3rver/dynalite) is gone: its ports refuse connections.
    await expect(fetch(endpoints.s3)).rejects.toThrow();
    await expect(fetch(endpoints.sqs)).rejects.toThrow();
  }, 120_000);
});
