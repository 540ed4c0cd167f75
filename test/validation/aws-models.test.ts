/** Requests and responses checked against the vendored Rekognition and Transcribe models (and MediaConvert's). */
import {
  AWS_MODEL_FILES,
  awsShapeById,
  checkAgainstAwsModel,
  checkAgainstModel,
  loadAwsModel,
} from '../../local/engine/validation/model';
import {
  getContentModerationResponse,
  getSegmentDetectionResponse,
  getTranscriptionJobResponse,
  REKOGNITION,
  startContentModeration,
  startLabelDetection,
  startSegmentDetection,
  startTextDetection,
  startTranscriptionJob,
  TRANSCRIBE,
} from './aws-fixtures';
import { mp4Job } from './fixtures';

const MODERATION = `${REKOGNITION}#StartContentModerationRequest`;
const LABELS = `${REKOGNITION}#StartLabelDetectionRequest`;
const TEXT = `${REKOGNITION}#StartTextDetectionRequest`;
const SEGMENTS = `${REKOGNITION}#StartSegmentDetectionRequest`;
const TRANSCRIPTION = `${TRANSCRIBE}#StartTranscriptionJobRequest`;

describe('the vendored AWS models', () => {
  it('loads each model by namespace, once', () => {
    expect(Object.keys(AWS_MODEL_FILES).sort()).toEqual([
      'com.amazonaws.mediaconvert',
      'com.amazonaws.rekognition',
      'com.amazonaws.transcribe',
    ]);
    for (const namespace of Object.keys(AWS_MODEL_FILES)) {
      const model = loadAwsModel(namespace);
      expect(model.smithy).toBe('2.0');
      expect(loadAwsModel(namespace)).toBe(model);
    }
    expect(awsShapeById(MODERATION)).toBe(awsShapeById(MODERATION));
  });

  it('refuses relative ids, unknown namespaces and unknown shapes', () => {
    expect(() => checkAgainstAwsModel({}, 'StartContentModerationRequest')).toThrow(
      'not an absolute shape id',
    );
    expect(() => checkAgainstAwsModel({}, 'com.amazonaws.s3#PutObjectRequest')).toThrow(
      'no vendored AWS model for namespace com.amazonaws.s3',
    );
    expect(() => checkAgainstAwsModel({}, `${REKOGNITION}#NoSuchShape`)).toThrow(
      `unknown shape NoSuchShape in the ${REKOGNITION} model`,
    );
  });

  it('still checks MediaConvert requests, by absolute id or through the old API', () => {
    expect(checkAgainstAwsModel(mp4Job(), 'com.amazonaws.mediaconvert#CreateJobRequest')).toEqual([]);
    expect(checkAgainstModel({ Role: 'r' }, 'CreateJobRequest')).toEqual([
      { path: '$.Settings', message: 'missing required member "Settings" of CreateJobRequest' },
    ]);
  });
});

