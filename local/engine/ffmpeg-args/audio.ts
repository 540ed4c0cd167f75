import type { AudioDescription } from '@aws-sdk/client-mediaconvert';
import { unsupported } from '../errors';

const CHANNELS: Record<string, number> = { CODING_MODE_1_0: 1, CODING_MODE_2_0: 2, CODING_MODE_5_1: 6 };

/** ffmpeg options for one AudioDescription (AAC, MP3, OPUS). */
export function audioEncoderArgs(ad: AudioDescription, path: string): string[] {
  const cs = ad.CodecSettings;
  const csPath = `${path}.CodecSettings`;
  switch (cs?.Codec) {
    case 'AAC': {
      const s = cs.AacSettings ?? {};
      const ch = CHANNELS[s.CodingMode ?? 'CODING_MODE_2_0'];
      const vbr = s.RateControlMode === 'VBR';
      return [
        '-c:a',
        'aac',
        ...(vbr
          ? ['-q:a', '1.5']
          : ['-b:a', String(s.Bitrate ?? (ch === 1 ? 64000 : ch === 2 ? 96000 : 384000))]),
        '-ar',
        String(s.SampleRate ?? 48000),
        '-ac',
        String(ch),
      ];
    }
    case 'MP3': {
      const s = cs.Mp3Settings ?? {};
      return [
        '-c:a',
        'libmp3lame',
        '-b:a',
        String(s.Bitrate ?? 160000),
        '-ar',
        String(s.SampleRate ?? 48000),
        '-ac',
        String(s.Channels ?? 2),
      ];
    }
    case 'OPUS': {
      const s = cs.OpusSettings ?? {};
      return [
        '-c:a',
        'libopus',
        '-b:a',
        String(s.Bitrate ?? 96000),
        '-ar',
        String(s.SampleRate ?? 48000),
        '-ac',
        String(s.Channels ?? 2),
      ];
    }
    default:
      throw unsupported(`${csPath}.Codec`, `audio codec ${cs?.Codec ?? '(missing)'} is not supported`);
  }
}
