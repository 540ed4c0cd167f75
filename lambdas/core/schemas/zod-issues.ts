import { z } from 'zod';
import { ValidationError } from '../errors';

/** Joins a dotted field prefix and a zod path into "items.transcode[0].templateId". */
export function fieldPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

/** A short, JSON-like rendering of a rejected value for error messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function article(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

const TYPE_NAMES: Record<string, string> = { int: 'integer', array: 'list', object: 'object' };

/** "1 entry", "3 characters": the count with the unit of a string or list, '' for numbers. */
function countOf(origin: string, n: number | bigint): string {
  const one = n === 1 || n === 1n;
  if (origin === 'string') return `${String(n)} ${one ? 'character' : 'characters'}`;
  if (origin === 'array' || origin === 'set') return `${String(n)} ${one ? 'entry' : 'entries'}`;
  return '';
}

/** Turns zod's default issues into "must …" phrases; custom messages are kept as written. */
function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
      return `must be ${article(expected)}`;
    }
    case 'too_small': {
      const count = countOf(issue.origin, issue.minimum);
      if (count) return `must have at least ${count}`;
      return `must be ${issue.inclusive ? '≥' : '>'} ${String(issue.minimum)}`;
    }
    case 'too_big': {
      const count = countOf(issue.origin, issue.maximum);
      if (count) return `must have at most ${count}`;
      return `must be ${issue.inclusive ? '≤' : '<'} ${String(issue.maximum)}`;
    }
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => describeValue(v)).join(', ')}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    default:
      return issue.message;
  }
}

function toValidationError(issue: z.core.$ZodIssue, prefix: string): ValidationError {
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const field = fieldPath(prefix, [...issue.path, key]);
    const input = issue.input as Record<string, unknown> | undefined;
    return new ValidationError(
      `${field} is not a known field (${issue.message}); got ${describeValue(input?.[key])}`,
      field,
    );
  }
  const field = fieldPath(prefix, issue.path) || '(input)';
  const input = (issue as { input?: unknown }).input;
  const code = (issue as { params?: { errorCode?: string } }).params?.errorCode;
  const message =
    input === undefined && issue.code === 'invalid_type'
      ? `${field} is required and ${describeIssue(issue)}`
      : `${field} ${describeIssue(issue)}; got ${describeValue(input)}`;
  return new ValidationError(message, field, code);
}

/**
 * Parses `input` with a zod schema and throws the first problem as a ValidationError whose message
 * names the field (prefixed by `prefix`), what is allowed and the rejected value.
 */
export function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown, prefix: string): T {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new ValidationError(`${prefix || '(input)'} is invalid`, prefix);
  throw toValidationError(issue, prefix);
}

/** A strict object whose unknown-key error lists the allowed fields. */
export function strictObject<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  const allowed = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (iss) => (iss.code === 'unrecognized_keys' ? `allowed fields: ${allowed}` : undefined),
  });
}

/** Adds a custom issue carrying the rejected value (used by superRefine checks). */
export function addProblem(
  ctx: z.RefinementCtx,
  input: unknown,
  message: string,
  opts: { path?: PropertyKey[]; errorCode?: string } = {},
): void {
  ctx.addIssue({
    code: 'custom',
    message,
    input,
    ...(opts.path ? { path: opts.path } : {}),
    ...(opts.errorCode ? { params: { errorCode: opts.errorCode } } : {}),
  });
}
