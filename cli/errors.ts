/** CLI failures: usage mistakes exit 2, API and runtime errors exit 1. */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** An error answer of the control API (`{ error: { code, message, field? } }`). */
export class ApiError extends Error {
  readonly exitCode = 1;
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Anything else the CLI reports with a code (endpoint not found, upload failed…). */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(
    readonly code: string,
    message: string,
    exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}
