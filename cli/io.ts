/** Where the CLI writes and what it reads from its environment (tests pass their own). */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
  /** Directory `.mps-local/` is looked up in. */
  cwd: string;
  /** True when stderr is a terminal (progress bars redraw in place, errors may be coloured). */
  stderrIsTTY: boolean;
  /** True when stdout is a terminal (tables may be coloured). Default false. */
  stdoutIsTTY?: boolean;
  /** Waits `ms` (task watch); tests may shorten it. */
  sleep(ms: number): Promise<void>;
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    stderrIsTTY: process.stderr.isTTY === true,
    stdoutIsTTY: process.stdout.isTTY === true,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}
