/**
 * Error codes the local engine puts in ERROR events (`detail.errorCode`), chosen from MediaConvert's
 * documented list (https://docs.aws.amazon.com/mediaconvert/latest/ug/mediaconvert_error_codes.html):
 *
 * | code | MediaConvert meaning          | used by the local engine for                                   |
 * | ---- | ----------------------------- | -------------------------------------------------------------- |
 * | 1010 | File access error             | an input (or inserted image) that is missing, unreadable, not  |
 * |      |                               | media, or has no video stream                                  |
 * | 1999 | Unknown error                 | settings the local engine does not support or that are invalid |
 * |      |                               | (message names the setting path), ffmpeg failures, upload      |
 * |      |                               | failures                                                       |
 */
export const ERROR_INPUT_UNREADABLE = 1010;
export const ERROR_UNSUPPORTED = 1999;
export const ERROR_UNKNOWN = 1999;

export class EngineError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

/** A setting the local engine cannot render (or an invalid value); `path` like `Settings.Inputs[0].X`. */
export function unsupported(path: string, detail: string): EngineError {
  return new EngineError(ERROR_UNSUPPORTED, `Unsupported in the local engine: ${path}: ${detail}`);
}

export function inputUnreadable(uri: string, detail: string): EngineError {
  return new EngineError(ERROR_INPUT_UNREADABLE, `Unable to open input file [${uri}]: ${detail}`);
}

/**
 * `err` with every local scratch path in its message replaced by what the user knows: each downloaded
 * file (`localNames` key) by its s3:// URI, any other path under `jobDir` by its name inside the job
 * (`group-0/out.mp4`). Keeps the EngineError code; other errors stay plain Errors.
 */
export function withObjectNames(
  err: unknown,
  localNames: ReadonlyMap<string, string>,
  jobDir: string,
): Error {
  const original = err instanceof Error ? err.message : String(err);
  let message = original;
  // Longest first, so that `input-1.mp4` is not rewritten inside `input-10.mp4`.
  for (const [file, uri] of [...localNames].sort((a, b) => b[0].length - a[0].length)) {
    message = message.split(file).join(uri);
  }
  message = message
    .split(jobDir + '/')
    .join('')
    .split(jobDir)
    .join('the job');
  if (message === original && err instanceof Error) return err;
  return err instanceof EngineError ? new EngineError(err.code, message) : new Error(message);
}

/** Thrown inside a job when it was canceled (cancelJob or shutdown). */
export class JobCanceledError extends Error {
  constructor() {
    super('job canceled');
    this.name = 'JobCanceledError';
  }
}
