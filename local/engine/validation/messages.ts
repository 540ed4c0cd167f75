/** Wording shared by the model checks: how a value and a set of allowed values are shown. */
import type { Bounds } from './compiled-shape';

const MAX_SHOWN = 12;
const MAX_TEXT = 60;

function truncate(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}...` : text;
}

/** A short description of a received value: `string "1920"`, `number 7.5`, `object {"a":1}`, `null`. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return `array of ${value.length}`;
  if (typeof value === 'string') return `string ${truncate(JSON.stringify(value))}`;
  if (value instanceof Date)
    return `Date ${Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString()}`;
  if (typeof value === 'object') return `object ${truncate(JSON.stringify(value) ?? '')}`;
  return `${typeof value} ${String(value)}`;
}

/** The allowed values, the first 12 and a count of the rest when there are more. */
export function allowedList(values: readonly (string | number)[]): string {
  const shown = values.slice(0, MAX_SHOWN).join(', ');
  return values.length > MAX_SHOWN ? `${shown}, ... (${values.length - MAX_SHOWN} more)` : shown;
}

/** `1 to 256`, `at least 1`, `at most 10`. */
export function boundsText(bounds: Bounds): string {
  if (bounds.min !== undefined && bounds.max !== undefined) return `${bounds.min} to ${bounds.max}`;
  if (bounds.min !== undefined) return `at least ${bounds.min}`;
  return `at most ${String(bounds.max)}`;
}

/** Whether `n` lies within `bounds` (inclusive). */
export function withinBounds(n: number, bounds: Bounds): boolean {
  return (bounds.min === undefined || n >= bounds.min) && (bounds.max === undefined || n <= bounds.max);
}
