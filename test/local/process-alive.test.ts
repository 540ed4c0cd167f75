import { spawn } from 'node:child_process';
import { isProcessAlive } from '../../local/process-alive';

it('is true for a running process and false for one that is gone', () => {
  expect(isProcessAlive(process.pid)).toBe(true);
  expect(isProcessAlive(2 ** 22 + 12345)).toBe(false);
});

// A killed runtime whose parent never reaps it stays a zombie: signal 0 still succeeds on it.
it('is false for a zombie (exited, not reaped)', async () => {
  // `sleep 0` exits at once; its parent became `sleep 5` (exec), which never waits for children.
  const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 5'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const zombie = await new Promise<number>((resolve) =>
    parent.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))),
  );
  try {
    await new Promise((r) => setTimeout(r, 300));
    expect(() => process.kill(zombie, 0)).not.toThrow();
    expect(isProcessAlive(zombie)).toBe(false);
  } finally {
    parent.kill('SIGKILL');
  }
});