describe('Rekognition Video requests', () => {
  it('accepts realistic Start* requests', () => {
    expect(checkAgainstAwsModel(startContentModeration(), MODERATION)).toEqual([]);
    expect(checkAgainstAwsModel(startLabelDetection(), LABELS)).toEqual([]);
    expect(checkAgainstAwsModel(startTextDetection(), TEXT)).toEqual([]);
    expect(checkAgainstAwsModel(startSegmentDetection(), SEGMENTS)).toEqual([]);
  });

  it('checks the client request token pattern, MinConfidence range and the required Video', () => {
    const request = {
      ...startContentModeration(),
      ClientRequestToken: 'task-42.moderation',
      MinConfidence: 100.5,
    };
    delete (request as Partial<typeof request>).Video;
    expect(checkAgainstAwsModel(request, MODERATION)).toEqual([
      { path: '$.MinConfidence', message: '100.5 is out of range; allowed: 0 to 100' },
      {
        path: '$.ClientRequestToken',
        message: '"task-42.moderation" does not match the pattern ^[a-zA-Z0-9-_]+$',
      },
      { path: '$.Video', message: 'missing required member "Video" of StartContentModerationRequest' },
    ]);
  });

  it('checks notification ARNs, S3 bucket names and label features', () => {
    const request = startLabelDetection();
    request.NotificationChannel = { ...request.NotificationChannel, RoleArn: 'MpsRekognitionPublish' };
    request.Video = { S3Object: { ...request.Video.S3Object, Bucket: 'my bucket' } };
    request.Features = ['GENERAL_LABELS', 'GENERAL_LABELS'];
    expect(checkAgainstAwsModel(request, LABELS)).toEqual([
      {
        path: '$.Video.S3Object.Bucket',
        message: '"my bucket" does not match the pattern ^[0-9A-Za-z\\.\\-_]*$',
      },
      { path: '$.Features', message: 'has 2 items; allowed: 0 to 1' },
      {
        path: '$.NotificationChannel.RoleArn',
        message:
          '"MpsRekognitionPublish" does not match the pattern ^arn:aws:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+$',
      },
    ]);
  });

  it('checks text detection filters: float ranges, types and the regions of interest', () => {
    const request = startTextDetection();
    request.Filters.WordFilter = { MinConfidence: -1, MinBoundingBoxHeight: 1.5, MinBoundingBoxWidth: 0.02 };
    request.Filters.RegionsOfInterest = [
      { BoundingBox: { Width: '1' as unknown as number, Height: 1, Left: 0, Top: 0 } },
    ];
    expect(checkAgainstAwsModel(request, TEXT)).toEqual([
      { path: '$.Filters.WordFilter.MinConfidence', message: '-1 is out of range; allowed: 0 to 100' },
      { path: '$.Filters.WordFilter.MinBoundingBoxHeight', message: '1.5 is out of range; allowed: 0 to 1' },
      {
        path: '$.Filters.RegionsOfInterest[0].BoundingBox.Width',
        message: 'expected a finite number (Float), got string "1"',
      },
    ]);
  });

  it('requires SegmentTypes and checks segment types and confidences', () => {
    const { SegmentTypes: _omitted, ...withoutTypes } = startSegmentDetection();
    expect(checkAgainstAwsModel(withoutTypes, SEGMENTS)).toEqual([
      {
        path: '$.SegmentTypes',
        message: 'missing required member "SegmentTypes" of StartSegmentDetectionRequest',
      },
    ]);
    const request = startSegmentDetection();
    request.SegmentTypes = ['SHOTS'];
    request.Filters.ShotFilter.MinSegmentConfidence = 40;
    expect(checkAgainstAwsModel({ ...request, SegmentTypes: [] }, SEGMENTS)[0]).toEqual({
      path: '$.SegmentTypes',
      message: 'has 0 items; allowed: at least 1',
    });
    expect(checkAgainstAwsModel(request, SEGMENTS)).toEqual([
      {
        path: '$.SegmentTypes[0]',
        message: '"SHOTS" is not a valid SegmentType (did you mean "SHOT"?); allowed: TECHNICAL_CUE, SHOT',
      },
      {
        path: '$.Filters.ShotFilter.MinSegmentConfidence',
        message: '40 is out of range; allowed: 50 to 100',
      },
    ]);
  });
});

