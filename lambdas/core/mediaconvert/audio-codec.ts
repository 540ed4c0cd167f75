import type { AudioCodecSettings, AudioDescription } from '@aws-sdk/client-mediaconvert';
import type { AudioSettings } from '../model';
import { defaultAacBitrate, nearestAacBitrate } from '../templates/aac-table';

/** The audio selector every job defines on its input. */
export const AUDIO_SELECTOR = 'Audio Selector 1';

const AAC_CODING_MODE = { 1: 'CODING_MODE_1_0', 2: 'CODING_MODE_2_0' } as const;

/**
 * The AAC bitrate of a template: its own (validated against MediaConvert's CBR table), or for 0 the
 * automatic one. A stored template from before the table was enforced snaps to the nearest supported
 * bitrate; a combination with no supported bitrate falls back to 48 kHz.
 */
function aacSettings(a: AudioSettings): { Bitrate: number; SampleRate: number } {
  const sampleRate = a.sampleRate || 48000;
  const wanted = a.bitrateKbps > 0 ? a.bitrateKbps * 1000 : defaultAacBitrate(a.channels, sampleRate);
  const bitrate = wanted !== undefined ? nearestAacBitrate(a.channels, sampleRate, wanted) : undefined;
  if (bitrate !== undefined) return { Bitrate: bitrate, SampleRate: sampleRate };
  return { Bitrate: nearestAacBitrate(a.channels, 48000, wanted ?? 128000)!, SampleRate: 48000 };
}

/**
 * MediaConvert CodecSettings for a template's audio: AAC LC CBR at a bitrate of MediaConvert's table
 * (aac-table.ts), Opus at a multiple of 8 kbps (32–192); bitrate 0 picks a default per codec and
 * channels; sample rate 0 is 48 kHz.
 */
export function audioCodecSettings(a: AudioSettings): AudioCodecSettings {
  switch (a.codec) {
    case 'aac':
      return {
        Codec: 'AAC',
        AacSettings: {
          ...aacSettings(a),
          CodingMode: AAC_CODING_MODE[a.channels],
          CodecProfile: 'LC',
          RateControlMode: 'CBR',
        },
      };
    case 'opus': {
      const kbps = a.bitrateKbps > 0 ? a.bitrateKbps : a.channels === 1 ? 64 : 96;
      return {
        Codec: 'OPUS',
        OpusSettings: {
          Bitrate: Math.min(192, Math.max(32, Math.round(kbps / 8) * 8)) * 1000,
          Channels: a.channels,
          SampleRate: a.sampleRate || 48000,
        },
      };
    }
    default:
      // Unreachable for templates that pass validation (templateOf checks stored ones).
      throw new Error(`audio codec ${JSON.stringify((a as { codec: unknown }).codec)} is not supported`);
  }
}

/** The AudioDescriptions of an output carrying `audio`. */
export function audioDescriptions(audio: AudioSettings): AudioDescription[] {
  return [{ AudioSourceName: AUDIO_SELECTOR, CodecSettings: audioCodecSettings(audio) }];
}
