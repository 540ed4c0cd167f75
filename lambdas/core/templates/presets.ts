/**
 * Built-in, read-only templates with the product model's stable ids. User templates start at
 * FIRST_USER_TEMPLATE_ID, so the two ranges never meet. Template ids are unique across types (one
 * id → one template), so the image presets that share id 10 in the product model are numbered here
 * 10 (snapshot by time offset), 20 (sampled snapshot) and 30 (image sprite); for the same reason the
 * AI presets (the product model's AI templates also start at 10) are 40 (content review), 50–52 (content
 * recognition) and 60–61 (content analysis).
 */
import type { Template, TranscodeTemplate } from '../model';

export const FIRST_USER_TEMPLATE_ID = 1_000_000;
const PRESET_TIME = '2026-01-01T00:00:00.000Z';
const stamp = { preset: true, createdAt: PRESET_TIME, updatedAt: PRESET_TIME } as const;

interface LadderStep {
  label: string;
  height: number;
  videoKbps: number;
  audioKbps: number;
}

/** The H.264 + AAC ladder of the transcode presets; the id suffix is shared by MP4 and HLS. */
const LADDER: ReadonlyArray<LadderStep & { suffix: number }> = [
  { suffix: 10, label: '360p', height: 360, videoKbps: 400, audioKbps: 64 },
  { suffix: 20, label: '540p', height: 540, videoKbps: 1000, audioKbps: 96 },
  { suffix: 30, label: '720p', height: 720, videoKbps: 1800, audioKbps: 128 },
  { suffix: 40, label: '1080p', height: 1080, videoKbps: 2500, audioKbps: 128 },
  { suffix: 70, label: '1440p', height: 1440, videoKbps: 3000, audioKbps: 128 },
  { suffix: 80, label: '2160p', height: 2160, videoKbps: 6000, audioKbps: 128 },
];

function ladderPreset(container: 'mp4' | 'hls', step: LadderStep & { suffix: number }): TranscodeTemplate {
  const hls = container === 'hls';
  return {
    id: (hls ? 100200 : 100000) + step.suffix,
    type: 'transcode',
    name: `${container.toUpperCase()}-H264-${step.label}`,
    comment: `${step.label} H.264 ${step.videoKbps} kbps + AAC ${step.audioKbps} kbps stereo 48 kHz, width follows the aspect ratio`,
    container,
    video: {
      codec: 'h264',
      width: 0,
      height: step.height,
      fps: 0,
      bitrateKbps: step.videoKbps,
      rateControl: 'VBR',
      ...(hls ? {} : { gopSeconds: 2 }),
    },
    audio: { codec: 'aac', bitrateKbps: step.audioKbps, sampleRate: 48000, channels: 2 },
    removeVideo: false,
    removeAudio: false,
    ...(hls ? { segmentSeconds: 6 } : {}),
    ...stamp,
  };
}

/** Every preset, ordered by id. */
export const PRESETS: readonly Template[] = [
  {
    id: 10,
    type: 'snapshot',
    name: 'Snapshot-JPG-Source',
    comment: 'JPEG at the source frame size',
    width: 0,
    height: 0,
    format: 'jpg',
    quality: 80,
    ...stamp,
  },
  {
    id: 20,
    type: 'sampleSnapshot',
    name: 'SampleSnapshot-JPG-10Percent',
    comment: 'One JPEG every 10 % of the duration, source frame size',
    width: 0,
    height: 0,
    format: 'jpg',
    quality: 80,
    sampleType: 'percent',
    interval: 10,
    ...stamp,
  },
  {
    id: 30,
    type: 'sprite',
    name: 'Sprite-JPG-10Percent-2x5',
    comment: 'Ten 160 px wide cells (one every 10 % of the duration) on one 2 × 5 JPEG sheet + WebVTT',
    width: 160,
    height: 0,
    format: 'jpg',
    quality: 80,
    sampleType: 'percent',
    interval: 10,
    rows: 2,
    columns: 5,
    ...stamp,
  },
  ...LADDER.map((step) => ladderPreset('mp4', step)),
  ...LADDER.map((step) => ladderPreset('hls', step)),
  {
    id: 40,
    type: 'contentReview',
    name: 'Review-Default',
    comment: 'One frame a second; review from 50 % confidence of an unsafe label, block from 85 %',
    sampleIntervalSeconds: 1,
    reviewThreshold: 50,
    blockThreshold: 85,
    ...stamp,
  },
  {
    id: 50,
    type: 'aiRecognition',
    name: 'Recognition-OCR',
    comment: 'Text in frames (one frame a second), English',
    ocr: true,
    speech: false,
    language: 'en-US',
    sampleIntervalSeconds: 1,
    ...stamp,
  },
  {
    id: 51,
    type: 'aiRecognition',
    name: 'Recognition-Speech',
    comment: 'Speech to text with WebVTT and SRT subtitles, English',
    ocr: false,
    speech: true,
    language: 'en-US',
    sampleIntervalSeconds: 1,
    ...stamp,
  },
  {
    id: 52,
    type: 'aiRecognition',
    name: 'Recognition-OCR-Speech',
    comment: 'Text in frames and speech to text, English',
    ocr: true,
    speech: true,
    language: 'en-US',
    sampleIntervalSeconds: 1,
    ...stamp,
  },
  {
    id: 60,
    type: 'aiAnalysis',
    name: 'Analysis-Shots-Black-Cover',
    comment: 'Shots, black segments and a cover image',
    shots: true,
    blackFrames: true,
    cover: true,
    labels: false,
    ...stamp,
  },
  {
    id: 61,
    type: 'aiAnalysis',
    name: 'Analysis-All',
    comment: 'Shots, black segments, a cover image and labels',
    shots: true,
    blackFrames: true,
    cover: true,
    labels: true,
    ...stamp,
  },
  {
    id: 20000,
    type: 'animatedGraphics',
    name: 'GIF-320-10fps',
    comment: 'Animated GIF, 10 fps, 320 px wide',
    format: 'gif',
    fps: 10,
    width: 320,
    height: 0,
    ...stamp,
  },
];

const PRESETS_BY_ID: ReadonlyMap<number, Template> = new Map(PRESETS.map((p) => [p.id, p]));

/** True when `id` is the id of a built-in preset. */
export function isPresetId(id: number): boolean {
  return PRESETS_BY_ID.has(id);
}

/** The preset with `id` (a fresh copy, safe to modify), or undefined. */
export function getPreset(id: number): Template | undefined {
  const preset = PRESETS_BY_ID.get(id);
  return preset ? structuredClone(preset) : undefined;
}
