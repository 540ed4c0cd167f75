/** The logging the services need; Powertools' Logger satisfies it. */
export interface Log {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

/** A Log that drops everything (default for tests and tools). */
export const SILENT_LOG: Log = { info() {}, warn() {}, error() {} };

/** Error fields safe to log. */
export function errorInfo(err: unknown): Record<string, unknown> {
  return err instanceof Error ? { errorName: err.name, errorMessage: err.message } : { error: String(err) };
}
