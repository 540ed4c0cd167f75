import { readFileSync } from 'node:fs';

/**
 * Whether process `pid` is running. A killed process whose parent has not reaped it yet (a zombie: in
 * a container whose init does not reap orphans, it stays one) still answers signal 0, so on Linux its
 * state in /proc is checked too.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state …": comm may hold spaces and parentheses, the state follows the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (macOS): signal 0 is the answer
  }
}
