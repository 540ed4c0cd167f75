/**
 * Builders of valid CreateJob requests (SDK input form) for the validator's tests, and `edit`, which
 * changes a copy of a request at JSON paths written the way the validator reports them.
 */
import type {
  AudioDescription,
  CreateJobCommandInput,
  Output,
  OutputGroup,
  VideoDescription,
} from '@aws-sdk/client-mediaconvert';

export const ROLE = 'arn:aws:iam::111122223333:role/MediaConvertRole';

/** `$.Settings.OutputGroups[g].Outputs[o]` */
export const outputPath = (g: number, o: number): string => `$.Settings.OutputGroups[${g}].Outputs[${o}]`;

/** AAC-LC stereo, CBR 128 kbit/s at 48 kHz. */
export function aacAudio(): AudioDescription {
  return {
    AudioSourceName: 'Audio Selector 1',
    CodecSettings: {
      Codec: 'AAC',
      AacSettings: {
        RateControlMode: 'CBR',
        CodingMode: 'CODING_MODE_2_0',
        SampleRate: 48000,
        Bitrate: 128000,
      },
    },
  };
}

/** H.264 QVBR video. */
export function h264Video(width = 1280, height = 720): VideoDescription {
  return {
    Width: width,
    Height: height,
    CodecSettings: {
      Codec: 'H_264',
      H264Settings: { RateControlMode: 'QVBR', MaxBitrate: 5_000_000, QvbrSettings: { QvbrQualityLevel: 7 } },
    },
  };
}

export function mp4Output(nameModifier = '_hd'): Output {
  return {
    NameModifier: nameModifier,
    ContainerSettings: { Container: 'MP4', Mp4Settings: {} },
    VideoDescription: h264Video(),
    AudioDescriptions: [aacAudio()],
  };
}

/** An MP4 file with one AAC track and no video. */
export function audioOnlyOutput(nameModifier = '_audio'): Output {
  return {
    NameModifier: nameModifier,
    ContainerSettings: { Container: 'MP4', Mp4Settings: {} },
    AudioDescriptions: [aacAudio()],
  };
}

/** JPEG thumbnails: FRAME_CAPTURE in RAW, no audio. */
export function frameCaptureOutput(nameModifier = '_thumb'): Output {
  return {
    NameModifier: nameModifier,
    ContainerSettings: { Container: 'RAW' },
    VideoDescription: {
      Width: 320,
      Height: 180,
      CodecSettings: {
        Codec: 'FRAME_CAPTURE',
        FrameCaptureSettings: {
          FramerateNumerator: 1,
          FramerateDenominator: 10,
          MaxCaptures: 5,
          Quality: 80,
        },
      },
    },
  };
}

/** An animated GIF. */
export function gifOutput(nameModifier = '_anim'): Output {
  return {
    NameModifier: nameModifier,
    ContainerSettings: { Container: 'GIF' },
    VideoDescription: {
      Width: 480,
      Height: 270,
      CodecSettings: {
        Codec: 'GIF',
        GifSettings: { FramerateControl: 'SPECIFIED', FramerateNumerator: 10, FramerateDenominator: 1 },
      },
    },
  };
}

/** An H.264 output with a PNG watermark in the top right corner. */
export function watermarkedOutput(nameModifier = '_wm'): Output {
  const output = mp4Output(nameModifier);
  output.VideoDescription!.VideoPreprocessors = {
    ImageInserter: {
      InsertableImages: [
        { ImageInserterInput: 's3://assets/brand/logo.png', ImageX: 1100, ImageY: 40, Layer: 1, Opacity: 60 },
      ],
    },
  };
  return output;
}

export function fileGroup(outputs: Output[], folder = 'files'): OutputGroup {
  return {
    Name: 'File Group',
    OutputGroupSettings: {
      Type: 'FILE_GROUP_SETTINGS',
      FileGroupSettings: { Destination: `s3://output-bucket/${folder}/` },
    },
    Outputs: outputs,
  };
}

