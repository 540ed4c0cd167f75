/**
 * Starts ffmpeg and ffprobe. Each runs in a process group of its own (`detached`), so the Ctrl-C a
 * terminal sends to `npm start`'s process group reaches only the runtime, which then stops its jobs in
 * order; the processes still running when Node exits are killed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { JobCanceledError } from './errors';
import { binaryEnvironment } from './ffmpeg-binaries';
import { type ProgressBlock, ProgressParser } from './progress-parser';

/** Every ffmpeg/ffprobe process started by any engine in this Node process, killed if Node exits. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

function spawnTracked(command: string, args: string[]): ChildProcess {
  installExitHook();
  const child = spawn(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: binaryEnvironment(command),
  });
  live.add(child);
  child.on('close', () => live.delete(child));
  return child;
}

/** What a short-lived tool run printed. */
export interface ToolOutput {
  stdout: string;
  stderr: string;
}

/**
 * The leading ffmpeg arguments of an analysis pass: decode `file`'s video (no audio) through the filter
 * chain `vf`, logging at info level, where filters such as showinfo and blackdetect print what they find.
 */
export function analysisPassArgs(file: string, vf: string): string[] {
  return ['-hide_banner', '-nostdin', '-nostats', '-v', 'info', '-i', file, '-an', '-vf', vf];
}

/**
 * Runs a short-lived tool (ffprobe, `ffmpeg -encoders`) to completion. Rejects with the last line of
 * stderr (or the exit status) when it fails; the message names the tool, not its arguments. Only the
 * last `stderrBytes` characters of stderr are kept (filters that log per frame need more).
 */
export function runTool(
  command: string,
  args: string[],
  maxBytes = 8 * 1024 * 1024,
  stderrBytes = 4000,
): Promise<ToolOutput> {
  return new Promise((resolve, reject) => {
    const child = spawnTracked(command, args);
    const out: Buffer[] = [];
    let outBytes = 0;
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => {
      outBytes += d.length;
      if (outBytes > maxBytes) child.kill('SIGKILL');
      else out.push(d);
    });
    child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-stderrBytes)));
    child.on('error', (err) => reject(err));
    child.on('close', (code, signal) => {
      const stdout = Buffer.concat(out).toString('utf8');
      if (code === 0) return resolve({ stdout, stderr });
      const last = stderr.trim().split('\n').pop();
      const name = command.split(/[\\/]/).pop();
      const why =
        outBytes > maxBytes
          ? `printed more than ${maxBytes} bytes`
          : signal
            ? `killed by ${signal}`
            : `exit ${code}`;
      reject(new Error(last || `${name} failed (${why})`));
    });
  });
}

export interface FfmpegRun {
  /** Resolves when ffmpeg exits 0; rejects with the tail of stderr otherwise, or JobCanceledError. */
  done: Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
  kill(graceMs?: number): Promise<void>;
}

/**
 * Starts ffmpeg with `-progress pipe:1`; `onProgress` gets each progress block. Pass
 * `statsPeriod: false` for an ffmpeg without `-stats_period` (older than 4.4).
 */
export function runFfmpeg(
  ffmpegPath: string,
  args: string[],
  onProgress: (block: ProgressBlock) => void,
  opts: { statsPeriod?: boolean } = {},
): FfmpegRun {
  const fullArgs = [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    '-progress',
    'pipe:1',
    // Progress every 0.25 s where ffmpeg has the option (4.4+); older ones report every 0.5 s.
    ...(opts.statsPeriod === false ? [] : ['-stats_period', '0.25']),
    '-nostats',
    '-y',
    ...args,
  ];
  const child = spawnTracked(ffmpegPath, fullArgs);
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
  });
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
