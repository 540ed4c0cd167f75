import type { Input, Output, OutputGroup, VideoDescription } from '@aws-sdk/client-mediaconvert';
import type { SourceInfo, TranscodeTemplate, WatermarkTemplate } from '../model';
import { hlsNameModifiers, HLS_BASE } from '../naming/output-paths';
import { audioDescriptions } from './audio-codec';
import { outputFrameSize } from './frame-size';
import { s3Url } from './job-context';
import { timecodeAt } from './timecode';
import { containerSettings, videoCodecSettings } from './video-codec';
import { imageInserter } from './watermarks';

/** Default HLS segment length (s) when the template does not set one. */
export const DEFAULT_HLS_SEGMENT_SECONDS = 6;

function videoDescription(
  t: TranscodeTemplate,
  watermarks: readonly WatermarkTemplate[],
  source: SourceInfo,
  hls: boolean,
): VideoDescription | undefined {
  const v = t.video;
  if (t.removeVideo || !v) return undefined;
  const frame = outputFrameSize(v.width, v.height, source);
  const inserter = imageInserter(watermarks, frame, {
    timed: true,
    ...(source.frameRate ? { frameRate: source.frameRate } : {}),
  });
  return {
    ...(v.width > 0 ? { Width: v.width } : {}),
    ...(v.height > 0 ? { Height: v.height } : {}),
    ScalingBehavior: 'DEFAULT',
    ...(inserter ? { VideoPreprocessors: { ImageInserter: inserter } } : {}),
    CodecSettings: videoCodecSettings(v, {
      hls,
      ...(frame ? { outputHeight: frame.height } : v.height > 0 ? { outputHeight: v.height } : {}),
    }),
  };
}

/** One output of a transcode template (video and/or audio as the template keeps them). */
export function transcodeOutput(
  t: TranscodeTemplate,
  watermarks: readonly WatermarkTemplate[],
  source: SourceInfo,
  opts: { hls: boolean; nameModifier?: string },
): Output {
  const video = videoDescription(t, watermarks, source, opts.hls);
  return {
    ...(opts.nameModifier ? { NameModifier: opts.nameModifier } : {}),
    ContainerSettings: containerSettings(t.container),
    ...(opts.hls ? { OutputSettings: { HlsSettings: {} } } : {}),
    ...(video ? { VideoDescription: video } : {}),
    ...(!t.removeAudio && t.audio ? { AudioDescriptions: audioDescriptions(t.audio) } : {}),
  };
}

/** FILE_GROUP with one MP4/MOV/WebM output written to `{prefix}.{ext}`. */
export function fileGroup(bucket: string, prefix: string, output: Output, name = 'File Group'): OutputGroup {
  return {
    Name: name,
    OutputGroupSettings: {
      Type: 'FILE_GROUP_SETTINGS',
      FileGroupSettings: { Destination: s3Url(bucket, prefix) },
    },
    Outputs: [output],
  };
}

/** HLS_GROUP with one rendition per template: `{prefix}/index.m3u8` + `{prefix}/index_{id}…`. */
export function hlsGroup(
  bucket: string,
  prefix: string,
  renditions: readonly TranscodeTemplate[],
  watermarks: readonly WatermarkTemplate[],
  source: SourceInfo,
): OutputGroup {
  const modifiers = hlsNameModifiers(renditions.map((t) => t.id));
  return {
    Name: 'Apple HLS',
    OutputGroupSettings: {
      Type: 'HLS_GROUP_SETTINGS',
      HlsGroupSettings: {
        Destination: s3Url(bucket, `${prefix}/${HLS_BASE}`),
        SegmentLength: renditions[0]?.segmentSeconds ?? DEFAULT_HLS_SEGMENT_SECONDS,
        MinSegmentLength: 0,
        SegmentControl: 'SEGMENTED_FILES',
        DirectoryStructure: 'SINGLE_DIRECTORY',
        ManifestDurationFormat: 'INTEGER',
        OutputSelection: 'MANIFESTS_AND_SEGMENTS',
        // RFC 6381 codec strings (avc1.64001f), not RFC 4281's legacy forms (avc1.77.30) in the
        // multivariant playlist: what players and the local engine expect.
        CodecSpecification: 'RFC_6381',
        StreamInfResolution: 'INCLUDE',
      },
    },
    Outputs: renditions.map((t, i) =>
      transcodeOutput(t, watermarks, source, { hls: true, nameModifier: modifiers[i]! }),
    ),
  };
}

/** InputClippings for a start/end (seconds) clip; none when neither is given. */
export function clippings(
  startTime: number | undefined,
  endTime: number | undefined,
  frameRate?: number,
): Input['InputClippings'] {
  if (startTime === undefined && endTime === undefined) return undefined;
  return [
    {
      ...(startTime !== undefined ? { StartTimecode: timecodeAt(startTime, frameRate) } : {}),
      ...(endTime !== undefined ? { EndTimecode: timecodeAt(endTime, frameRate) } : {}),
    },
  ];
}
