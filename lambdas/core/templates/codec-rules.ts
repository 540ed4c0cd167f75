/**
 * Which codecs each container and rate-control mode allow. The rules are the intersection of what
 * MediaConvert supports (its service model and codec/container reference) and what the local ffmpeg
 * engine can produce:
 *
 * | container | video           | audio     |
 * | --------- | --------------- | --------- |
 * | mp4       | h264, h265, av1 | aac, mp3  |
 * | hls       | h264, h265      | aac       |
 * | mov       | h264, h265      | aac, mp3  |
 * | webm      | vp9             | opus      |
 *
 * MediaConvert encodes VP9 with VBR only and AV1 with QVBR only; CBR and VBR need a target bitrate.
 * HLS gets AAC only (MediaConvert's HLS packager does not take MP3 or Opus), and MediaConvert picks
 * the GOP for HLS itself, so `gopSeconds` is rejected there. Audio-only outputs (removeVideo) are mp4
 * or hls. Video sizes must be even (4:2:0 chroma).
 */
import type { AudioCodec, Container, RateControl, VideoCodec } from '../model';

export const CONTAINERS: readonly Container[] = ['mp4', 'hls', 'mov', 'webm'];
export const VIDEO_CODECS: readonly VideoCodec[] = ['h264', 'h265', 'av1', 'vp9'];
export const AUDIO_CODECS: readonly AudioCodec[] = ['aac', 'mp3', 'opus'];
export const RATE_CONTROLS: readonly RateControl[] = ['VBR', 'CBR', 'QVBR'];

export const VIDEO_CODECS_BY_CONTAINER: Readonly<Record<Container, readonly VideoCodec[]>> = {
  mp4: ['h264', 'h265', 'av1'],
  hls: ['h264', 'h265'],
  mov: ['h264', 'h265'],
  webm: ['vp9'],
};

export const AUDIO_CODECS_BY_CONTAINER: Readonly<Record<Container, readonly AudioCodec[]>> = {
  mp4: ['aac', 'mp3'],
  hls: ['aac'],
  mov: ['aac', 'mp3'],
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
    channels: [1, 2, 6],
  },
  mp3: { minKbps: 26, maxKbps: 256, sampleRates: [22050, 32000, 44100, 48000], channels: [1, 2] },
  opus: { minKbps: 32, maxKbps: 192, sampleRates: [16000, 48000], channels: [1, 2] },
};

/** The rate control used when a template does not name one. */
export function defaultRateControl(codec: VideoCodec, bitrateKbps: number): RateControl {
  if (codec === 'vp9') return 'VBR';
  if (codec === 'av1') return 'QVBR';
  return bitrateKbps > 0 ? 'VBR' : 'QVBR';
}
