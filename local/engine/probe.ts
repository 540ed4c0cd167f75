import { runTool } from './ffmpeg-process';
import { parseRational } from './timecode';

export interface MediaInfo {
  durationSeconds: number;
  width: number;
  height: number;
  fps: number;
  hasAudio: boolean;
  /** Embedded start timecode (tmcd track / stream tag), when the file has one. */
  timecode?: string;
}

interface FfprobeJson {
  format?: { duration?: string; tags?: Record<string, string> };
  streams?: Array<{
    codec_type?: string;
    codec_name?: string;
    profile?: string;
    level?: number;
    width?: number;
    height?: number;
    avg_frame_rate?: string;
    r_frame_rate?: string;
    duration?: string;
    tags?: Record<string, string>;
  }>;
}

/** ffprobe's JSON description of `file`; rejects with ffprobe's last error line. */
export async function runFfprobe(ffprobePath: string, file: string): Promise<FfprobeJson> {
  const { stdout } = await runTool(ffprobePath, [
    '-v',
    'error',
    '-show_format',
    '-show_streams',
    '-of',
    'json',
    file,
  ]);
  return JSON.parse(stdout) as FfprobeJson;
}

/** Probes a media file; rejects with a short reason when it is not media or has no video stream. */
export async function probeMedia(ffprobePath: string, file: string): Promise<MediaInfo> {
  const json = await runFfprobe(ffprobePath, file);
  const streams = json.streams ?? [];
  const video = streams.find((s) => s.codec_type === 'video' && s.width && s.height);
  if (!video) throw new Error('no video stream found');
  const duration = Number(json.format?.duration ?? video.duration);
  if (!Number.isFinite(duration) || duration <= 0) throw new Error('the duration could not be determined');
  const fps = parseRational(video.avg_frame_rate) ?? parseRational(video.r_frame_rate) ?? 25;
  const timecode =
    json.format?.tags?.timecode ?? streams.map((s) => s.tags?.timecode).find((t) => t !== undefined);
  return {
    durationSeconds: duration,
    width: video.width!,
    height: video.height!,
    fps,
    hasAudio: streams.some((s) => s.codec_type === 'audio'),
    ...(timecode ? { timecode } : {}),
  };
}
