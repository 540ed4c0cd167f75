/**
 * Which codecs each container and rate-control mode allow. The rules are the intersection of what
 * MediaConvert documents (its service model, the UG's codec/container and audio-only tables) and what
 * the local ffmpeg engine can produce:
 *
 * | container | video           | audio |
 * | --------- | --------------- | ----- |
 * | mp4       | h264, h265, av1 | aac   |
 * | hls       | h264, h265      | aac   |
 * | mov       | h264, h265      | aac   |
 * | webm      | vp9             | opus  |
 *
 * MediaConvert lists neither MP3 nor Opus for MP4 or QuickTime outputs (MP3 only as a raw audio-only
 * output), so templates offer AAC there. MediaConvert encodes VP9 with VBR only and AV1 with QVBR
 * only; CBR and VBR need a target bitrate. MediaConvert picks the GOP for HLS itself, so `gopSeconds`
 * is rejected there. Audio-only outputs (removeVideo) are mp4 or hls with AAC (UG audio-only-output).
 * AAC is mono or stereo at the bitrates of the documented CBR table (aac-table.ts). Video sizes must be
 * even (4:2:0 chroma).
 */
import type { AudioCodec, Container, RateControl, VideoCodec } from '../model';

export const CONTAINERS: readonly Container[] = ['mp4', 'hls', 'mov', 'webm'];
export const VIDEO_CODECS: readonly VideoCodec[] = ['h264', 'h265', 'av1', 'vp9'];
export const AUDIO_CODECS: readonly AudioCodec[] = ['aac', 'opus'];
export const RATE_CONTROLS: readonly RateControl[] = ['VBR', 'CBR', 'QVBR'];

export const VIDEO_CODECS_BY_CONTAINER: Readonly<Record<Container, readonly VideoCodec[]>> = {
  mp4: ['h264', 'h265', 'av1'],
  hls: ['h264', 'h265'],
  mov: ['h264', 'h265'],
  webm: ['vp9'],
};

export const AUDIO_CODECS_BY_CONTAINER: Readonly<Record<Container, readonly AudioCodec[]>> = {
  mp4: ['aac'],
  hls: ['aac'],
  mov: ['aac'],
  webm: ['opus'],
};

export const RATE_CONTROLS_BY_CODEC: Readonly<Record<VideoCodec, readonly RateControl[]>> = {
  h264: ['VBR', 'CBR', 'QVBR'],
  h265: ['VBR', 'CBR', 'QVBR'],
  vp9: ['VBR'],
  av1: ['QVBR'],
};

/** Audio limits per codec (kbps and Hz); 0 always means "automatic". */
export const AUDIO_LIMITS: Readonly<
  Record<
    AudioCodec,
    { minKbps: number; maxKbps: number; sampleRates: readonly number[]; channels: readonly number[] }
  >
> = {
  aac: {
    minKbps: 26,
    maxKbps: 256,
    sampleRates: [8000, 16000, 22050, 32000, 44100, 48000],
    channels: [1, 2],
  },
  opus: { minKbps: 32, maxKbps: 192, sampleRates: [16000, 48000], channels: [1, 2] },
};

/** The rate control used when a template does not name one. */
export function defaultRateControl(codec: VideoCodec, bitrateKbps: number): RateControl {
  if (codec === 'vp9') return 'VBR';
  if (codec === 'av1') return 'QVBR';
  return bitrateKbps > 0 ? 'VBR' : 'QVBR';
}

/**
 * The largest output frame of each codec (UG supported-output-resolution-maximums-by-codec), as
 * [width, height] pairs any of which the frame must fit in.
 */
export const MAX_RESOLUTION: Readonly<Record<VideoCodec | 'gif', ReadonlyArray<readonly [number, number]>>> =
  {
    h264: [
      [4096, 2160],
      [2160, 4096],
    ],
    h265: [
      [8192, 4320],
      [4320, 8192],
    ],
    av1: [[4096, 2160]],
    vp9: [
      [4096, 2160],
      [2160, 4096],
    ],
    gif: [[3840, 3840]],
  };

/** A "must fit …" problem when width × height (both set) exceeds the codec's maximum, else undefined. */
export function resolutionProblem(
  codec: VideoCodec | 'gif',
  width: number,
  height: number,
): string | undefined {
  const limits = MAX_RESOLUTION[codec];
  if (width === 0 || height === 0 || limits.some(([w, h]) => width <= w && height <= h)) return undefined;
  const sizes = limits.map(([w, h]) => `${w}x${h}`).join(' or ');
  return `must fit within ${sizes}, the largest ${codec === 'gif' ? 'GIF' : codec} frame MediaConvert writes; got ${width}x${height}`;
}
