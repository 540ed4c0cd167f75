/**
 * Realistic Rekognition and Transcribe requests and responses (SDK v3 form), valid against AWS's models.
 * Each call builds a fresh object, so tests may edit what they get.
 */

export const REKOGNITION = 'com.amazonaws.rekognition';
export const TRANSCRIBE = 'com.amazonaws.transcribe';

const video = () => ({ S3Object: { Bucket: 'mps-input-bucket', Name: 'uploads/clip 01.mp4' } });
const notification = () => ({
  SNSTopicArn: 'arn:aws:sns:eu-west-1:123456789012:AmazonRekognitionMps',
  RoleArn: 'arn:aws:iam::123456789012:role/MpsRekognitionPublish',
});

export const startContentModeration = () => ({
  Video: video(),
  MinConfidence: 60.5,
  ClientRequestToken: 'task-42_moderation',
  NotificationChannel: notification(),
  JobTag: 'mps:task-42',
});

export const startLabelDetection = () => ({
  Video: video(),
  MinConfidence: 70,
  Features: ['GENERAL_LABELS'],
  Settings: {
    GeneralLabels: { LabelInclusionFilters: ['Person', 'Car'], LabelCategoryExclusionFilters: [] },
  },
  NotificationChannel: notification(),
});

export const startTextDetection = () => ({
  Video: video(),
  Filters: {
    WordFilter: { MinConfidence: 80, MinBoundingBoxHeight: 0.05, MinBoundingBoxWidth: 0.02 },
    RegionsOfInterest: [{ BoundingBox: { Width: 1, Height: 0.2, Left: 0, Top: 0.8 } }],
  },
});

export const startSegmentDetection = () => ({
  Video: video(),
  SegmentTypes: ['TECHNICAL_CUE', 'SHOT'],
  Filters: {
    TechnicalCueFilter: {
      MinSegmentConfidence: 80,
      BlackFrame: { MaxPixelThreshold: 0.2, MinCoveragePercentage: 99 },
    },
    ShotFilter: { MinSegmentConfidence: 60 },
  },
});

export const startTranscriptionJob = () => ({
  TranscriptionJobName: 'mps-task-42.transcript_1',
  LanguageCode: 'en-US',
  MediaFormat: 'mp4',
  Media: { MediaFileUri: 's3://mps-input-bucket/uploads/clip.mp4' },
  OutputBucketName: 'mps-output-bucket',
  OutputKey: 'tasks/42/transcript.json',
  Settings: { ShowSpeakerLabels: true, MaxSpeakerLabels: 4 },
  Subtitles: { Formats: ['vtt', 'srt'], OutputStartIndex: 1 },
  Tags: [{ Key: 'mps:task', Value: '42' }],
});

const videoMetadata = () => ({
  Codec: 'h264',
  DurationMillis: 30030,
  Format: 'QuickTime / MOV',
  FrameRate: 29.97,
  FrameHeight: 1080,
  FrameWidth: 1920,
  ColorRange: 'LIMITED',
});

export const getContentModerationResponse = () => ({
  JobStatus: 'SUCCEEDED',
  VideoMetadata: videoMetadata(),
  ModerationLabels: [
    {
      Timestamp: 2002,
      ModerationLabel: { Confidence: 92.35, Name: 'Weapons', ParentName: 'Violence', TaxonomyLevel: 2 },
      StartTimestampMillis: 2002,
      EndTimestampMillis: 2502,
      DurationMillis: 500,
      ContentTypes: [{ Confidence: 88.1, Name: 'Animated' }],
    },
  ],
  ModerationModelVersion: '7.0',
  JobId: 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2',
  Video: video(),
  JobTag: 'mps:task-42',
  GetRequestMetadata: { SortBy: 'TIMESTAMP', AggregateBy: 'TIMESTAMPS' },
});

export const getSegmentDetectionResponse = () => ({
  JobStatus: 'SUCCEEDED',
  VideoMetadata: [videoMetadata()],
  AudioMetadata: [{ Codec: 'aac', DurationMillis: 30030, SampleRate: 48000, NumberOfChannels: 2 }],
  Segments: [
    {
      Type: 'TECHNICAL_CUE',
      StartTimestampMillis: 0,
      EndTimestampMillis: 1001,
      DurationMillis: 1001,
      StartTimecodeSMPTE: '00:00:00;00',
      EndTimecodeSMPTE: '00:00:01;00',
      DurationSMPTE: '00:00:01;00',
      TechnicalCueSegment: { Type: 'BlackFrames', Confidence: 99.1 },
      StartFrameNumber: 0,
      EndFrameNumber: 30,
      DurationFrames: 30,
    },
    {
      Type: 'SHOT',
      StartTimestampMillis: 1001,
      EndTimestampMillis: 30030,
      DurationMillis: 29029,
      StartTimecodeSMPTE: '00:00:01;00',
      EndTimecodeSMPTE: '00:00:30;00',
      DurationSMPTE: '00:00:29;00',
      ShotSegment: { Index: 0, Confidence: 97.5 },
      StartFrameNumber: 30,
      EndFrameNumber: 900,
      DurationFrames: 870,
    },
  ],
  SelectedSegmentTypes: [
    { Type: 'TECHNICAL_CUE', ModelVersion: '2.0' },
    { Type: 'SHOT', ModelVersion: '1.0' },
  ],
  JobId: 'b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3',
  Video: video(),
});

export const getTranscriptionJobResponse = () => ({
  TranscriptionJob: {
    TranscriptionJobName: 'mps-task-42.transcript_1',
    TranscriptionJobStatus: 'COMPLETED',
    LanguageCode: 'en-US',
    MediaSampleRateHertz: 48000,
    MediaFormat: 'mp4',
    Media: { MediaFileUri: 's3://mps-input-bucket/uploads/clip.mp4' },
    Transcript: {
      TranscriptFileUri: 'https://s3.eu-west-1.amazonaws.com/mps-output-bucket/tasks/42/transcript.json',
    },
    StartTime: new Date('2026-11-29T03:00:01.250Z'),
    CreationTime: new Date('2026-11-29T03:00:00.900Z'),
    CompletionTime: new Date('2026-11-29T03:01:12.031Z'),
    Settings: {
      ShowSpeakerLabels: true,
      MaxSpeakerLabels: 4,
      ChannelIdentification: false,
      ShowAlternatives: false,
    },
    Subtitles: {
      Formats: ['vtt', 'srt'],
      SubtitleFileUris: [
        'https://s3.eu-west-1.amazonaws.com/mps-output-bucket/tasks/42/transcript.vtt',
        'https://s3.eu-west-1.amazonaws.com/mps-output-bucket/tasks/42/transcript.srt',
      ],
      OutputStartIndex: 1,
    },
    Tags: [{ Key: 'mps:task', Value: '42' }],
  },
});
