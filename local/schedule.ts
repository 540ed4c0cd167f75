/**
 * A job run every `intervalMs`, one run at a time (a tick while a run is under way is skipped), like a
 * scheduled Lambda whose invocations do not overlap. A failed run is logged; the next tick runs again.
 */
export interface Schedule {
  /** Runs now, or joins the run under way. */
  runNow(): Promise<void>;
  /** Stops the timer and waits for the run under way. */
  stop(): Promise<void>;
}

export function startSchedule(
  name: string,
  run: () => Promise<unknown>,
  intervalMs: number,
  log: (level: 'warn', message: string) => void,
): Schedule {
  let running: Promise<void> | undefined;
  const runNow = (): Promise<void> =>
    (running ??= run()
      .then(() => undefined)
      .catch((err) => log('warn', `${name}: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => (running = undefined)));
  const timer = setInterval(() => void runNow(), intervalMs);
  timer.unref();
  return {
    runNow,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
