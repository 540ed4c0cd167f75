import type { VideoDescription } from '@aws-sdk/client-mediaconvert';
import { unsupported } from '../errors';

const even = (n: number) => Math.max(2, Math.round(n / 2) * 2);

/** Output frame size: Width/Height as given; one of them → the other from the source aspect ratio; none → source. */
export function targetSize(
  vd: VideoDescription,
  src: { width: number; height: number },
): { width: number; height: number } {
  const { Width: w, Height: h } = vd;
  if (w && h) return { width: even(w), height: even(h) };
  if (w) return { width: even(w), height: even((w * src.height) / src.width) };
  if (h) return { width: even((h * src.width) / src.height), height: even(h) };
  return { width: even(src.width), height: even(src.height) };
}

/** The size ffmpeg's `force_original_aspect_ratio=decrease:force_divisible_by=2` scales `src` to. */
function fittedSize(src: { width: number; height: number }, size: { width: number; height: number }) {
  const f = Math.min(size.width / src.width, size.height / src.height);
  const down = (n: number) => Math.max(2, Math.floor(n / 2) * 2);
  return { width: down(Math.round(src.width * f)), height: down(Math.round(src.height * f)) };
}

/**
 * Scale filters for ScalingBehavior (DEFAULT and FIT keep the aspect ratio and pad with black). A
 * scale that changes nothing, or a pad that adds nothing, is left out: they cost a frame copy each.
 */
export function scaleFilters(
  behavior: string | undefined,
  size: { width: number; height: number },
  src: { width: number; height: number },
): string[] {
  const { width: W, height: H } = size;
  const same = src.width === W && src.height === H;
  const pad = `pad=${W}:${H}:(ow-iw)/2:(oh-ih)/2`;
  switch (behavior ?? 'DEFAULT') {
    case 'STRETCH_TO_OUTPUT':
      return same ? ['setsar=1'] : [`scale=${W}:${H}`, 'setsar=1'];
    case 'FIT_NO_UPSCALE':
      return [
        `scale='min(iw,${W})':'min(ih,${H})':force_original_aspect_ratio=decrease:force_divisible_by=2`,
        pad,
        'setsar=1',
      ];
    case 'FILL':
      return [`scale=${W}:${H}:force_original_aspect_ratio=increase`, `crop=${W}:${H}`, 'setsar=1'];
    default: {
      if (same) return ['setsar=1'];
      const fitted = fittedSize(src, size);
      if (fitted.width === W && fitted.height === H) return [`scale=${W}:${H}`, 'setsar=1'];
      return [`scale=${W}:${H}:force_original_aspect_ratio=decrease:force_divisible_by=2`, pad, 'setsar=1'];
    }
  }
}

export interface FramerateSettings {
  FramerateControl?: string;
  FramerateNumerator?: number;
  FramerateDenominator?: number;
}

/** The SPECIFIED frame rate as "num/den" and a number, or undefined to follow the source. */
export function specifiedFramerate(
  s: FramerateSettings,
  path: string,
): { expr: string; fps: number } | undefined {
  if (s.FramerateControl !== 'SPECIFIED') return undefined;
  const n = s.FramerateNumerator;
  const d = s.FramerateDenominator;
  if (!n || !d)
    throw unsupported(
      `${path}.FramerateNumerator`,
      'SPECIFIED needs FramerateNumerator and FramerateDenominator',
    );
  return { expr: `${n}/${d}`, fps: n / d };
}

interface RateSettings {
  RateControlMode?: string;
  Bitrate?: number;
  MaxBitrate?: number;
  QvbrSettings?: { QvbrQualityLevel?: number; QvbrQualityLevelFineTune?: number };
  GopSize?: number;
  GopSizeUnits?: string;
}

type Family = 'x264' | 'x265' | 'vpx' | 'av1';

/** Rate control: CBR → bitrate=min=max; VBR → bitrate (+ max); QVBR → CRF from the quality level (+ max). */
export function rateControlArgs(s: RateSettings, path: string, family: Family): string[] {
  const mode = s.RateControlMode ?? (family === 'vpx' ? 'VBR' : 'QVBR');
  const args: string[] = [];
  const cap = (max: number | undefined) =>
    max ? ['-maxrate', String(max), '-bufsize', String(2 * max)] : [];
  if (mode === 'CBR' || mode === 'VBR') {
    if (!s.Bitrate) throw unsupported(`${path}.Bitrate`, `Bitrate is required with RateControlMode ${mode}`);
    args.push('-b:v', String(s.Bitrate));
    if (mode === 'CBR') {
      if (family === 'x264' || family === 'vpx') args.push('-minrate', String(s.Bitrate));
      args.push(...cap(s.Bitrate));
    } else {
      args.push(...cap(s.MaxBitrate));
    }
    return args;
  }
  // QVBR: quality 1–10 (default 7) → CRF; the MaxBitrate cap is honoured through the VBV.
  const q = (s.QvbrSettings?.QvbrQualityLevel ?? 7) + (s.QvbrSettings?.QvbrQualityLevelFineTune ?? 0);
  if (family === 'x264' || family === 'x265') {
    args.push('-crf', (51 - 3.3 * q).toFixed(1), ...cap(s.MaxBitrate));
  } else {
    args.push('-crf', String(Math.round(63 - 4.5 * q)));
    if (family === 'vpx') args.push('-b:v', String(s.MaxBitrate ?? 0));
  }
  return args;
}

