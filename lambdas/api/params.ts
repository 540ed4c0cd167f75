/**
 * Query-string and path parameter parsing. Every problem is a 400 naming the parameter, the value
 * and what is allowed; unknown query parameters are rejected too (a typo must not be ignored).
 */
import { BadRequestError } from './http';

export type Query = Record<string, string>;

/** Rejects parameters not in `allowed`. */
export function onlyParams(query: Query, allowed: readonly string[]): void {
  for (const name of Object.keys(query)) {
    if (!allowed.includes(name)) {
      throw new BadRequestError(
        `unknown query parameter '${name}'; allowed: ${allowed.length ? allowed.join(', ') : 'none'}`,
        name,
        'InvalidParameter',
      );
    }
  }
}

function bad(name: string, value: string, allowed: string): BadRequestError {
  return new BadRequestError(`${name} must be ${allowed}; got ${JSON.stringify(value)}`, name);
}

export function enumParam<T extends string>(query: Query, name: string, values: readonly T[]): T | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (!(values as readonly string[]).includes(value)) throw bad(name, value, `one of ${values.join(', ')}`);
  return value as T;
}

export function intParam(query: Query, name: string, min: number, max: number): number | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (!/^-?\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw bad(name, value, `an integer from ${min} to ${max}`);
  }
  return Number(value);
}

export function boolParam(query: Query, name: string): boolean | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw bad(name, value, 'true or false');
}

export function stringParam(query: Query, name: string, maxLength = 1024): string | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (value.length > maxLength) throw bad(name, value.slice(0, 40) + '…', `at most ${maxLength} characters`);
  return value;
}

/** ISO-8601 time; returned normalised (toISOString). */
export function timeParam(query: Query, name: string): string | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw bad(name, value, 'an ISO-8601 time such as 2025-01-31T12:00:00Z');
  return new Date(ms).toISOString();
}

/** Comma-separated list, trimmed, empties dropped, at most `max` entries. */
export function listParam(query: Query, name: string, max: number): string[] | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  const items = [
    ...new Set(
      value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    ),
  ];
  if (items.length > max)
    throw bad(name, value.slice(0, 60), `a comma-separated list of at most ${max} entries`);
  return items;
}

/** Numeric template id from a path segment. */
export function templateIdParam(value: string): number {
  if (!/^\d{1,10}$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) <= 0) {
    throw new BadRequestError(`template id must be a positive integer; got ${JSON.stringify(value)}`, 'id');
  }
  return Number(value);
}
