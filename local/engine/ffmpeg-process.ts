import { type ChildProcess, spawn } from 'node:child_process';
import { JobCanceledError } from './errors';
import { type ProgressBlock, ProgressParser } from './progress-parser';

/** Every ffmpeg process started by any engine in this Node process, killed if Node exits. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

export interface FfmpegRun {
  /** Resolves when ffmpeg exits 0; rejects with the tail of stderr otherwise, or JobCanceledError. */
  done: Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
  kill(graceMs?: number): Promise<void>;
}

/** Starts ffmpeg with `-progress pipe:1`; `onProgress` gets each progress block. */
export function runFfmpeg(
  ffmpegPath: string,
  args: string[],
  onProgress: (block: ProgressBlock) => void,
): FfmpegRun {
  installExitHook();
  const fullArgs = [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    '-progress',
    'pipe:1',
    '-stats_period',
    '0.25',
    '-nostats',
    '-y',
    ...args,
  ];
  const child = spawn(ffmpegPath, fullArgs, { stdio: ['ignore', 'pipe', 'pipe'], detached: false });
  live.add(child);
  let killed = false;
  let stderr = '';
  const parser = new ProgressParser(onProgress);
  child.stdout!.on('data', (d: Buffer) => parser.push(d));
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on('error', (err) => {
      stderr += `\n${err.message}`;
      resolve(-1);
    });
    child.on('close', (code) => resolve(code));
  }).finally(() => live.delete(child));
  const done = exited.then((code) => {
    if (killed) throw new JobCanceledError();
    if (code !== 0) {
      const lines = stderr.trim().split('\n').filter(Boolean);
      throw new Error(`ffmpeg failed (exit ${code}): ${lines.slice(-3).join(' | ') || 'no message'}`);
    }
  });
  // Callers observe `done`; keep an unobserved rejection from crashing the process.
  done.catch(() => undefined);
  return {
    done,
    async kill(graceMs = 2000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      killed = true;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
