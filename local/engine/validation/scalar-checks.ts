/** Checks of a single (non-aggregate) value: JSON type, enum values, @range, @length and @pattern. */
import type { CompiledShape, Constraints } from './compiled-shape';
import { allowedList, boundsText, describeValue, withinBounds } from './messages';
import { closest } from './suggest';

const EXPECTED: Readonly<Record<string, string>> = {
  structure: 'an object',
  union: 'an object with exactly one member set',
  list: 'a list (array)',
  map: 'an object (map)',
  string: 'a string',
  enum: 'a string',
  intEnum: 'an integer',
  integer: 'an integer',
  number: 'a finite number',
  boolean: 'a boolean',
  timestamp: 'a timestamp (Date, epoch seconds or date-time string)',
  blob: 'a blob (string or bytes)',
  document: 'a JSON value',
};

/** `expected an integer (__integerMin32Max8192), got string "1920"`. */
export function typeMessage(shape: CompiledShape, value: unknown): string {
  const got =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (shape.kind === 'integer' || shape.kind === 'intEnum')
      ? `${value} (not a whole number)`
      : describeValue(value);
  return `expected ${EXPECTED[shape.kind] ?? shape.kind} (${shape.name}), got ${got}`;
}

function hasType(value: unknown, shape: CompiledShape): boolean {
  switch (shape.kind) {
    case 'string':
    case 'enum':
      return typeof value === 'string';
    case 'integer':
    case 'intEnum':
      return (typeof value === 'number' && Number.isInteger(value)) || typeof value === 'bigint';
    case 'number': // Smithy allows NaN and Infinity on floats; as request values they are always a bug
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'timestamp':
      if (value instanceof Date) return !Number.isNaN(value.getTime());
      if (typeof value === 'number') return Number.isFinite(value);
      return typeof value === 'string' && !Number.isNaN(Date.parse(value));
    case 'blob':
      return typeof value === 'string' || value instanceof ArrayBuffer || ArrayBuffer.isView(value);
    case 'document':
      return typeof value !== 'function' && typeof value !== 'symbol';
    default:
      return false;
  }
}

function enumMessage(shape: CompiledShape, value: string | number): string {
  const candidates = shape.enumValues.map(String);
  const hint = typeof value === 'string' ? closest(value, candidates) : undefined;
  const meant = hint === undefined ? '' : ` (did you mean ${JSON.stringify(hint)}?)`;
  return `${JSON.stringify(value)} is not a valid ${shape.name}${meant}; allowed: ${allowedList(shape.enumValues)}`;
}

function sizeOf(value: unknown): number | undefined {
  if (typeof value === 'string') {
    let codePoints = 0;
    for (const _ of value) codePoints++;
    return codePoints;
  }
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return value.byteLength;
  return undefined;
}

/** The violation messages of scalar `value` against `shape` with `constraints`; empty when it conforms. */
export function scalarProblems(value: unknown, shape: CompiledShape, constraints: Constraints): string[] {
  if (!hasType(value, shape)) return [typeMessage(shape, value)];
  const problems: string[] = [];
  if ((shape.kind === 'enum' || shape.kind === 'intEnum') && !shape.enumSet.has(value as string | number)) {
    problems.push(enumMessage(shape, value as string | number));
  }
  if (typeof value === 'number') {
    if (shape.typeBounds && !withinBounds(value, shape.typeBounds)) {
      problems.push(`${value} doesn't fit the ${shape.name} type; allowed: ${boundsText(shape.typeBounds)}`);
    }
    if (constraints.range && !withinBounds(value, constraints.range)) {
      problems.push(`${value} is out of range; allowed: ${boundsText(constraints.range)}`);
    }
  }
  if (constraints.length && shape.kind !== 'timestamp') {
    const size = sizeOf(value);
    if (size !== undefined && !withinBounds(size, constraints.length)) {
      const unit = typeof value === 'string' ? 'characters' : 'bytes';
      problems.push(`has ${size} ${unit}; allowed: ${boundsText(constraints.length)}`);
    }
  }
  if (constraints.pattern && typeof value === 'string' && !constraints.pattern.regex.test(value)) {
    problems.push(`${JSON.stringify(value)} does not match the pattern ${constraints.pattern.source}`);
  }
  return problems;
}
