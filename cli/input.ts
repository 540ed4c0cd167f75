/** JSON bodies from --file and --set k=v flags. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from './errors';

/** Reads a JSON object from `file` (relative to cwd; '-' is not supported). */
export function readJsonFile(file: string, cwd: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path.resolve(cwd, file), 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`${file} must contain a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** A --set value: JSON when it parses (numbers, booleans, null, objects, arrays), else the raw string. */
function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const UNSAFE_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

/** Applies "a.b.c=value" assignments to a copy of `target`. */
export function applySets(
  target: Record<string, unknown>,
  sets: string[] | undefined,
): Record<string, unknown> {
  const out = structuredClone(target);
  for (const assignment of sets ?? []) {
    const eq = assignment.indexOf('=');
    if (eq <= 0)
      throw new UsageError(
        `--set takes key=value (e.g. video.width=1280); got ${JSON.stringify(assignment)}`,
      );
    const keys = assignment.slice(0, eq).split('.');
    if (keys.some((k) => k === '' || UNSAFE_KEYS.has(k))) {
      throw new UsageError(`--set key ${JSON.stringify(assignment.slice(0, eq))} is not a valid dotted path`);
    }
    let node: Record<string, unknown> = out;
    for (const k of keys.slice(0, -1)) {
      const next = node[k];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) node[k] = {};
      node = node[k] as Record<string, unknown>;
    }
    node[keys[keys.length - 1]!] = parseValue(assignment.slice(eq + 1));
  }
  return out;
}
