/**
 * Allow-list of the CreateJob members the local engine renders (or may safely ignore). Anything else
 * fails the job with an error naming the member's path, so that no setting that changes the output is
 * silently dropped. Cross-field rules (codec vs container…) are checked where the ffmpeg arguments are
 * built.
 */
import { unsupported } from './errors';

/** true: any value; string[]: only these values; object: a structure; $list / $map: elements. */
type Spec = true | readonly string[] | { $list: Spec } | { $map: Spec } | { [member: string]: Spec };

/** Operational members (queueing, billing, acceleration, storage class…): accepted, no effect locally. */
const ANY: Spec = true;

const FRAMERATE: Record<string, Spec> = {
  FramerateControl: ['INITIALIZE_FROM_SOURCE', 'SPECIFIED'],
  FramerateNumerator: ANY,
  FramerateDenominator: ANY,
  FramerateConversionAlgorithm: ['DUPLICATE_DROP'],
};

/** Encoder tuning hints: they change quality/speed trade-offs, not the output's format or timing. */
const TUNING: Record<string, Spec> = {
  QualityTuningLevel: ANY,
  SceneChangeDetect: ANY,
  AdaptiveQuantization: ANY,
  SpatialAdaptiveQuantization: ANY,
  TemporalAdaptiveQuantization: ANY,
  FlickerAdaptiveQuantization: ANY,
  NumberReferenceFrames: ANY,
  NumberBFramesBetweenReferenceFrames: ANY,
  GopBReference: ANY,
  GopClosedCadence: ANY,
  MinIInterval: ANY,
  HrdBufferSize: ANY,
  HrdBufferInitialFillPercentage: ANY,
  Slices: ANY,
  Softness: ANY,
  EntropyEncoding: ANY,
  DynamicSubGop: ANY,
  ParControl: ['INITIALIZE_FROM_SOURCE'],
  InterlaceMode: ['PROGRESSIVE'],
};

const GOP: Record<string, Spec> = { GopSize: ANY, GopSizeUnits: ['FRAMES', 'SECONDS', 'AUTO'] };
const QVBR: Record<string, Spec> = {
  QvbrSettings: { QvbrQualityLevel: ANY, QvbrQualityLevelFineTune: ANY, MaxAverageBitrate: ANY },
};

const H264: Spec = {
  ...FRAMERATE,
  ...TUNING,
  ...GOP,
  ...QVBR,
  RateControlMode: ['CBR', 'VBR', 'QVBR'],
  Bitrate: ANY,
  MaxBitrate: ANY,
  CodecProfile: ['BASELINE', 'MAIN', 'HIGH'],
  CodecLevel: ANY,
  Syntax: ['DEFAULT'],
  Telecine: ['NONE'],
  UnregisteredSeiTimecode: ['DISABLED'],
  RepeatPps: ANY,
};

const H265: Spec = {
  ...FRAMERATE,
  ...TUNING,
  ...GOP,
  ...QVBR,
  RateControlMode: ['CBR', 'VBR', 'QVBR'],
  Bitrate: ANY,
  MaxBitrate: ANY,
  CodecProfile: ['MAIN_MAIN'],
  CodecLevel: ['AUTO'],
  Tiles: ANY,
  WriteMp4PackagingType: ['HVC1', 'HEV1'],
  AlternateTransferFunctionSei: ['DISABLED'],
  Telecine: ['NONE'],
  UnregisteredSeiTimecode: ['DISABLED'],
};

const VP9: Spec = {
  ...FRAMERATE,
  ...GOP,
  RateControlMode: ['VBR'],
  Bitrate: ANY,
  MaxBitrate: ANY,
  QualityTuningLevel: ANY,
  HrdBufferSize: ANY,
  ParControl: ['INITIALIZE_FROM_SOURCE'],
};

const AV1: Spec = {
  ...FRAMERATE,
  ...QVBR,
  GopSize: ANY,
  RateControlMode: ['QVBR'],
  MaxBitrate: ANY,
  BitDepth: ['BIT_8'],
  AdaptiveQuantization: ANY,
  SpatialAdaptiveQuantization: ANY,
  NumberBFramesBetweenReferenceFrames: ANY,
  Slices: ANY,
};

