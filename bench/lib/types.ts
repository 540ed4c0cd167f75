/** Shared shapes of the benchmark harness (bench/run.ts) and its suites (bench/suites/*). */

/** One line of the printed table and of the JSON results. */
export interface Row {
  /** Suite name (the one selected on the command line). */
  bench: string;
  metric: string;
  /** Undefined when the metric could not be measured (see `note`). */
  value?: number;
  unit: string;
  note?: string;
}

export interface BenchContext {
  /** Short runs (fewer iterations, smaller batches): for checking the harness, not for figures. */
  quick: boolean;
  /** A scratch directory of this run, removed at the end. */
  tmpDir: string;
  /** Progress lines (stderr), so stdout keeps only the table. */
  log(message: string): void;
}

export interface Suite {
  name: string;
  /** One line for `--help` and the README. */
  description: string;
  run(ctx: BenchContext): Promise<Row[]>;
}

/**
 * Thrown by a suite that cannot run here (code not written yet, tool missing); the harness prints
 * "skipped: <reason>" instead of failing the run.
 */
export class SkipError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'SkipError';
  }
}

/** A row helper bound to one suite name. */
export function rowsFor(bench: string) {
  return (metric: string, value: number | undefined, unit: string, note?: string): Row => ({
    bench,
    metric,
    ...(value !== undefined && Number.isFinite(value) ? { value } : {}),
    unit,
    ...(note ? { note } : {}),
  });
}
