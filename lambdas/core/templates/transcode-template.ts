import { z } from 'zod';
import type { AudioSettings, TranscodeTemplate, VideoSettings } from '../model';
import { ValidationError } from '../errors';
import { parseOrThrow, strictObject } from '../schemas/zod-issues';
import {
  AUDIO_CODECS,
  AUDIO_CODECS_BY_CONTAINER,
  AUDIO_LIMITS,
  CONTAINERS,
  defaultRateControl,
  RATE_CONTROLS,
  RATE_CONTROLS_BY_CODEC,
  resolutionProblem,
  VIDEO_CODECS,
  VIDEO_CODECS_BY_CONTAINER,
} from './codec-rules';
import { aacBitrates, defaultAacBitrate } from './aac-table';
import { commentField, dimensionField, nameField, reject } from './common-fields';

export type TranscodeBody = Omit<TranscodeTemplate, 'id' | 'preset' | 'createdAt' | 'updatedAt'>;

const videoInput = strictObject({
  codec: z.enum(VIDEO_CODECS as [string, ...string[]]),
  width: dimensionField.default(0),
  height: dimensionField.default(0),
  fps: z.number().min(0).max(120).default(0),
  bitrateKbps: z
    .number()
    .int()
    .refine((v) => v === 0 || (v >= 128 && v <= 100000), {
      message: 'must be 0 (automatic) or 128–100000 kbps',
    })
    .default(0),
  rateControl: z.enum(RATE_CONTROLS as [string, ...string[]]).optional(),
  gopSeconds: z.number().min(0.1).max(10).optional(),
  qvbrQuality: z.number().int().min(1).max(10).optional(),
});

const audioInput = strictObject({
  codec: z.enum(AUDIO_CODECS as [string, ...string[]]),
  bitrateKbps: z
    .number()
    .int()
    .refine((v) => v === 0 || (v >= 26 && v <= 256), { message: 'must be 0 (automatic) or 26–256 kbps' })
    .default(0),
  sampleRate: z
    .number()
    .int()
    .refine((v) => [0, 8000, 16000, 22050, 32000, 44100, 48000].includes(v), {
      message: 'must be 0 (automatic, 48000) or one of 8000, 16000, 22050, 32000, 44100, 48000',
    })
    .default(0),
  // 6 (5.1) parses so that its rejection can say why (checkAudio).
  channels: z.union([z.literal(1), z.literal(2), z.literal(6)], { error: 'must be 1 or 2' }).default(2),
});

const transcodeInput = strictObject({
  name: nameField,
  comment: commentField,
  container: z.enum(CONTAINERS as [string, ...string[]]),
  video: videoInput.optional(),
  audio: audioInput.optional(),
  removeVideo: z.boolean().default(false),
  removeAudio: z.boolean().default(false),
  segmentSeconds: z.number().int().min(1).max(60).optional(),
});

type TranscodeInput = z.infer<typeof transcodeInput>;

function checkVideo(t: TranscodeInput, v: z.infer<typeof videoInput>): VideoSettings {
  const container = t.container as TranscodeTemplate['container'];
  const codec = v.codec as VideoSettings['codec'];
  const codecs = VIDEO_CODECS_BY_CONTAINER[container];
  if (!codecs.includes(codec)) {
    reject('video.codec', v.codec, `must be one of ${codecs.join(', ')} with container '${container}'`);
  }
  for (const dim of ['width', 'height'] as const) {
    if (v[dim] % 2 !== 0) {
      reject(`video.${dim}`, v[dim], 'must be an even number of pixels (4:2:0 video needs even frame sizes)');
    }
  }
  const tooLarge = resolutionProblem(codec, v.width, v.height);
  if (tooLarge) throw new ValidationError(`video.width, video.height ${tooLarge}`, 'video.width');
  const rateControl = (v.rateControl ??
    defaultRateControl(codec, v.bitrateKbps)) as VideoSettings['rateControl'];
  const modes = RATE_CONTROLS_BY_CODEC[codec];
  if (!modes.includes(rateControl)) {
    reject(
      'video.rateControl',
      rateControl,
      `must be ${modes.join(' or ')} with codec '${codec}' (MediaConvert supports no other)`,
    );
  }
  if (rateControl !== 'QVBR' && v.bitrateKbps === 0) {
    reject(
      'video.bitrateKbps',
      0,
      `must be 128–100000 kbps with rateControl ${rateControl} (0 = automatic works with QVBR only)`,
    );
  }
  if (v.qvbrQuality !== undefined && rateControl !== 'QVBR') {
    reject('video.qvbrQuality', v.qvbrQuality, `is allowed only with rateControl QVBR, not ${rateControl}`);
  }
  if (v.gopSeconds !== undefined && container === 'hls') {
    reject(
      'video.gopSeconds',
      v.gopSeconds,
      "must be absent with container 'hls' (MediaConvert sets the GOP of HLS outputs)",
    );
  }
  const video: VideoSettings = {
    codec,
    width: v.width,
    height: v.height,
    fps: v.fps,
    bitrateKbps: v.bitrateKbps,
    rateControl,
  };
  if (v.gopSeconds !== undefined) video.gopSeconds = v.gopSeconds;
  if (v.qvbrQuality !== undefined) video.qvbrQuality = v.qvbrQuality;
  return video;
}