const IMAGE: Spec = {
  ImageInserterInput: ANY,
  ImageX: ANY,
  ImageY: ANY,
  Width: ANY,
  Height: ANY,
  Opacity: ANY,
  StartTime: ANY,
  Duration: ANY,
  FadeIn: ANY,
  FadeOut: ANY,
  Layer: ANY,
};

const VIDEO: Spec = {
  Width: ANY,
  Height: ANY,
  ScalingBehavior: ['DEFAULT', 'STRETCH_TO_OUTPUT', 'FIT', 'FIT_NO_UPSCALE', 'FILL'],
  AntiAlias: ANY,
  Sharpness: ANY,
  RespondToAfd: ['NONE'],
  AfdSignaling: ['NONE'],
  DropFrameTimecode: ANY,
  TimecodeInsertion: ['DISABLED'],
  ColorMetadata: ANY,
  VideoPreprocessors: { ImageInserter: { InsertableImages: { $list: IMAGE } } },
  CodecSettings: {
    Codec: ['H_264', 'H_265', 'VP9', 'AV1', 'GIF', 'FRAME_CAPTURE'],
    H264Settings: H264,
    H265Settings: H265,
    Vp9Settings: VP9,
    Av1Settings: AV1,
    GifSettings: FRAMERATE,
    FrameCaptureSettings: {
      FramerateNumerator: ANY,
      FramerateDenominator: ANY,
      MaxCaptures: ANY,
      Quality: ANY,
    },
  },
};

const AUDIO: Spec = {
  AudioSourceName: ANY,
  AudioTypeControl: ANY,
  LanguageCodeControl: ANY,
  CodecSettings: {
    Codec: ['AAC', 'MP3', 'OPUS'],
    AacSettings: {
      Bitrate: ANY,
      CodingMode: ['CODING_MODE_1_0', 'CODING_MODE_2_0', 'CODING_MODE_5_1'],
      SampleRate: ANY,
      CodecProfile: ['LC'],
      RateControlMode: ['CBR', 'VBR'],
      RawFormat: ['NONE'],
      Specification: ['MPEG4'],
      AudioDescriptionBroadcasterMix: ['NORMAL'],
    },
    Mp3Settings: { Bitrate: ANY, Channels: ANY, SampleRate: ANY, RateControlMode: ['CBR'] },
    OpusSettings: { Bitrate: ANY, Channels: ANY, SampleRate: ANY },
  },
};

const M3U8: Spec = {
  AudioFramesPerPes: ANY,
  PcrControl: ANY,
  PcrPid: ANY,
  PmtPid: ANY,
  PrivateMetadataPid: ANY,
  ProgramNumber: ANY,
  PatInterval: ANY,
  PmtInterval: ANY,
  VideoPid: ANY,
  AudioPids: ANY,
  TransportStreamId: ANY,
  Scte35Source: ['NONE'],
  NielsenId3: ['NONE'],
  TimedMetadata: ['NONE'],
  AudioDuration: ANY,
};

const OUTPUT: Spec = {
  NameModifier: ANY,
  Extension: ANY,
  ContainerSettings: {
    Container: ['MP4', 'MOV', 'WEBM', 'RAW', 'GIF', 'M3U8'],
    Mp4Settings: {
      MoovPlacement: ['PROGRESSIVE_DOWNLOAD', 'NORMAL'],
      CslgAtom: ANY,
      FreeSpaceBox: ANY,
      AudioDuration: ANY,
      Mp4MajorBrand: ANY,
    },
    MovSettings: { ClapAtom: ANY, CslgAtom: ANY, PaddingControl: ANY, Reference: ['SELF_CONTAINED'] },
    M3u8Settings: M3U8,
  },
  OutputSettings: {
    HlsSettings: {
      IFrameOnlyManifest: ['EXCLUDE'],
      AudioTrackType: ANY,
      AudioGroupId: ANY,
      AudioOnlyContainer: ['AUTOMATIC'],
    },
  },
  VideoDescription: VIDEO,
  AudioDescriptions: { $list: AUDIO },
};

