/**
 * Content analysis with ffmpeg's own filters, offline: shot boundaries (scene-change score of
 * consecutive frames, `select='gt(scene,T)'` + `showinfo`), black segments (`blackdetect`) and a cover
 * frame (`thumbnail`, the most representative frame of the longest shot outside black segments).
 */
import type { TimeSpan } from '../../lambdas/core/ai/cover-span';
import { analysisPassArgs, runTool } from '../engine/ffmpeg-process';

export type { TimeSpan };

/** Scene-change score above which a frame starts a new shot (ffmpeg's `scene`, 0–1). */
export const SCENE_THRESHOLD = 0.3;
/** blackdetect: shortest black run reported (s) and the pixel luminance threshold (0–1). */
export const BLACK_MIN_SECONDS = 0.1;
export const BLACK_PIXEL_THRESHOLD = 0.1;
/** Cuts closer than this to the previous one (or to the start) are merged: flashes are not shots. */
export const MIN_SHOT_SECONDS = 0.2;

export interface Shot extends TimeSpan {
  index: number;
  /** Scene-change score (0–100) of the cut that starts it; absent for the first shot. */
  confidence?: number;
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/** Times (s) and scores (0–1) of the frames `showinfo` printed after `select='gt(scene,…)'`. */
export function parseSceneCuts(stderr: string): Array<{ time: number; score: number }> {
  const cuts: Array<{ time: number; score: number }> = [];
  for (const line of stderr.split('\n')) {
    if (!line.includes('Parsed_showinfo')) continue;
    const time = /pts_time:\s*([\d.]+)/.exec(line);
    if (!time) continue;
    cuts.push({ time: Number(time[1]), score: NaN });
  }
  // `metadata=print` lines (lavfi.scene_score=…) precede each selected frame's showinfo line.
  const scores = [...stderr.matchAll(/lavfi\.scene_score=([\d.]+)/g)].map((m) => Number(m[1]));
  return cuts.map((c, i) => ({ time: c.time, score: scores[i] ?? NaN }));
}

/** The black runs blackdetect reported: `black_start:1 black_end:2 black_duration:1`. */
export function parseBlackSegments(stderr: string): TimeSpan[] {
  return [...stderr.matchAll(/black_start:\s*([\d.]+)\s+black_end:\s*([\d.]+)/g)].map((m) => ({
    start: round3(Number(m[1])),
    end: round3(Number(m[2])),
  }));
}

/** Shots from the cut times: [0, cut1), [cut1, cut2) … [cutN, duration]; cuts too close merged. */
export function shotsFrom(cuts: ReadonlyArray<{ time: number; score: number }>, duration: number): Shot[] {
  const kept: Array<{ time: number; score: number }> = [];
  for (const cut of [...cuts].sort((a, b) => a.time - b.time)) {
    const previous = kept.length > 0 ? kept[kept.length - 1]!.time : 0;
    if (cut.time - previous >= MIN_SHOT_SECONDS && duration - cut.time >= MIN_SHOT_SECONDS / 2)
      kept.push(cut);
  }
  const starts = [{ time: 0, score: NaN }, ...kept];
  return starts.map((s, i) => ({
    index: i,
    start: round3(s.time),
    end: round3(i + 1 < starts.length ? starts[i + 1]!.time : duration),
    ...(Number.isFinite(s.score) ? { confidence: Math.round(s.score * 1000) / 10 } : {}),
  }));
}

export interface VideoAnalysis {
  cuts: Array<{ time: number; score: number }>;
  black: TimeSpan[];
}

/** One decoding pass: blackdetect, then scene-change selection with its score printed. */
export async function detectCutsAndBlack(ffmpeg: string, file: string): Promise<VideoAnalysis> {
  const filter =
    `blackdetect=d=${BLACK_MIN_SECONDS}:pix_th=${BLACK_PIXEL_THRESHOLD},` +
    `select='gt(scene,${SCENE_THRESHOLD})',metadata=print:key=lavfi.scene_score,showinfo`;
  const { stderr } = await runTool(
    ffmpeg,
    [...analysisPassArgs(file, filter), '-f', 'null', '-'],
    1024 * 1024,
    16 * 1024 * 1024,
  );
  return { cuts: parseSceneCuts(stderr), black: parseBlackSegments(stderr) };
}

/**
 * Writes the cover: ffmpeg's `thumbnail` filter picks the frame closest to the average of up to 3 s
 * (at most 100 frames) from the middle of `span` (the frame least like a transition or flash).
 */
export async function writeCover(ffmpeg: string, file: string, span: TimeSpan, out: string): Promise<void> {
  const length = Math.min(3, (span.end - span.start) * 0.8);
  const start = span.start + (span.end - span.start - length) / 2;
  await runTool(ffmpeg, [
    '-hide_banner',
    '-nostdin',
    '-v',
    'error',
    '-ss',
    start.toFixed(3),
    '-t',
    Math.max(0.04, length).toFixed(3),
    '-i',
    file,
    '-an',
    '-vf',
    'thumbnail=100',
    '-frames:v',
    '1',
    '-q:v',
    '3',
    '-y',
    out,
  ]);
}