describe('Transcribe requests', () => {
  it('accepts a realistic StartTranscriptionJob request', () => {
    expect(checkAgainstAwsModel(startTranscriptionJob(), TRANSCRIPTION)).toEqual([]);
  });

  it('checks the job name pattern, the subtitle formats and the language code', () => {
    const request = {
      ...startTranscriptionJob(),
      TranscriptionJobName: 'task 42/transcript',
      LanguageCode: 'en_US',
      Subtitles: { Formats: ['vtt', 'SRT'], OutputStartIndex: 2 },
    };
    expect(checkAgainstAwsModel(request, TRANSCRIPTION)).toEqual([
      {
        path: '$.TranscriptionJobName',
        message: '"task 42/transcript" does not match the pattern ^[0-9a-zA-Z._-]+$',
      },
      expect.objectContaining({
        path: '$.LanguageCode',
        message: expect.stringMatching(
          /^"en_US" is not a valid LanguageCode \(did you mean "en-US"\?\); allowed: af-ZA, /,
        ),
      }),
      {
        path: '$.Subtitles.Formats[1]',
        message: '"SRT" is not a valid SubtitleFormat (did you mean "srt"?); allowed: vtt, srt',
      },
      { path: '$.Subtitles.OutputStartIndex', message: '2 is out of range; allowed: 0 to 1' },
    ]);
  });

  it('requires the job name and Media, and checks media URIs, sample rates and tags', () => {
    const request = {
      ...startTranscriptionJob(),
      TranscriptionJobName: undefined,
      Media: { MediaFileUri: 'mps-input-bucket/clip.mp4' },
      MediaSampleRateHertz: 44100.5,
      Tags: [{ Key: 'mps:task' }],
    };
    expect(checkAgainstAwsModel(request, TRANSCRIPTION)).toEqual([
      {
        path: '$.Media.MediaFileUri',
        message: '"mps-input-bucket/clip.mp4" does not match the pattern ^(s3://|http(s*)://).+$',
      },
      { path: '$.Tags[0].Value', message: 'missing required member "Value" of Tag' },
      {
        path: '$.MediaSampleRateHertz',
        message: 'expected an integer (MediaSampleRateHertz), got 44100.5 (not a whole number)',
      },
      {
        path: '$.TranscriptionJobName',
        message: 'missing required member "TranscriptionJobName" of StartTranscriptionJobRequest',
      },
    ]);
    expect(checkAgainstAwsModel({ TranscriptionJobName: 'a', Media: {} }, TRANSCRIPTION)).toEqual([]);
  });
});

describe('responses', () => {
  it('accept realistic Get* responses', () => {
    expect(
      checkAgainstAwsModel(getContentModerationResponse(), `${REKOGNITION}#GetContentModerationResponse`),
    ).toEqual([]);
    expect(
      checkAgainstAwsModel(getSegmentDetectionResponse(), `${REKOGNITION}#GetSegmentDetectionResponse`),
    ).toEqual([]);
    expect(
      checkAgainstAwsModel(getTranscriptionJobResponse(), `${TRANSCRIBE}#GetTranscriptionJobResponse`),
    ).toEqual([]);
  });

  it('take Date timestamps, and find a status or a Rekognition millisecond time of the wrong type', () => {
    const response = getTranscriptionJobResponse();
    const job = { ...response.TranscriptionJob, TranscriptionJobStatus: 'DONE', CompletionTime: 'yesterday' };
    expect(
      checkAgainstAwsModel({ TranscriptionJob: job }, `${TRANSCRIBE}#GetTranscriptionJobResponse`),
    ).toEqual([
      {
        path: '$.TranscriptionJob.TranscriptionJobStatus',
        message:
          '"DONE" is not a valid TranscriptionJobStatus; allowed: QUEUED, IN_PROGRESS, FAILED, COMPLETED',
      },
      {
        path: '$.TranscriptionJob.CompletionTime',
        message:
          'expected a timestamp (Date, epoch seconds or date-time string) (DateTime), got string "yesterday"',
      },
    ]);
    const moderation = getContentModerationResponse();
    moderation.ModerationLabels[0]!.Timestamp = new Date(2002) as unknown as number;
    expect(checkAgainstAwsModel(moderation, `${REKOGNITION}#GetContentModerationResponse`)).toEqual([
      {
        path: '$.ModerationLabels[0].Timestamp',
        message: 'expected an integer (Timestamp), got Date 1970-01-01T00:00:02.002Z',
      },
    ]);
  });
});