/** GOP length MediaConvert's AUTO mode is emulated with: "A typical GOP size is 1–2 seconds long". */
export const AUTO_GOP_SECONDS = 2;

/**
 * `-g` for GopSize in FRAMES or SECONDS; AUTO (MediaConvert's default when GopSizeUnits is unset, and
 * what it asks for in HLS/DASH/CMAF outputs) and an unset GopSize get a 2-second GOP. HLS outputs also
 * force a keyframe at every segment boundary (hls-group.ts), as MediaConvert aligns AUTO GOPs to them.
 */
export function gopArgs(s: RateSettings, fps: number): string[] {
  const auto = s.GopSizeUnits === 'AUTO' || !s.GopSize;
  const frames = auto ? AUTO_GOP_SECONDS * fps : s.GopSizeUnits === 'SECONDS' ? s.GopSize! * fps : s.GopSize!;
  return ['-g', String(Math.max(1, Math.round(frames)))];
}

const H264_PROFILES: Record<string, string> = { BASELINE: 'baseline', MAIN: 'main', HIGH: 'high' };

export function h264Level(level: string | undefined, path: string): string[] {
  if (!level || level === 'AUTO') return [];
  const m = /^LEVEL_(\d)(?:_(\d))?$/.exec(level);
  if (!m) throw unsupported(`${path}.CodecLevel`, `value "${level}" is not supported`);
  return ['-level:v', m[2] ? `${m[1]}.${m[2]}` : m[1]];
}

/** ffmpeg encoder options for a video codec (H_264, H_265, VP9, AV1). */
export function videoEncoderArgs(
  vd: VideoDescription,
  path: string,
  fps: number,
  encoders: ReadonlySet<string>,
  container: string,
): string[] {
  const cs = vd.CodecSettings!;
  const csPath = `${path}.CodecSettings`;
  const common = ['-pix_fmt', 'yuv420p'];
  switch (cs.Codec) {
    case 'H_264': {
      const s = cs.H264Settings ?? {};
      const p = `${csPath}.H264Settings`;
      return [
        '-c:v',
        'libx264',
        '-preset',
        'veryfast',
        ...common,
        ...(s.CodecProfile ? ['-profile:v', H264_PROFILES[s.CodecProfile]] : []),
        ...h264Level(s.CodecLevel, p),
        ...rateControlArgs(s, p, 'x264'),
        ...gopArgs(s, fps),
      ];
    }
    case 'H_265': {
      const s = cs.H265Settings ?? {};
      const tag = (s.WriteMp4PackagingType ?? 'HVC1') === 'HVC1' ? 'hvc1' : 'hev1';
      return [
        '-c:v',
        'libx265',
        '-preset',
        'ultrafast',
        '-x265-params',
        'log-level=error',
        ...common,
        ...(container === 'MP4' || container === 'MOV' ? ['-tag:v', tag] : []),
        ...rateControlArgs(s, `${csPath}.H265Settings`, 'x265'),
        ...gopArgs(s, fps),
      ];
    }
    case 'VP9': {
      const s = cs.Vp9Settings ?? {};
      return [
        '-c:v',
        'libvpx-vp9',
        '-deadline',
        'realtime',
        '-cpu-used',
        '8',
        '-row-mt',
        '1',
        ...common,
        ...rateControlArgs(s, `${csPath}.Vp9Settings`, 'vpx'),
        ...gopArgs(s, fps),
      ];
    }
    case 'AV1': {
      const encoder = ['libsvtav1', 'libaom-av1'].find((e) => encoders.has(e));
      if (!encoder)
        throw unsupported(
          `${csPath}.Codec`,
          'AV1 is unsupported in the local engine: this ffmpeg has no AV1 encoder',
        );
      const s = cs.Av1Settings ?? {};
      // libaom-av1 was "experimental" in ffmpeg 4.x (the bundled build): allowed for this stream only.
      const speed =
        encoder === 'libsvtav1'
          ? ['-preset', '12']
          : ['-cpu-used', '8', '-row-mt', '1', '-strict:v', 'experimental'];
      return [
        '-c:v',
        encoder,
        ...speed,
        ...common,
        ...rateControlArgs(s, `${csPath}.Av1Settings`, 'av1'),
        ...gopArgs(s, fps),
      ];
    }
    default:
      throw unsupported(`${csPath}.Codec`, `codec ${cs.Codec} is not a video codec for this container`);
  }
}
