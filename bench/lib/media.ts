import { existsSync } from 'node:fs';
import { runOk } from './spawn';
import { SkipError } from './types';

export const FFMPEG = process.env.FFMPEG_PATH ?? '/usr/bin/ffmpeg';
export const FFPROBE = process.env.FFPROBE_PATH ?? '/usr/bin/ffprobe';

/** Throws SkipError when ffmpeg/ffprobe are not installed. */
export function requireFfmpeg(): void {
  for (const tool of [FFMPEG, FFPROBE]) {
    if (!existsSync(tool))
      throw new SkipError(`${tool} not found (install Debian's ffmpeg: bash scripts/setup.sh)`);
  }
}

/** An H.264/AAC MP4 test clip: testsrc2 video + a 440 Hz sine, `seconds` long. */
export async function generateClip(
  file: string,
  opts: {
    seconds: number;
    width: number;
    height: number;
    fps?: number;
    faststart?: boolean;
    /** Video bitrate (kbps) like a camera file's; default: x264's CRF 23. */
    bitrateKbps?: number;
  },
): Promise<void> {
  requireFfmpeg();
  const fps = opts.fps ?? 25;
  await runOk(FFMPEG, [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${opts.width}x${opts.height}:rate=${fps}`,
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:sample_rate=48000',
    '-t',
    String(opts.seconds),
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    ...(opts.bitrateKbps ? ['-b:v', `${opts.bitrateKbps}k`] : []),
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-ac',
    '2',
    '-shortest',
    ...(opts.faststart ? ['-movflags', '+faststart'] : []),
    file,
  ]);
}
