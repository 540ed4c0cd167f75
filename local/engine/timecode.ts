/** MediaConvert timecodes (`HH:MM:SS:FF`, or `HH:MM:SS;FF` for drop-frame) and frame rates. */

const TIMECODE = /^(\d{2}):(\d{2}):(\d{2})([:;])(\d{2})$/;

/**
 * Seconds from the start of a zero-based timeline for a timecode at `fps` frames per second. Drop-frame
 * timecodes (`;`) are treated like non-drop ones (error < 0.1 % at 29.97 fps).
 * Throws `Error` with `field` in the message when the format is wrong.
 */
export function timecodeToSeconds(tc: string, fps: number, field: string): number {
  const m = TIMECODE.exec(tc);
  if (!m) throw new Error(`${field}: "${tc}" is not a timecode (HH:MM:SS:FF)`);
  const [h, min, s, ff] = [m[1], m[2], m[3], m[5]].map(Number);
  if (min >= 60 || s >= 60) throw new Error(`${field}: "${tc}" has minutes or seconds ≥ 60`);
  if (ff >= Math.ceil(fps)) throw new Error(`${field}: "${tc}" has frame ${ff} but the frame rate is ${fps}`);
  return h * 3600 + min * 60 + s + ff / fps;
}

/** "30000/1001" or "25" → number; undefined for "0/0" or garbage. */
export function parseRational(r: string | undefined): number | undefined {
  if (!r) return undefined;
  const [n, d = '1'] = r.split('/');
  const v = Number(n) / Number(d);
  return Number.isFinite(v) && v > 0 ? v : undefined;
}
