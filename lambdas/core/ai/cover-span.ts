/**
 * Where an AI analysis takes its cover from, from the shots and black segments found (pure, shared by
 * the local engine, whose ffmpeg filters find them, and the AWS engine, where Amazon Rekognition Video
 * segment detection does).
 */

export interface TimeSpan {
  start: number;
  end: number;
}

/**
 * The span the cover is taken from: the longest part of the video outside black segments (with
 * `shots`, cut at shot boundaries too, so the cover shows one shot). Undefined when all of it is black.
 */
export function coverSpan(
  duration: number,
  black: readonly TimeSpan[],
  shots: readonly TimeSpan[],
): TimeSpan | undefined {
  const cuts = new Set<number>([0, duration, ...shots.map((s) => s.start)]);
  for (const b of black) {
    cuts.add(b.start);
    cuts.add(b.end);
  }
  const points = [...cuts].filter((t) => t >= 0 && t <= duration).sort((a, b) => a - b);
  let best: TimeSpan | undefined;
  for (let i = 0; i + 1 < points.length; i++) {
    const span = { start: points[i]!, end: points[i + 1]! };
    const mid = (span.start + span.end) / 2;
    if (black.some((b) => mid >= b.start && mid <= b.end)) continue;
    if (!best || span.end - span.start > best.end - best.start) best = span;
  }
  return best && best.end - best.start > 0.04 ? best : undefined;
}
