import { spawn } from 'node:child_process';

export interface SpawnResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn() to 'close', in milliseconds. */
  ms: number;
}

/** Runs a command to completion (no shell), capturing output (last 64 KiB of each stream). */
export function run(
  command: string,
  args: readonly string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<SpawnResult> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(opts.env ? { env: opts.env } : {}),
      ...(opts.cwd ? { cwd: opts.cwd } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout = (stdout + d.toString()).slice(-65536)));
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-65536)));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, stdout, stderr, ms: Number(process.hrtime.bigint() - start) / 1e6 }),
    );
  });
}

/** Like run(), but rejects with the tail of stderr when the exit code is not 0. */
export async function runOk(
  command: string,
  args: readonly string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<SpawnResult> {
  const r = await run(command, args, opts);
  if (r.code !== 0) {
    const tail = r.stderr.trim().split('\n').slice(-3).join(' | ');
    throw new Error(`${command} exited with ${r.code}: ${tail || 'no message'}`);
  }
  return r;
}
