/**
 * CreateJob requests (SDK form) the engine tests start from: an MP4, an HLS pair, frame captures with
 * their MP4, a watermark and a GIF, each as MediaConvert's documentation describes them. Valid for AWS's
 * model and documented rules (the tests check it); tests edit sizes and inputs to keep runs short.
 */
import type { CreateJobCommandInput, Output, OutputGroup } from '@aws-sdk/client-mediaconvert';

const ROLE = 'arn:aws:iam::111122223333:role/MediaConvertRole';
const AUDIO_SELECTORS = { 'Audio Selector 1': { DefaultSelection: 'DEFAULT' as const } };

const aac = (bitrate: number): NonNullable<Output['AudioDescriptions']> => [
  {
    AudioSourceName: 'Audio Selector 1',
    CodecSettings: {
      Codec: 'AAC',
      AacSettings: {
        Bitrate: bitrate,
        CodingMode: 'CODING_MODE_2_0',
        SampleRate: 48000,
        CodecProfile: 'LC',
        RateControlMode: 'CBR',
      },
    },
  },
];

const fileGroup = (destination: string, outputs: Output[], name = 'File Group'): OutputGroup => ({
  Name: name,
  OutputGroupSettings: { Type: 'FILE_GROUP_SETTINGS', FileGroupSettings: { Destination: destination } },
  Outputs: outputs,
});

/** H.264 QVBR + AAC in MP4 with queue, metadata, acceleration and status updates. */
export function mp4Job(fileInput: string): CreateJobCommandInput {
  return {
    Role: ROLE,
    Queue: 'arn:aws:mediaconvert:us-east-1:111122223333:queues/Default',
    UserMetadata: { project: 'demo', assetId: 'a-0001' },
    AccelerationSettings: { Mode: 'PREFERRED' },
    StatusUpdateInterval: 'SECONDS_60',
    Priority: 0,
    Settings: {
      TimecodeConfig: { Source: 'ZEROBASED' },
      Inputs: [
        {
          FileInput: fileInput,
          TimecodeSource: 'ZEROBASED',
          AudioSelectors: AUDIO_SELECTORS,
          VideoSelector: {},
        },
      ],
      OutputGroups: [
        fileGroup('s3://out/mp4/', [
          {
            NameModifier: '_1080p',
            ContainerSettings: { Container: 'MP4', Mp4Settings: { MoovPlacement: 'PROGRESSIVE_DOWNLOAD' } },
            VideoDescription: {
              Width: 256,
              Height: 144,
              ScalingBehavior: 'DEFAULT',
              CodecSettings: {
                Codec: 'H_264',
                H264Settings: {
                  RateControlMode: 'QVBR',
                  MaxBitrate: 6_000_000,
                  QvbrSettings: { QvbrQualityLevel: 8 },
                  CodecProfile: 'HIGH',
                  CodecLevel: 'AUTO',
                  GopSize: 2,
                  GopSizeUnits: 'SECONDS',
                  FramerateControl: 'INITIALIZE_FROM_SOURCE',
                },
              },
            },
            AudioDescriptions: aac(128000),
          },
        ]),
      ],
    },
  };
}

/** Two H.264 renditions in one HLS group with GopSizeUnits AUTO, as AWS asks for HLS outputs. */
export function hlsJob(fileInput: string): CreateJobCommandInput {
  const rendition = (modifier: string, width: number, height: number, maxBitrate: number): Output => ({
    NameModifier: modifier,
    ContainerSettings: { Container: 'M3U8', M3u8Settings: {} },
    OutputSettings: { HlsSettings: {} },
    VideoDescription: {
      Width: width,
      Height: height,
      CodecSettings: {
        Codec: 'H_264',
        H264Settings: {
          RateControlMode: 'QVBR',
          MaxBitrate: maxBitrate,
          QvbrSettings: { QvbrQualityLevel: 7 },
          GopSizeUnits: 'AUTO',
          CodecProfile: 'HIGH',
          CodecLevel: 'AUTO',
        },
      },
    },
    AudioDescriptions: aac(96000),
  });
  return {
    Role: ROLE,
    Settings: {
      Inputs: [
        {
          FileInput: fileInput,
          AudioSelectors: AUDIO_SELECTORS,
          VideoSelector: {},
          TimecodeSource: 'ZEROBASED',
        },
      ],
      OutputGroups: [
        {
          Name: 'Apple HLS',
          OutputGroupSettings: {
            Type: 'HLS_GROUP_SETTINGS',
            HlsGroupSettings: {
              Destination: 's3://out/hls/feature/index',
              SegmentLength: 1,
              MinSegmentLength: 0,
              SegmentControl: 'SEGMENTED_FILES',
              DirectoryStructure: 'SINGLE_DIRECTORY',
              ManifestDurationFormat: 'INTEGER',
              OutputSelection: 'MANIFESTS_AND_SEGMENTS',
              CodecSpecification: 'RFC_6381',
              StreamInfResolution: 'INCLUDE',
            },
          },
          Outputs: [rendition('_1080p', 320, 180, 5_000_000), rendition('_720p', 160, 90, 3_000_000)],
        },
      ],
    },
  };
}

