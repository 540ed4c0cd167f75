import { ValidationError } from '../errors';
import type { SpriteTemplate } from '../model';

/** Time range (seconds) covered by one sprite cell. */
export interface TimeRange {
  start: number;
  end: number;
}

/**
 * The time range of each of `frameCount` captured frames: frame k was captured at k × period (period =
 * `interval` s, or `interval` % of the duration) and stands for the time until the next one; the last
 * ends at the duration when known, else one period later. Percent sampling needs the duration.
 */
export function spriteCueTimes(
  template: Pick<SpriteTemplate, 'sampleType' | 'interval'>,
  frameCount: number,
  durationSeconds?: number,
): TimeRange[] {
  if (template.sampleType === 'percent' && !(durationSeconds && durationSeconds > 0)) {
    throw new ValidationError(
      `durationSeconds is required to time a sprite sampled every ${template.interval}% of the duration; got ${String(durationSeconds)}`,
      'durationSeconds',
    );
  }
  const period =
    template.sampleType === 'time' ? template.interval : ((durationSeconds ?? 0) * template.interval) / 100;
  return Array.from({ length: frameCount }, (_, k) => {
    const start = k * period;
    const next = (k + 1) * period;
    const end =
      k === frameCount - 1 && durationSeconds !== undefined && durationSeconds > start
        ? durationSeconds
        : next;
    return { start, end: Math.max(end, start + 0.001) };
  });
}
