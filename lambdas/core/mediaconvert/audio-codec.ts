import type { AudioCodecSettings, AudioDescription } from '@aws-sdk/client-mediaconvert';
import type { AudioSettings } from '../model';

/** The audio selector every job defines on its input. */
export const AUDIO_SELECTOR = 'Audio Selector 1';

/** AAC bitrates MediaConvert accepts (bps), within the template range. */
const AAC_BITRATES = [
  32000, 40000, 48000, 56000, 64000, 80000, 96000, 112000, 128000, 160000, 192000, 224000, 256000, 288000,
  320000,
];

function nearest(values: readonly number[], target: number): number {
  return values.reduce((best, v) => (Math.abs(v - target) < Math.abs(best - target) ? v : best));
}

const AAC_DEFAULT_BPS: Record<number, number> = { 1: 64000, 2: 128000, 6: 320000 };
const AAC_CODING_MODE = { 1: 'CODING_MODE_1_0', 2: 'CODING_MODE_2_0', 6: 'CODING_MODE_5_1' } as const;

/**
 * MediaConvert CodecSettings for a template's audio. Bitrate 0 picks a default per codec/channels;
 * AAC bitrates snap to the nearest value MediaConvert accepts, Opus to a multiple of 8 kbps
 * (32–192); sample rate 0 is 48 kHz.
 */
export function audioCodecSettings(a: AudioSettings): AudioCodecSettings {
  const sampleRate = a.sampleRate || 48000;
  switch (a.codec) {
    case 'aac':
      return {
        Codec: 'AAC',
        AacSettings: {
          Bitrate: nearest(
            AAC_BITRATES,
            a.bitrateKbps > 0 ? a.bitrateKbps * 1000 : AAC_DEFAULT_BPS[a.channels]!,
          ),
          CodingMode: AAC_CODING_MODE[a.channels],
          SampleRate: sampleRate,
          CodecProfile: 'LC',
          RateControlMode: 'CBR',
        },
      };
    case 'mp3':
      return {
        Codec: 'MP3',
        Mp3Settings: {
          Bitrate: a.bitrateKbps > 0 ? a.bitrateKbps * 1000 : a.channels === 1 ? 64000 : 128000,
          Channels: a.channels,
          SampleRate: sampleRate,
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
          SampleRate: sampleRate,
        },
      };
    }
  }
}

/** The AudioDescriptions of an output carrying `audio`. */
export function audioDescriptions(audio: AudioSettings): AudioDescription[] {
  return [{ AudioSourceName: AUDIO_SELECTOR, CodecSettings: audioCodecSettings(audio) }];
}
