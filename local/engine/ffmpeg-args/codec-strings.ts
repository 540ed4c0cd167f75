/**
 * RFC 6381 codec strings for the CODECS attribute of an HLS multivariant playlist, from the streams
 * ffprobe reads in a rendition's first segment: `avc1.PPCCLL` (profile_idc, constraint flags as x264
 * writes them, level_idc), `hvc1.P.C.L<level>.B0` and `mp4a.40.2`/`.5`/`.29`/`.34`.
 */
import { runFfprobe } from '../probe';

const AVC_PROFILES: Readonly<Record<string, string>> = {
  'Constrained Baseline': '42c0',
  Baseline: '4200',
  Main: '4d40',
  Extended: '5800',
  High: '6400',
  'High 10': '6e00',
  'High 4:2:2': '7a00',
  'High 4:4:4 Predictive': 'f400',
};

const HEVC_PROFILES: Readonly<Record<string, string>> = { Main: '1.6', 'Main 10': '2.4', Rext: '4.10' };

const AAC_OBJECT_TYPES: Readonly<Record<string, string>> = {
  LC: '2',
  HE: '5',
  'HE-AAC': '5',
  'HE-AACv2': '29',
};

const hex2 = (n: number) => n.toString(16).padStart(2, '0');

interface ProbedStream {
  codec_type?: string;
  codec_name?: string;
  profile?: string;
  level?: number;
}

/** The codec string of one stream, or undefined for a codec it does not know. */
export function codecString(s: ProbedStream): string | undefined {
  switch (s.codec_name) {
    case 'h264': {
      const profile = AVC_PROFILES[s.profile ?? ''];
      return profile && s.level !== undefined ? `avc1.${profile}${hex2(s.level)}` : undefined;
    }
    case 'hevc': {
      const profile = HEVC_PROFILES[s.profile ?? ''];
      return profile && s.level !== undefined ? `hvc1.${profile}.L${s.level}.B0` : undefined;
    }
    case 'aac':
      return `mp4a.40.${AAC_OBJECT_TYPES[s.profile ?? 'LC'] ?? '2'}`;
    case 'mp3':
      return 'mp4a.40.34';
    default:
      return undefined;
  }
}

/** The CODECS value of a rendition (video first), read from one of its segments. */
export async function renditionCodecs(ffprobePath: string, segment: string): Promise<string | undefined> {
  const streams = ((await runFfprobe(ffprobePath, segment)).streams ?? []) as ProbedStream[];
  const ordered = [
    ...streams.filter((s) => s.codec_type === 'video'),
    ...streams.filter((s) => s.codec_type === 'audio'),
  ];
  const codecs = ordered.map(codecString);
  return codecs.length > 0 && codecs.every((c) => c !== undefined) ? codecs.join(',') : undefined;
}