/** An HLS output: M3U8, with `video` or none (an audio rendition). */
export function hlsOutput(nameModifier: string, video?: VideoDescription): Output {
  return {
    NameModifier: nameModifier,
    ContainerSettings: { Container: 'M3U8', M3u8Settings: {} },
    ...(video ? { VideoDescription: video } : {}),
    AudioDescriptions: [aacAudio()],
  };
}

export function hlsGroup(outputs?: Output[]): OutputGroup {
  return {
    Name: 'HLS',
    OutputGroupSettings: {
      Type: 'HLS_GROUP_SETTINGS',
      HlsGroupSettings: { Destination: 's3://output-bucket/hls/', SegmentLength: 6, MinSegmentLength: 0 },
    },
    Outputs: outputs ?? [hlsOutput('_720p', h264Video(1280, 720)), hlsOutput('_360p', h264Video(640, 360))],
  };
}

/** A DASH ISO group: a video output and an audio output, segmented files, main profile. */
export function dashGroup(): OutputGroup {
  const video = h264Video();
  return {
    Name: 'DASH',
    OutputGroupSettings: {
      Type: 'DASH_ISO_GROUP_SETTINGS',
      DashIsoGroupSettings: {
        Destination: 's3://output-bucket/dash/',
        SegmentLength: 30,
        FragmentLength: 2,
        MpdProfile: 'MAIN_PROFILE',
        SegmentControl: 'SEGMENTED_FILES',
      },
    },
    Outputs: [
      {
        NameModifier: '_video',
        ContainerSettings: { Container: 'MPD', MpdSettings: {} },
        VideoDescription: video,
      },
      {
        NameModifier: '_audio',
        ContainerSettings: { Container: 'MPD', MpdSettings: {} },
        AudioDescriptions: [aacAudio()],
      },
    ],
  };
}

/** A whole request around `groups`, with a timecode source of ZEROBASED; `extra` adds top-level members. */
export function createJob(
  groups: OutputGroup[],
  extra: Partial<CreateJobCommandInput> = {},
): CreateJobCommandInput {
  return {
    Role: ROLE,
    Settings: {
      TimecodeConfig: { Source: 'ZEROBASED' },
      Inputs: [
        {
          FileInput: 's3://input-bucket/sources/clip.mov',
          VideoSelector: {},
          AudioSelectors: { 'Audio Selector 1': { DefaultSelection: 'DEFAULT' } },
        },
      ],
      OutputGroups: groups,
    },
    ...extra,
  };
}

/** One MP4 (H.264 + AAC) output in a File group. */
export function mp4Job(extra: Partial<CreateJobCommandInput> = {}): CreateJobCommandInput {
  return createJob([fileGroup([mp4Output()])], extra);
}

const STEP = /\.([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;

function steps(path: string): (string | number)[] {
  if (!path.startsWith('$')) throw new Error(`path ${path} must start with $`);
  const result: (string | number)[] = [];
  STEP.lastIndex = 1;
  while (STEP.lastIndex < path.length) {
    const match = STEP.exec(path);
    if (!match) throw new Error(`can't parse path ${path} at ${STEP.lastIndex}`);
    result.push(match[1] ?? (match[2] !== undefined ? Number(match[2]) : (JSON.parse(match[3]!) as string)));
  }
  return result;
}

type Container = Record<string | number, unknown>;

/**
 * A deep copy of `request` with each `path` set to its value (`undefined` deletes the member). Missing
 * objects and lists on the way are created.
 */
export function edit<T>(request: T, edits: Record<string, unknown>): T {
  const copy = structuredClone(request);
  for (const [path, value] of Object.entries(edits)) {
    const keys = steps(path);
    let node = copy as unknown as Container;
    keys.slice(0, -1).forEach((key, i) => {
      if (typeof node[key] !== 'object' || node[key] === null)
        node[key] = typeof keys[i + 1] === 'number' ? [] : {};
      node = node[key] as Container;
    });
    const last = keys[keys.length - 1]!;
    if (value !== undefined) node[last] = value;
    else if (Array.isArray(node) && typeof last === 'number') node.splice(last, 1);
    else delete node[last];
  }
  return copy;
}
