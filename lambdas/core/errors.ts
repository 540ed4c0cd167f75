/**
 * Errors the core raises. Handlers map them to HTTP status codes (400 / 404 / 409) or to failed
 * subtasks; the `code` is machine-readable and follows the product model's codes where one exists.
 */
export class MpsError extends Error {
  constructor(
    /** Machine-readable code, "Category.Detail" (README "Error codes"): e.g. "InvalidParameter", "ResourceNotFound.Task", a task's "InvalidInput.DefinitionNotExist". */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad input: names the field, the rejected value and what is allowed. HTTP 400. */
export class ValidationError extends MpsError {
  constructor(
    message: string,
    /** Dotted path of the offending field, e.g. "video.width" or "items.transcode[0].templateId". */
    readonly field?: string,
    code = 'InvalidParameter',
  ) {
    super(code, message);
  }
}

/** Unknown id. HTTP 404. */
export class NotFoundError extends MpsError {
  constructor(message: string, code = 'ResourceNotFound') {
    super(code, message);
  }
}

/** The request conflicts with the current state (delete an enabled schema, modify a preset…). HTTP 409. */
export class ConflictError extends MpsError {
  constructor(message: string, code = 'ResourceInUse') {
    super(code, message);
  }
}