function checkAudio(t: TranscodeInput, a: z.infer<typeof audioInput>): AudioSettings {
  const container = t.container as TranscodeTemplate['container'];
  const codec = a.codec as AudioSettings['codec'];
  const codecs = AUDIO_CODECS_BY_CONTAINER[container];
  if (!codecs.includes(codec)) {
    reject('audio.codec', a.codec, `must be one of ${codecs.join(', ')} with container '${container}'`);
  }
  const limits = AUDIO_LIMITS[codec];
  if (a.bitrateKbps !== 0 && (a.bitrateKbps < limits.minKbps || a.bitrateKbps > limits.maxKbps)) {
    reject(
      'audio.bitrateKbps',
      a.bitrateKbps,
      `must be 0 or ${limits.minKbps}–${limits.maxKbps} kbps with codec '${codec}'`,
    );
  }
  if (a.sampleRate !== 0 && !limits.sampleRates.includes(a.sampleRate)) {
    reject(
      'audio.sampleRate',
      a.sampleRate,
      `must be 0 or one of ${limits.sampleRates.join(', ')} with codec '${codec}'`,
    );
  }
  if (!limits.channels.includes(a.channels)) {
    reject(
      'audio.channels',
      a.channels,
      `must be ${limits.channels.join(' or ')} with codec '${codec}'` +
        (codec === 'aac' && a.channels === 6
          ? " (MediaConvert's AAC 5.1 bitrate table could not be verified)"
          : ''),
    );
  }
  if (codec === 'aac') checkAacCombination(a);
  if (codec === 'opus' && a.bitrateKbps !== 0 && a.bitrateKbps % 8 !== 0) {
    reject('audio.bitrateKbps', a.bitrateKbps, "must be a multiple of 8 kbps with codec 'opus' (32–192)");
  }
  return { codec, bitrateKbps: a.bitrateKbps, sampleRate: a.sampleRate, channels: a.channels as 1 | 2 };
}

/** AAC CBR: the bitrate must be one MediaConvert supports at the channels and sample rate (aac-table.ts). */
function checkAacCombination(a: z.infer<typeof audioInput>): void {
  const sampleRate = a.sampleRate || 48000;
  const allowed = aacBitrates(a.channels, sampleRate).map((bps) => bps / 1000);
  const mode = a.channels === 1 ? 'mono' : 'stereo';
  if (
    allowed.length === 0 ||
    (a.bitrateKbps === 0 && defaultAacBitrate(a.channels, sampleRate) === undefined)
  ) {
    reject(
      'audio.sampleRate',
      a.sampleRate,
      `has no AAC ${mode} bitrate within 26–256 kbps in MediaConvert's table; use 16000 Hz or more` +
        (a.channels === 2 ? ' for stereo' : ''),
    );
  }
  if (a.bitrateKbps !== 0 && !allowed.includes(a.bitrateKbps)) {
    reject(
      'audio.bitrateKbps',
      a.bitrateKbps,
      `must be 0 (automatic) or one of ${allowed.join(', ')} kbps for AAC ${mode} at ${sampleRate} Hz (MediaConvert's CBR table)`,
    );
  }
}

/** Validates a transcode template body (API form) and returns the normalised model form. */
export function validateTranscodeTemplate(input: unknown): TranscodeBody {
  const t = parseOrThrow(transcodeInput, input, '');
  if (t.removeVideo && t.removeAudio) {
    reject('removeAudio', true, 'must be false when removeVideo is true (an output needs video or audio)');
  }
  if (t.removeVideo && (t.container === 'mov' || t.container === 'webm')) {
    reject(
      'removeVideo',
      true,
      `must be false with container '${t.container}' (audio-only outputs are mp4 or hls)`,
    );
  }
  if (!t.removeVideo && !t.video) reject('video', undefined, 'is required unless removeVideo is true');
  if (!t.removeAudio && !t.audio) reject('audio', undefined, 'is required unless removeAudio is true');
  if (t.segmentSeconds !== undefined && t.container !== 'hls') {
    reject('segmentSeconds', t.segmentSeconds, `is allowed only with container 'hls', not '${t.container}'`);
  }
  const body: TranscodeBody = {
    type: 'transcode',
    name: t.name,
    container: t.container as TranscodeTemplate['container'],
    removeVideo: t.removeVideo,
    removeAudio: t.removeAudio,
  };
  if (t.comment !== undefined) body.comment = t.comment;
  if (!t.removeVideo && t.video) body.video = checkVideo(t, t.video);
  if (!t.removeAudio && t.audio) body.audio = checkAudio(t, t.audio);
  if (t.segmentSeconds !== undefined) body.segmentSeconds = t.segmentSeconds;
  return body;
}
