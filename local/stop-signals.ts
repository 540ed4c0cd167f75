/**
 * Ctrl-C handling for `npm start`. One key press can reach the runtime more than once: the terminal
 * signals the whole foreground process group (npm, sh, tsx and the runtime) and npm and tsx also relay
 * the signal to their child. Signals that arrive within `dedupeMs` of the first one are therefore the
 * same request; a signal after that window is a second request and forces the exit.
 */

/** What to do on the first stop request and on a later one. */
export interface StopSignalHandlers {
  /** First SIGINT/SIGTERM: stop gracefully. */
  graceful(signal: NodeJS.Signals): void;
  /** A signal more than `dedupeMs` after the first: exit now. */
  force(signal: NodeJS.Signals): void;
}

/** Signals closer than this to the first one count as the same Ctrl-C. */
export const DEFAULT_SIGNAL_DEDUPE_MS = 1000;

/**
 * Listens for SIGINT and SIGTERM on `target` (default `process`); returns a function that removes the
 * listeners.
 */
export function onStopSignals(
  handlers: StopSignalHandlers,
  opts: { dedupeMs?: number; target?: NodeJS.EventEmitter; now?: () => number } = {},
): () => void {
  const target = opts.target ?? process;
  const dedupeMs = opts.dedupeMs ?? DEFAULT_SIGNAL_DEDUPE_MS;
  const now = opts.now ?? Date.now;
  let firstAt: number | undefined;
  const listener = (signal: NodeJS.Signals) => {
    const at = now();
    if (firstAt === undefined) {
      firstAt = at;
      handlers.graceful(signal);
    } else if (at - firstAt > dedupeMs) {
      handlers.force(signal);
    }
  };
  target.on('SIGINT', listener);
  target.on('SIGTERM', listener);
  return () => {
    target.off('SIGINT', listener);
    target.off('SIGTERM', listener);
  };
}
