/**
 * Time ↔ MediaConvert timecode (HH:MM:SS:FF, non-drop-frame, ZEROBASED) and frame-rate fractions.
 * FF counts frames within a timecode second, so it needs the frame rate; without one, times are
 * placed on whole seconds (FF = 00), which MediaConvert accepts for any frame rate.
 */

export interface Fraction {
  numerator: number;
  denominator: number;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Reduces n/d (positive integers). */
export function reduce(numerator: number, denominator: number): Fraction {
  const g = gcd(numerator, denominator);
  return { numerator: numerator / g, denominator: denominator / g };
}

/** 29.97 → 30000/1001, 23.976 → 24000/1001, 25 → 25/1, 12.5 → 25/2. */
export function frameRateFraction(fps: number): Fraction {
  const ntsc = Math.round(fps * 1.001);
  if (Math.abs(fps - (ntsc * 1000) / 1001) < 0.005 && Math.abs(fps - Math.round(fps)) > 0.005) {
    return { numerator: ntsc * 1000, denominator: 1001 };
  }
  return reduce(Math.round(fps * 1000), 1000);
}

/** Frames per timecode second: the nominal integer rate (30 for 29.97). */
export function timecodeBase(fps: number): number {
  return Math.max(1, Math.round(fps));
}

/** The index of the frame shown at `seconds` (tolerant of float noise: 0.3 × 30 is frame 9). */
export function frameAt(seconds: number, fps: number): number {
  return Math.floor(seconds * fps + 1e-6);
}

/** Timecode of frame `frame` at `fps` (frames counted in base {@link timecodeBase}). */
export function timecodeOfFrame(frame: number, fps: number): string {
  const base = timecodeBase(fps);
  const totalSeconds = Math.floor(frame / base);
  const ff = frame % base;
  const pad = (n: number) => String(n).padStart(2, '0');
  const hh = Math.min(23, Math.floor(totalSeconds / 3600));
  return `${pad(hh)}:${pad(Math.floor(totalSeconds / 60) % 60)}:${pad(totalSeconds % 60)}:${pad(ff)}`;
}

/** Timecode at `seconds`: frame-exact with a frame rate, else on the whole second (rounded down). */
export function timecodeAt(seconds: number, fps?: number): string {
  if (fps && fps > 0) return timecodeOfFrame(frameAt(seconds, fps), fps);
  return timecodeOfFrame(Math.floor(seconds + 1e-6), 1);
}

/** A capture every `seconds` as MediaConvert's FramerateNumerator/Denominator (period = D/N s). */
export function everySeconds(seconds: number): Fraction {
  return reduce(1000, Math.max(1, Math.round(seconds * 1000)));
}
