import { ValidationError } from '../errors';
import type { Length, TimeOffset } from '../model';

const LENGTH_TEXT = /^(\d+(?:\.\d+)?|\.\d+)\s*(px|%)?$/i;
const OFFSET_TEXT = /^(\d+(?:\.\d+)?|\.\d+)\s*(s|%)?$/i;

export const LENGTH_ALLOWED = 'a length in pixels ("16px" or 16) or a percentage of the frame ("5%")';
export const TIME_OFFSET_ALLOWED = 'seconds ≥ 0 ("3.5s" or 3.5) or a percentage 0–100 ("10%")';

function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/**
 * Parses "16px" | "5%" | "16" | 16 (plain numbers are pixels). Pixels must be whole numbers
 * 0–4096, percentages 0–100. Throws ValidationError naming `field`.
 */
export function parseLength(s: string | number, field: string): Length {
  let length: Length | undefined;
  if (typeof s === 'number') length = { value: s, unit: 'px' };
  else if (typeof s === 'string') {
    const match = LENGTH_TEXT.exec(s.trim());
    if (match) length = { value: Number(match[1]), unit: match[2] === '%' ? '%' : 'px' };
  }
  if (!length || !Number.isFinite(length.value)) {
    throw new ValidationError(`${field} must be ${LENGTH_ALLOWED}; got ${shown(s)}`, field);
  }
  if (length.unit === 'px' && (!Number.isInteger(length.value) || length.value > 4096)) {
    throw new ValidationError(`${field} in pixels must be a whole number 0–4096; got ${shown(s)}`, field);
  }
  if (length.unit === '%' && length.value > 100) {
    throw new ValidationError(`${field} as a percentage must be 0–100%; got ${shown(s)}`, field);
  }
  return length;
}

/**
 * Parses "3.5s" | "10%" | "3.5" | 3.5 (plain numbers are seconds). Seconds must be ≥ 0,
 * percentages 0–100. Throws ValidationError naming `field`.
 */
export function parseTimeOffset(s: string | number, field: string): TimeOffset {
  let offset: TimeOffset | undefined;
  if (typeof s === 'number') offset = { value: s, unit: 's' };
  else if (typeof s === 'string') {
    const match = OFFSET_TEXT.exec(s.trim());
    if (match) offset = { value: Number(match[1]), unit: match[2] === '%' ? '%' : 's' };
  }
  if (
    !offset ||
    !Number.isFinite(offset.value) ||
    offset.value < 0 ||
    (offset.unit === '%' && offset.value > 100)
  ) {
    throw new ValidationError(`${field} must be ${TIME_OFFSET_ALLOWED}; got ${shown(s)}`, field);
  }
  return offset;
}

/** "16px" / "5%": the API form of a Length. */
export function formatLength(length: Length): string {
  return `${length.value}${length.unit}`;
}
