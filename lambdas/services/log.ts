import type { Log } from '../core/ports';

/** A Log that drops everything (default for tests and tools). */
export const SILENT_LOG: Log = { info() {}, warn() {}, error() {} };

/** Error fields safe to log. */
export function errorInfo(err: unknown): Record<string, unknown> {
  return err instanceof Error ? { errorName: err.name, errorMessage: err.message } : { error: String(err) };
}
