import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { FFMPEG, FFPROBE, TOOL_ENV } from '../support/ffmpeg';

const run = promisify(execFile);

/** A small H.264/AAC MP4 test clip (testsrc2 + sine). */
export async function generateClip(
  file: string,
  opts: { seconds?: number; width?: number; height?: number; fps?: number } = {},
): Promise<void> {
  const { seconds = 3, width = 640, height = 360, fps = 25 } = opts;
  await run(
    FFMPEG,
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      `testsrc2=size=${width}x${height}:rate=${fps}`,
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440',
      '-t',
      String(seconds),
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-shortest',
      file,
    ],
    { env: TOOL_ENV },
  );
}

export interface ProbeStream {
  codec_type: 'video' | 'audio' | string;
  codec_name: string;
  width?: number;
  height?: number;
  nb_frames?: string;
  nb_read_frames?: string;
  duration?: string;
}

export interface ProbeResult {
  format: { format_name: string; duration?: string; size?: string };
  streams: ProbeStream[];
}

/** ffprobe -count_frames on a local file or an http(s) URL. */
export async function ffprobe(input: string): Promise<ProbeResult> {
  const { stdout } = await run(
    FFPROBE,
    ['-v', 'error', '-count_frames', '-show_format', '-show_streams', '-of', 'json', input],
    { env: TOOL_ENV },
  );
  return JSON.parse(stdout) as ProbeResult;
}

export function videoStream(p: ProbeResult): ProbeStream {
  const v = p.streams.find((s) => s.codec_type === 'video');
  if (!v) throw new Error(`no video stream in ${JSON.stringify(p.format)}`);
  return v;
}
