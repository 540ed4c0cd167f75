import { unsupported } from '../errors';
import { timecodeToSeconds } from '../timecode';
import type { PreparedInput, Segment, Timeline } from './types';

/**
 * The job's timeline: every input (or each of its InputClippings) in order. Clipping timecodes are
 * zero-based at the input's frame rate; the End timecode's frame is included, as in MediaConvert.
 */
export function buildTimeline(inputs: PreparedInput[]): Timeline {
  const segments: Segment[] = [];
  for (const input of inputs) {
    const { info, settings, path } = input;
    const clippings = settings.InputClippings ?? [];
    if (clippings.length > 0 && info.timecode && settings.TimecodeSource !== 'ZEROBASED') {
      throw unsupported(
        `${path}.TimecodeSource`,
        `the input has an embedded timecode (${info.timecode}); clipping by embedded timecode is not supported, use ZEROBASED`,
      );
    }
    if (clippings.length === 0) {
      segments.push({ input, start: 0, duration: info.durationSeconds });
      continue;
    }
    clippings.forEach((c, i) => {
      const cPath = `${path}.InputClippings[${i}]`;
      const parse = (tc: string, field: string) => {
        try {
          return timecodeToSeconds(tc, info.fps, `${cPath}.${field}`);
        } catch (e) {
          throw unsupported(`${cPath}.${field}`, (e as Error).message);
        }
      };
      if (!c.StartTimecode && !c.EndTimecode)
        throw unsupported(cPath, 'StartTimecode or EndTimecode is required');
      const start = c.StartTimecode ? parse(c.StartTimecode, 'StartTimecode') : 0;
      const end = Math.min(
        c.EndTimecode ? parse(c.EndTimecode, 'EndTimecode') + 1 / info.fps : info.durationSeconds,
        info.durationSeconds,
      );
      if (start >= info.durationSeconds) {
        throw unsupported(
          `${cPath}.StartTimecode`,
          `${c.StartTimecode} is beyond the end of the input (${info.durationSeconds.toFixed(3)} s)`,
        );
      }
      if (end <= start)
        throw unsupported(`${cPath}.EndTimecode`, `${c.EndTimecode} is not after ${c.StartTimecode}`);
      segments.push({ input, start, duration: end - start });
    });
  }
  const first = inputs[0].info;
  return {
    segments,
    duration: segments.reduce((sum, s) => sum + s.duration, 0),
    width: first.width,
    height: first.height,
    fps: first.fps,
    hasAudio: segments.some((s) => s.input.info.hasAudio),
  };
}

const round = (n: number) => Number(n.toFixed(6)).toString();

/**
 * ffmpeg inputs (one per segment, seeked with -ss/-t) and the filters that join them into `[tlv]`
 * (and `[tla]` when `withAudio`): every segment conformed to the first input's frame size, inputs without
 * audio filled with silence. A single segment of the first input needs no conforming or joining.
 */
export function timelineArgs(tl: Timeline, withAudio: boolean): { inputArgs: string[]; filters: string[] } {
  const inputArgs: string[] = [];
  tl.segments.forEach((s) => {
    if (s.start > 0) inputArgs.push('-ss', round(s.start));
    inputArgs.push('-t', round(s.duration), '-i', s.input.file);
  });
  const only = tl.segments.length === 1 ? tl.segments[0] : undefined;
  if (only && only.input.info.width === tl.width && only.input.info.height === tl.height) {
    const filters = ['[0:v:0]setsar=1,format=yuv420p[tlv]'];
    if (withAudio) filters.push(`${audioOf(only, 0)}[tla]`);
    return { inputArgs, filters };
  }
  const filters: string[] = [];
  const parts: string[] = [];
  tl.segments.forEach((s, k) => {
    filters.push(
      `[${k}:v:0]scale=${tl.width}:${tl.height}:force_original_aspect_ratio=decrease,` +
        `pad=${tl.width}:${tl.height}:(ow-iw)/2:(oh-ih)/2,setsar=1,format=yuv420p[sv${k}]`,
    );
    parts.push(`[sv${k}]`);
    if (withAudio) {
      filters.push(`${audioOf(s, k)}[sa${k}]`);
      parts.push(`[sa${k}]`);
    }
  });
  const n = tl.segments.length;
  filters.push(`${parts.join('')}concat=n=${n}:v=1:a=${withAudio ? 1 : 0}[tlv]${withAudio ? '[tla]' : ''}`);
  return { inputArgs, filters };
}

/** Segment `k`'s audio as 48 kHz stereo of exactly its duration (silence for inputs without audio). */
function audioOf(s: Segment, k: number): string {
  return s.input.info.hasAudio
    ? `[${k}:a:0]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo,apad,atrim=duration=${round(s.duration)}`
    : `anullsrc=r=48000:cl=stereo,atrim=duration=${round(s.duration)}`;
}