/** JPEG frame captures, one per second, in a job with a regular MP4 output (frame captures need one). */
export function frameCaptureJob(fileInput: string): CreateJobCommandInput {
  return {
    Role: ROLE,
    StatusUpdateInterval: 'SECONDS_10',
    Settings: {
      Inputs: [{ FileInput: fileInput, VideoSelector: {}, AudioSelectors: AUDIO_SELECTORS }],
      OutputGroups: [
        fileGroup(
          's3://out/thumbs/talk',
          [
            {
              NameModifier: '_thumb',
              Extension: 'jpg',
              ContainerSettings: { Container: 'RAW' },
              VideoDescription: {
                Width: 160,
                Height: 90,
                ScalingBehavior: 'FIT',
                CodecSettings: {
                  Codec: 'FRAME_CAPTURE',
                  FrameCaptureSettings: {
                    FramerateNumerator: 1,
                    FramerateDenominator: 1,
                    MaxCaptures: 30,
                    Quality: 80,
                  },
                },
              },
            },
          ],
          'Thumbnails',
        ),
        fileGroup('s3://out/mp4/talk', [
          {
            NameModifier: '_180p',
            ContainerSettings: { Container: 'MP4', Mp4Settings: {} },
            VideoDescription: {
              Width: 320,
              Height: 180,
              CodecSettings: {
                Codec: 'H_264',
                H264Settings: {
                  RateControlMode: 'QVBR',
                  MaxBitrate: 1_000_000,
                  QvbrSettings: { QvbrQualityLevel: 8 },
                },
              },
            },
            AudioDescriptions: aac(96000),
          },
        ]),
      ],
    },
  };
}

/** A PNG overlaid with position, size, opacity, start, duration and fades, at 29.97 fps. */
export function watermarkJob(fileInput: string, image: string): CreateJobCommandInput {
  return {
    Role: ROLE,
    Tags: { team: 'video' },
    Settings: {
      Inputs: [{ FileInput: fileInput, VideoSelector: {}, AudioSelectors: AUDIO_SELECTORS }],
      OutputGroups: [
        fileGroup('s3://out/watermarked/', [
          {
            NameModifier: '_wm',
            ContainerSettings: { Container: 'MP4', Mp4Settings: {} },
            VideoDescription: {
              Width: 320,
              Height: 180,
              VideoPreprocessors: {
                ImageInserter: {
                  InsertableImages: [
                    {
                      ImageInserterInput: image,
                      ImageX: 200,
                      ImageY: 40,
                      Width: 100,
                      Height: 40,
                      Layer: 1,
                      Opacity: 60,
                      StartTime: '00:00:00:15', // 0.6 s
                      Duration: 800, // visible (after a 0.2 s fade-in) until 1.4 s, then fades out by 1.6 s
                      FadeIn: 200,
                      FadeOut: 200,
                    },
                  ],
                },
              },
              CodecSettings: {
                Codec: 'H_264',
                H264Settings: {
                  RateControlMode: 'CBR',
                  Bitrate: 4_000_000,
                  CodecProfile: 'MAIN',
                  FramerateControl: 'SPECIFIED',
                  FramerateNumerator: 30000,
                  FramerateDenominator: 1001,
                  FramerateConversionAlgorithm: 'DUPLICATE_DROP',
                },
              },
            },
            AudioDescriptions: aac(128000),
          },
        ]),
      ],
    },
  };
}

/** A 10 fps GIF of a clipped input, Width only (the height follows the aspect ratio). */
export function gifJob(fileInput: string): CreateJobCommandInput {
  return {
    Role: ROLE,
    Settings: {
      Inputs: [
        {
          FileInput: fileInput,
          VideoSelector: {},
          InputClippings: [{ StartTimecode: '00:00:00:10', EndTimecode: '00:00:01:09' }], // 1.0 s
          TimecodeSource: 'ZEROBASED',
        },
      ],
      OutputGroups: [
        fileGroup(
          's3://out/gif/',
          [
            {
              NameModifier: '_preview',
              ContainerSettings: { Container: 'GIF' },
              VideoDescription: {
                Width: 160,
                CodecSettings: {
                  Codec: 'GIF',
                  GifSettings: {
                    FramerateControl: 'SPECIFIED',
                    FramerateNumerator: 10,
                    FramerateDenominator: 1,
                    FramerateConversionAlgorithm: 'DUPLICATE_DROP',
                  },
                },
              },
            },
          ],
          'GIF',
        ),
      ],
    },
  };
}
