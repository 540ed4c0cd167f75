import type { ContainerSettings, VideoCodecSettings } from '@aws-sdk/client-mediaconvert';
import type { Container, VideoSettings } from '../model';
import { frameRateFraction } from './timecode';

/** QVBR needs a ceiling; for "automatic" (0 kbps) it follows the output height. */
export function defaultMaxBitrate(height: number | undefined): number {
  const h = height ?? 1080;
  if (h <= 360) return 1_000_000;
  if (h <= 540) return 2_000_000;
  if (h <= 720) return 4_000_000;
  if (h <= 1080) return 8_000_000;
  if (h <= 1440) return 12_000_000;
  return 20_000_000;
}

function framerate(fps: number) {
  if (fps <= 0) return { FramerateControl: 'INITIALIZE_FROM_SOURCE' as const };
  const f = frameRateFraction(fps);
  return {
    FramerateControl: 'SPECIFIED' as const,
    FramerateNumerator: f.numerator,
    FramerateDenominator: f.denominator,
    FramerateConversionAlgorithm: 'DUPLICATE_DROP' as const,
  };
}

/** GOP in frames for codecs without a seconds unit (AV1, VP9); needs a fixed output fps. */
function gopFrames(v: VideoSettings): { GopSize: number } | Record<string, never> {
  return v.gopSeconds !== undefined && v.fps > 0
    ? { GopSize: Math.max(1, Math.round(v.gopSeconds * v.fps)) }
    : {};
}

function rate(v: VideoSettings, outputHeight: number | undefined) {
  const bps = v.bitrateKbps * 1000;
  if (v.rateControl === 'QVBR') {
    return {
      RateControlMode: 'QVBR' as const,
      MaxBitrate: bps > 0 ? bps : defaultMaxBitrate(outputHeight),
      QvbrSettings: { QvbrQualityLevel: v.qvbrQuality ?? 7 },
    };
  }
  return { RateControlMode: v.rateControl, Bitrate: bps };
}

/**
 * MediaConvert CodecSettings for a transcode template's video. In HLS groups the GOP is left to
 * MediaConvert (GopSizeUnits AUTO), as its documentation requires.
 */
export function videoCodecSettings(
  v: VideoSettings,
  opts: { hls: boolean; outputHeight?: number },
): VideoCodecSettings {
  const gop = opts.hls
    ? { GopSizeUnits: 'AUTO' as const }
    : v.gopSeconds !== undefined
      ? { GopSize: v.gopSeconds, GopSizeUnits: 'SECONDS' as const }
      : {};
  switch (v.codec) {
    case 'h264':
      return {
        Codec: 'H_264',
        H264Settings: {
          ...rate(v, opts.outputHeight),
          ...framerate(v.fps),
          ...gop,
          CodecProfile: 'HIGH',
          CodecLevel: 'AUTO',
          SceneChangeDetect: 'TRANSITION_DETECTION',
        },
      };
    case 'h265':
      return {
        Codec: 'H_265',
        H265Settings: {
          ...rate(v, opts.outputHeight),
          ...framerate(v.fps),
          ...gop,
          CodecProfile: 'MAIN_MAIN',
          CodecLevel: 'AUTO',
          SceneChangeDetect: 'TRANSITION_DETECTION',
          WriteMp4PackagingType: 'HVC1',
        },
      };
    case 'av1': {
      const r = rate(v, opts.outputHeight);
      return {
        Codec: 'AV1',
        Av1Settings: {
          RateControlMode: 'QVBR',
          MaxBitrate: 'MaxBitrate' in r ? r.MaxBitrate : defaultMaxBitrate(opts.outputHeight),
          QvbrSettings: { QvbrQualityLevel: v.qvbrQuality ?? 7 },
          ...framerate(v.fps),
          ...gopFrames(v),
        },
      };
    }
    case 'vp9':
      return {
        Codec: 'VP9',
        Vp9Settings: {
          RateControlMode: 'VBR',
          Bitrate: v.bitrateKbps * 1000,
          ...framerate(v.fps),
          ...gopFrames(v),
        },
      };
  }
}

/** ContainerSettings of a transcode output. */
export function containerSettings(container: Container): ContainerSettings {
  switch (container) {
    case 'mp4':
      return { Container: 'MP4', Mp4Settings: { MoovPlacement: 'PROGRESSIVE_DOWNLOAD' } };
    case 'mov':
      return { Container: 'MOV', MovSettings: {} };
    case 'webm':
      return { Container: 'WEBM' };
    case 'hls':
      return { Container: 'M3U8', M3u8Settings: {} };
  }
}
