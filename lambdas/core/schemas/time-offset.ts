import type { TimeOffset } from '../model';

/**
 * Snapshot time points as schemas accept them: "3.5s", "10%", a plain number of seconds, or the
 * model form { value, unit }. Kept local to schemas/ so the check also reports the rejected value.
 */
export type TimeOffsetInput = string | number | { value: number; unit: 's' | '%' };

const OFFSET_TEXT = /^(\d+(?:\.\d+)?|\.\d+)\s*(s|%)?$/;

export const TIME_OFFSET_ALLOWED = 'must be seconds ≥ 0 ("3.5s" or 3.5) or a percentage 0–100 ("10%")';

/** Parses an offset; returns undefined when it is malformed or out of range. */
export function parseOffsetInput(input: unknown): TimeOffset | undefined {
  let offset: TimeOffset | undefined;
  if (typeof input === 'number') {
    offset = { value: input, unit: 's' };
  } else if (typeof input === 'string') {
    const match = OFFSET_TEXT.exec(input.trim());
    if (match) offset = { value: Number(match[1]), unit: match[2] === '%' ? '%' : 's' };
  } else if (typeof input === 'object' && input !== null) {
    const { value, unit, ...rest } = input as Record<string, unknown>;
    if (typeof value === 'number' && (unit === 's' || unit === '%') && Object.keys(rest).length === 0) {
      offset = { value, unit };
    }
  }
  if (!offset || !Number.isFinite(offset.value) || offset.value < 0) return undefined;
  if (offset.unit === '%' && offset.value > 100) return undefined;
  return offset;
}
