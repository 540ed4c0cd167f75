/** Frames sampled from a video at a fixed interval, for the OCR and moderation engines. */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { analysisPassArgs, runTool } from '../engine/ffmpeg-process';

/** Most frames one AI job samples (an hour at one frame every 6 s); the interval is widened beyond it. */
export const MAX_SAMPLED_FRAMES = 600;

/** The sampling interval used: the template's, widened so that at most MAX_SAMPLED_FRAMES are taken. */
export function samplingInterval(intervalSeconds: number, durationSeconds: number): number {
  return Math.max(intervalSeconds, durationSeconds / MAX_SAMPLED_FRAMES);
}

export interface SampledFrame {
  /** Presentation time of the frame, seconds from the start of the video. */
  time: number;
  file: string;
}

/** The pts_time of each frame `showinfo` printed, in output order. */
export function parseShowinfoTimes(stderr: string): number[] {
  const times: number[] = [];
  for (const line of stderr.split('\n')) {
    if (!line.includes('Parsed_showinfo')) continue;
    const m = /pts_time:\s*([\d.]+)/.exec(line);
    if (m) times.push(Math.round(Number(m[1]) * 1000) / 1000);
  }
  return times;
}

/**
 * Writes the first frame and then the first frame at least `interval` seconds after the previous one
 * (`select` on presentation times, so each image's time is exact), as `{dir}/frame_00000.{ext}`…;
 * `filter` is applied after selection (scaling…); `rgb` writes raw RGB24 images. Returns the frames
 * with their times.
 */
export async function sampleFrames(
  ffmpeg: string,
  file: string,
  dir: string,
  interval: number,
  opts: { ext: 'png' | 'rgb'; filter?: string },
): Promise<SampledFrame[]> {
  const vf = [
    `select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,${interval})'`,
    'showinfo',
    ...(opts.filter ? [opts.filter] : []),
  ];
  const { stderr } = await runTool(
    ffmpeg,
    [
      ...analysisPassArgs(file, vf.join(',')),
      // Variable frame rate: one image per selected frame (-vsync is accepted by ffmpeg 4.1 to 7).
      '-vsync',
      'vfr',
      // 'rgb': raw 24-bit RGB images (what the moderation model takes).
      ...(opts.ext === 'rgb' ? ['-f', 'image2', '-c:v', 'rawvideo', '-pix_fmt', 'rgb24'] : []),
      '-start_number',
      '0',
      '-y',
      path.join(dir, `frame_%05d.${opts.ext}`),
    ],
    1024 * 1024,
    8 * 1024 * 1024,
  );
  const times = parseShowinfoTimes(stderr);
  const names = (await readdir(dir)).filter((n) => /^frame_\d{5}\./.test(n)).sort();
  return names
    .map((name) => ({ index: Number(/\d{5}/.exec(name)![0]), file: path.join(dir, name) }))
    .filter((f) => times[f.index] !== undefined)
    .map((f) => ({ time: times[f.index]!, file: f.file }));
}
