import { ValidationError } from '../../../lambdas/core/errors';

/** Runs `fn`, expects a ValidationError and returns it for assertions on field, code and message. */
export function catchValidation(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err;
    throw err;
  }
  throw new Error('expected a ValidationError, but nothing was thrown');
}