const DESTINATION_SETTINGS: Spec = { S3Settings: { StorageClass: ANY, AccessControl: ANY, Encryption: ANY } };

const GROUP: Spec = {
  Name: ANY,
  CustomName: ANY,
  OutputGroupSettings: {
    Type: ['FILE_GROUP_SETTINGS', 'HLS_GROUP_SETTINGS'],
    FileGroupSettings: { Destination: ANY, DestinationSettings: DESTINATION_SETTINGS },
    HlsGroupSettings: {
      Destination: ANY,
      DestinationSettings: DESTINATION_SETTINGS,
      SegmentLength: ANY,
      MinSegmentLength: ANY,
      MinFinalSegmentLength: ANY,
      SegmentLengthControl: ['EXACT', 'GOP_MULTIPLE'],
      SegmentControl: ['SEGMENTED_FILES'],
      DirectoryStructure: ['SINGLE_DIRECTORY'],
      ManifestDurationFormat: ['INTEGER', 'FLOATING_POINT'],
      OutputSelection: ['MANIFESTS_AND_SEGMENTS'],
      CodecSpecification: ANY,
      StreamInfResolution: ['INCLUDE', 'EXCLUDE'],
      ProgramDateTime: ['EXCLUDE'],
      ClientCache: ANY,
      ManifestCompression: ['NONE'],
      TargetDurationCompatibilityMode: ANY,
      TimedMetadataId3Frame: ANY,
      ProgressiveWriteHlsManifest: ANY,
    },
  },
  Outputs: { $list: OUTPUT },
};

const INPUT: Spec = {
  FileInput: ANY,
  InputClippings: { $list: { StartTimecode: ANY, EndTimecode: ANY } },
  TimecodeSource: ['ZEROBASED', 'EMBEDDED'],
  VideoSelector: {},
  AudioSelectors: { $map: { DefaultSelection: ['DEFAULT', 'NOT_DEFAULT'] } },
};

export const CREATE_JOB_SPEC: Spec = {
  Role: ANY,
  Queue: ANY,
  UserMetadata: ANY,
  AccelerationSettings: ANY,
  StatusUpdateInterval: ANY,
  Priority: ANY,
  BillingTagsSource: ANY,
  Tags: ANY,
  ClientRequestToken: ANY,
  HopDestinations: ANY,
  SimulateReservedQueue: ANY,
  JobEngineVersion: ANY,
  Settings: {
    TimecodeConfig: { Source: ANY },
    Inputs: { $list: INPUT },
    OutputGroups: { $list: GROUP },
  },
};

/** Throws EngineError (code 1999) naming the first member or value the local engine does not support. */
export function checkSupported(value: unknown, spec: Spec = CREATE_JOB_SPEC, path = ''): void {
  if (value === undefined || value === null || spec === true) return;
  if (Array.isArray(spec)) {
    if (!spec.includes(value as string)) {
      throw unsupported(
        path,
        `value ${JSON.stringify(value)} is not supported (supported: ${spec.join(', ')})`,
      );
    }
    return;
  }
  if ('$list' in spec) {
    if (!Array.isArray(value)) throw unsupported(path, 'expected a list');
    value.forEach((v, i) => checkSupported(v, (spec as { $list: Spec }).$list, `${path}[${i}]`));
    return;
  }
  if (typeof value !== 'object') throw unsupported(path, 'expected an object');
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const childPath = path ? `${path}.${key}` : key;
    if ('$map' in spec) {
      checkSupported(v, (spec as { $map: Spec }).$map, childPath);
      continue;
    }
    const child = (spec as Record<string, Spec>)[key];
    if (child === undefined) {
      if (v === undefined || v === null) continue;
      throw unsupported(childPath, 'this setting is not supported');
    }
    checkSupported(v, child, childPath);
  }
}
