import { z } from 'zod';
import type { Length } from '../model';
import { LENGTH_ALLOWED, parseLength } from './lengths';
import { ValidationError } from '../errors';

/** name: 1–64 characters. */
export const nameField = z.string().trim().min(1).max(64);

/** comment: at most 256 characters. */
export const commentField = z.string().max(256).optional();

/** A frame dimension: 0 (source size / keep aspect ratio) or 128–4096 pixels. */
export const dimensionField = z
  .number()
  .int()
  .refine((v) => v === 0 || (v >= 128 && v <= 4096), {
    message: 'must be 0 (source size / keep aspect ratio) or a whole number of pixels 128–4096',
  });

/** JPEG quality 1–100. */
export const qualityField = z.number().int().min(1).max(100);

/** Output image format of frame captures: MediaConvert frame capture writes JPEG only. */
export const imageFormatField = z.string().refine((v) => v === 'jpg', {
  message: "must be 'jpg': MediaConvert frame capture produces JPEG only (png and webp are not available)",
});

/** Sampling of snapshots and sprites: one frame every `interval` % or seconds. */
export const sampleTypeField = z.enum(['percent', 'time']);

/** A Length in API form ("16px", "5%", 16) or model form ({ value, unit }). */
export const lengthField = z.union(
  [z.string(), z.number(), z.object({ value: z.number(), unit: z.enum(['px', '%']) })],
  {
    error: `must be ${LENGTH_ALLOWED}`,
  },
);

/** Normalises an accepted length input; `field` names it in errors. */
export function toLength(input: z.infer<typeof lengthField>, field: string): Length {
  if (typeof input === 'object') return parseLength(`${input.value}${input.unit}`, field);
  return parseLength(input, field);
}

/** Throws a ValidationError "field must …; got value". */
export function reject(field: string, value: unknown, must: string, code?: string): never {
  throw new ValidationError(`${field} ${must}; got ${JSON.stringify(value) ?? String(value)}`, field, code);
}
