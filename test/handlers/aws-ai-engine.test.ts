/**
 * The AWS AI engine (lambdas/adapters/aws-ai-engine.ts) against Amazon Rekognition Video, Amazon
 * Transcribe and S3 mocked at the SDK (aws-sdk-client-mock) with the responses AWS documents: jobs
 * started once per subtask attempt, throttling left to the caller's retries, refusals as subtask
 * codes, IN_PROGRESS/FAILED/SUCCEEDED parts, paginated results written as outputs.
 */
import {
  GetContentModerationCommand,
  GetLabelDetectionCommand,
  GetSegmentDetectionCommand,
  GetTextDetectionCommand,
  InvalidS3ObjectException,
  LimitExceededException,
  RekognitionClient,
  ResourceNotFoundException,
  StartContentModerationCommand,
  StartLabelDetectionCommand,
  StartSegmentDetectionCommand,
  StartTextDetectionCommand,
  ThrottlingException,
} from '@aws-sdk/client-rekognition';
import type { CreateJobCommandInput, Job } from '@aws-sdk/client-mediaconvert';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  ConflictException,
  LimitExceededException as TranscribeLimitExceeded,
  GetTranscriptionJobCommand,
  StartTranscriptionJobCommand,
  TranscribeClient,
} from '@aws-sdk/client-transcribe';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsAiEngine, type AwsAiEngineDeps } from '../../lambdas/adapters/aws-ai-engine';
import type { AiJobStateDetail } from '../../lambdas/core/ai/ai-job-event';
import { transcribeJobNamePrefix } from '../../lambdas/contract';
import type { AiJobRequest } from '../../lambdas/core/ai/ai-request';
import { parseAwsAiJobId } from '../../lambdas/core/ai/aws/aws-ai-job';
import { MpsError } from '../../lambdas/core/errors';
import { modelViolationsOfCalls } from '../support/aws-model-calls';

const rekognition = mockClient(RekognitionClient);
const transcribe = mockClient(TranscribeClient);
const s3 = mockClient(S3Client);

const SETTINGS = {
  stackId: 'MpsStack',
  notificationTopicArn: 'arn:aws:sns:eu-west-1:111111111111:mps-ai-jobs',
  notificationRoleArn: 'arn:aws:iam::111111111111:role/mps-rekognition',
  workBucket: 'mps-work',
};
const TASK = 't-20260301T100000Z-0123456789abcdef';
const TOKEN = `${TASK}.2.1`;
const JOB = (c: string) => c.repeat(64);
const NOW = new Date('2026-03-01T10:00:00Z');

function engine(
  outputOf: AwsAiEngineDeps['outputOf'] = async () => ({
    bucket: 'media-out',
    prefix: 'out/clip_x',
    input: { bucket: 'media-in', key: 'in/clip.mp4' },
  }),
) {
  return new AwsAiEngine({
    rekognition: new RekognitionClient({ region: 'eu-west-1', maxAttempts: 1 }),
    transcribe: new TranscribeClient({ region: 'eu-west-1', maxAttempts: 1 }),
    s3: new S3Client({ region: 'eu-west-1' }),
    settings: SETTINGS,
    outputOf,
    now: () => NOW,
  });
}

function request(settings: AiJobRequest['settings'], type: AiJobRequest['type']): AiJobRequest {
  return {
    clientToken: TOKEN,
    type,
    input: { bucket: 'media-in', key: 'in/clip.mp4' },
    output: { bucket: 'media-out', prefix: 'out/clip_x' },
    settings,
    userMetadata: { mpsStackId: 'MpsStack', mpsTaskId: TASK, mpsSubtasks: '2.1' },
  };
}

const REVIEW = request(
  { type: 'contentReview', sampleIntervalSeconds: 1, reviewThreshold: 50, blockThreshold: 85 },
  'ContentReview',
);
const RECOGNITION = request(
  { type: 'aiRecognition', ocr: true, speech: true, language: 'en-US', sampleIntervalSeconds: 1 },
  'AiRecognition',
);
const ANALYSIS = request(
  { type: 'aiAnalysis', shots: true, blackFrames: true, cover: true, labels: true },
  'AiAnalysis',
);
const COVER_ONLY = request(
  { type: 'aiAnalysis', shots: false, blackFrames: false, cover: true, labels: false },
  'AiAnalysis',
);

/** A GetObject body with the one method the engine reads it through. */
const body = (text: string) => ({ transformToString: async () => text });
const META = {
  VideoMetadata: { DurationMillis: 12_000, FrameRate: 25, Codec: 'h264', Format: 'QuickTime / MOV' },
};

/** What describe() wrote, by key. */
function written(): Record<string, { body: string; type?: string }> {
  return Object.fromEntries(
    s3
      .commandCalls(PutObjectCommand)
      .map((c) => [
        `${c.args[0].input.Bucket}/${c.args[0].input.Key}`,
        { body: String(c.args[0].input.Body), type: c.args[0].input.ContentType },
      ]),
  );
}

/**
 * Every request the engine sent fits its shape in AWS's model, and so does every response these tests
 * answered it with (the fixtures are realistic, not just convenient).
 */
afterEach(async () => {
  expect(
    await modelViolationsOfCalls([
      ['rekognition', rekognition],
      ['transcribe', transcribe],
    ]),
  ).toEqual([]);
});

beforeEach(() => {
  rekognition.reset();
  transcribe.reset();
  s3.reset();
  s3.on(PutObjectCommand).resolves({});
});

describe('start', () => {
  it('starts one Rekognition job per part and answers an id that lists them', async () => {
    rekognition.on(StartSegmentDetectionCommand).resolves({ JobId: JOB('a') });
    rekognition.on(StartLabelDetectionCommand).resolves({ JobId: JOB('b') });
    const { jobId } = await engine().start(ANALYSIS);
    expect(parseAwsAiJobId(jobId)).toEqual({
      token: TOKEN,
      at: NOW.getTime() / 1000,
      parts: { segments: JOB('a'), labels: JOB('b') },
      analysis: { shots: true, blackFrames: true, cover: true },
    });
    const segment = rekognition.commandCalls(StartSegmentDetectionCommand)[0]!.args[0].input;
    expect(segment).toMatchObject({
      Video: { S3Object: { Bucket: 'media-in', Name: 'in/clip.mp4' } },
      SegmentTypes: ['SHOT', 'TECHNICAL_CUE'],
      JobTag: TOKEN,
      NotificationChannel: {
        SNSTopicArn: SETTINGS.notificationTopicArn,
        RoleArn: SETTINGS.notificationRoleArn,
      },
    });
  });

  it('a redelivered start sends the same requests (same client tokens) and accepts the Transcribe job it already started', async () => {
    rekognition.on(StartTextDetectionCommand).resolves({ JobId: JOB('c') });
    transcribe
      .on(StartTranscriptionJobCommand)
      .resolvesOnce({
        TranscriptionJob: {
          TranscriptionJobName: `${transcribeJobNamePrefix('MpsStack')}${TOKEN}`,
          TranscriptionJobStatus: 'IN_PROGRESS',
        },
      })
      .rejects(new ConflictException({ message: 'The requested job name already exists.', $metadata: {} }));
    const first = await engine().start(RECOGNITION);
    const second = await engine().start(RECOGNITION);
    expect(second).toEqual(first);
    const tokens = rekognition
      .commandCalls(StartTextDetectionCommand)
      .map((c) => c.args[0].input.ClientRequestToken);
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).toBe(tokens[1]);
    expect(parseAwsAiJobId(first.jobId)!.parts).toEqual({
      text: JOB('c'),
      speech: `${transcribeJobNamePrefix('MpsStack')}${TOKEN}`,
    });
  });

  it('throttling and the concurrent-job limit are thrown as they are, for the caller to retry', async () => {
    rekognition
      .on(StartContentModerationCommand)
      .rejectsOnce(new ThrottlingException({ message: 'Slow down', $metadata: {} }))
      .rejects(new LimitExceededException({ message: 'too many concurrent jobs', $metadata: {} }));
    for (const name of ['ThrottlingException', 'LimitExceededException']) {
      const err = await engine()
        .start(REVIEW)
        .catch((e: unknown) => e);
      expect(err).not.toBeInstanceOf(MpsError);
      expect((err as Error).name).toBe(name);
    }
  });

  it('a source Rekognition cannot read fails the subtask with SourceFileError', async () => {
    rekognition
      .on(StartContentModerationCommand)
      .rejects(
        new InvalidS3ObjectException({ message: 'Unable to get object metadata from S3.', $metadata: {} }),
      );
    await expect(engine().start(REVIEW)).rejects.toMatchObject({
      code: 'SourceFileError',
      message: expect.stringMatching(/StartContentModeration refused the job: Unable to get object metadata/),
    });
  });

  it("Transcribe's LimitExceededException for a file too long fails the subtask; for too many requests it is retried", async () => {
    rekognition.on(StartTextDetectionCommand).resolves({ JobId: JOB('c') });
    transcribe
      .on(StartTranscriptionJobCommand)
      .rejectsOnce(new TranscribeLimitExceeded({ message: 'Your input file is too long.', $metadata: {} }))
      .rejects(new TranscribeLimitExceeded({ message: 'You have sent too many requests.', $metadata: {} }));
    await expect(engine().start(RECOGNITION)).rejects.toMatchObject({
      code: 'SourceFileError',
      message: expect.stringMatching(/StartTranscriptionJob refused the job: Your input file is too long/),
    });
    const retried = await engine()
      .start(RECOGNITION)
      .catch((e: unknown) => e);
    expect(retried).not.toBeInstanceOf(MpsError);
    expect((retried as Error).name).toBe('LimitExceededException');
  });

  it('a cover alone starts segment detection (shots and black frames: where the cover is taken from)', async () => {
    rekognition.on(StartSegmentDetectionCommand).resolves({ JobId: JOB('a') });
    const { jobId } = await engine().start(COVER_ONLY);
    expect(parseAwsAiJobId(jobId)).toMatchObject({
      parts: { segments: JOB('a') },
      analysis: { shots: false, blackFrames: false, cover: true },
    });
    expect(rekognition.commandCalls(StartSegmentDetectionCommand)[0]!.args[0].input.SegmentTypes).toEqual([
      'SHOT',
      'TECHNICAL_CUE',
    ]);
  });
});

describe('describe', () => {
  async function started(req: AiJobRequest): Promise<string> {
    rekognition.on(StartContentModerationCommand).resolves({ JobId: JOB('m') });
    rekognition.on(StartTextDetectionCommand).resolves({ JobId: JOB('t') });
    rekognition.on(StartSegmentDetectionCommand).resolves({ JobId: JOB('s') });
    rekognition.on(StartLabelDetectionCommand).resolves({ JobId: JOB('l') });
    transcribe.on(StartTranscriptionJobCommand).resolves({});
    return (await engine().start(req)).jobId;
  }

  it('is RUNNING while a part is IN_PROGRESS or QUEUED', async () => {
    const jobId = await started(RECOGNITION);
    rekognition.on(GetTextDetectionCommand).resolves({ JobStatus: 'SUCCEEDED', ...META, TextDetections: [] });
    transcribe
      .on(GetTranscriptionJobCommand)
      .resolves({ TranscriptionJob: { TranscriptionJobStatus: 'QUEUED' } });
    expect(await engine().describe(jobId)).toEqual({ status: 'RUNNING', createdAt: NOW.toISOString() });
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('a FAILED part ends the subtask in ERROR with the reason, with a stable event id', async () => {
    const jobId = await started(REVIEW);
    rekognition
      .on(GetContentModerationCommand)
      .resolves({ JobStatus: 'FAILED', StatusMessage: 'Unsupported codec/format.' });
    const state = await engine().describe(jobId);
    expect(state?.status).toBe('ERROR');
    const event = state!.finalEvent as { id: string; source: string; detail: AiJobStateDetail };
    expect(event.source).toBe('mps.ai');
    expect(event.detail).toMatchObject({
      status: 'ERROR',
      engine: 'aws',
      errorCode: 'AiEngineError',
      errorMessage: expect.stringMatching(/moderation job m+ failed: Unsupported codec\/format\./),
      userMetadata: { mpsStackId: 'MpsStack', mpsTaskId: TASK, mpsSubtasks: '2.1' },
    });
    expect(((await engine().describe(jobId))!.finalEvent as { id: string }).id).toBe(event.id);
  });

  it('an unknown or expired job is unknown', async () => {
    const jobId = await started(REVIEW);
    rekognition
      .on(GetContentModerationCommand)
      .rejects(new ResourceNotFoundException({ message: 'not found', $metadata: {} }));
    expect(await engine().describe(jobId)).toBeUndefined();
    expect(await engine().describe('ai-local-1')).toBeUndefined();
  });

  it('moderation: reads every page and writes the review JSON with its verdict', async () => {
    const jobId = await started(REVIEW);
    const label = (at: number, name: string, confidence: number) => ({
      Timestamp: at,
      ModerationLabel: { Name: name, Confidence: confidence, ParentName: '', TaxonomyLevel: 1 },
    });
    rekognition
      .on(GetContentModerationCommand, { JobId: JOB('m'), MaxResults: 1 })
      .resolves({ JobStatus: 'SUCCEEDED', ...META })
      .on(GetContentModerationCommand, { JobId: JOB('m'), MaxResults: 1000, SortBy: 'TIMESTAMP' })
      .resolves({
        JobStatus: 'SUCCEEDED',
        ...META,
        ModerationLabels: [label(1000, 'Violence', 70)],
        NextToken: 'p2',
      })
      .on(GetContentModerationCommand, { JobId: JOB('m'), NextToken: 'p2' })
      .resolves({ JobStatus: 'SUCCEEDED', ...META, ModerationLabels: [label(6000, 'Explicit', 90)] });
    const state = await engine().describe(jobId);
    const detail = (state!.finalEvent as { detail: AiJobStateDetail }).detail;
    expect(detail).toMatchObject({
      status: 'COMPLETE',
      summary: { verdict: 'block', segments: 2, maxUnsafeLabel: 'Explicit', maxUnsafeConfidence: 90 },
      outputs: [{ bucket: 'media-out', key: 'out/clip_x.json', kind: 'reviewResult', container: 'json' }],
    });
    const json = JSON.parse(written()['media-out/out/clip_x.json']!.body) as Record<string, unknown>;
    expect(json).toMatchObject({
      type: 'ContentReview',
      engine: 'aws',
      verdict: 'block',
      durationSeconds: 12,
    });
    expect(detail.outputs![0]!.sizeBytes).toBe(
      Buffer.byteLength(written()['media-out/out/clip_x.json']!.body),
    );
  });

  it('recognition: OCR lines and the Transcribe transcript in the JSON, subtitles copied next to it', async () => {
    const jobId = await started(RECOGNITION);
    const name = `${transcribeJobNamePrefix('MpsStack')}${TOKEN}`;
    rekognition.on(GetTextDetectionCommand).resolves({
      JobStatus: 'SUCCEEDED',
      ...META,
      TextDetections: [
        {
          Timestamp: 2000,
          TextDetection: { DetectedText: 'MPS ON AWS', Type: 'LINE', Id: 0, Confidence: 99.2 },
        },
      ],
    });
    transcribe.on(GetTranscriptionJobCommand).resolves({
      TranscriptionJob: {
        TranscriptionJobName: name,
        TranscriptionJobStatus: 'COMPLETED',
        LanguageCode: 'en-US',
        Transcript: { TranscriptFileUri: `https://s3.eu-west-1.amazonaws.com/mps-work/ai/${name}.json` },
        Subtitles: {
          Formats: ['vtt', 'srt'],
          SubtitleFileUris: [
            `https://s3.eu-west-1.amazonaws.com/mps-work/ai/${name}.vtt`,
            `https://s3.eu-west-1.amazonaws.com/mps-work/ai/${name}.srt`,
          ],
          OutputStartIndex: 1,
        },
      },
    });
    const transcript = {
      jobName: name,
      status: 'COMPLETED',
      results: {
        transcripts: [{ transcript: 'Media processing on AWS.' }],
        items: [
          {
            type: 'pronunciation',
            start_time: '0.1',
            end_time: '0.5',
            alternatives: [{ confidence: '0.99', content: 'Media' }],
          },
          {
            type: 'pronunciation',
            start_time: '0.5',
            end_time: '1.0',
            alternatives: [{ confidence: '0.99', content: 'processing' }],
          },
          {
            type: 'pronunciation',
            start_time: '1.0',
            end_time: '1.2',
            alternatives: [{ confidence: '0.99', content: 'on' }],
          },
          {
            type: 'pronunciation',
            start_time: '1.2',
            end_time: '1.6',
            alternatives: [{ confidence: '0.99', content: 'AWS' }],
          },
          { type: 'punctuation', alternatives: [{ confidence: '0.0', content: '.' }] },
        ],
      },
    };
    const vtt = 'WEBVTT\n\n1\n00:00:00.100 --> 00:00:01.600\nMedia processing on AWS.\n';
    const srt = '1\n00:00:00,100 --> 00:00:01,600\nMedia processing on AWS.\n';
    s3.on(GetObjectCommand, { Bucket: 'mps-work', Key: `ai/${name}.json` }).callsFake(() => ({
      Body: body(JSON.stringify(transcript)),
    }));
    s3.on(GetObjectCommand, { Bucket: 'mps-work', Key: `ai/${name}.vtt` }).callsFake(() => ({
      Body: body(vtt),
    }));
    s3.on(GetObjectCommand, { Bucket: 'mps-work', Key: `ai/${name}.srt` }).callsFake(() => ({
      Body: body(srt),
    }));

    const detail = ((await engine().describe(jobId))!.finalEvent as { detail: AiJobStateDetail }).detail;
    expect(detail.summary).toEqual({ textSegments: 1, speechSegments: 1, words: 4 });
    expect(detail.outputs!.map((o) => [o.key, o.kind])).toEqual([
      ['out/clip_x.json', 'recognitionResult'],
      ['out/clip_x.vtt', 'subtitles'],
      ['out/clip_x.srt', 'subtitles'],
    ]);
    const files = written();
    expect(files['media-out/out/clip_x.vtt']).toEqual({ body: vtt, type: 'text/vtt' });
    expect(files['media-out/out/clip_x.srt']).toEqual({ body: srt, type: 'application/x-subrip' });
    const json = JSON.parse(files['media-out/out/clip_x.json']!.body) as {
      ocr: { segments: unknown[] };
      speech: { transcript: string; segments: unknown[] };
    };
    expect(json.ocr.segments).toEqual([{ text: 'MPS ON AWS', start: 2, end: 2, confidence: 99.2 }]);
    expect(json.speech).toMatchObject({
      engine: 'Amazon Transcribe',
      transcript: 'Media processing on AWS.',
      segments: [{ start: 0.1, end: 1.6, text: 'Media processing on AWS.' }],
    });
  });

  it('analysis: shots, black segments and labels over several pages; without MediaConvert the cover is marked NotAvailableOnAws', async () => {
    const jobId = await started(ANALYSIS);
    rekognition
      .on(GetSegmentDetectionCommand)
      .callsFake((input: { NextToken?: string; MaxResults?: number }) =>
        input.NextToken
          ? {
              JobStatus: 'SUCCEEDED',
              VideoMetadata: [META.VideoMetadata],
              Segments: [
                {
                  Type: 'TECHNICAL_CUE',
                  StartTimestampMillis: 2000,
                  EndTimestampMillis: 3040,
                  TechnicalCueSegment: { Type: 'BlackFrames', Confidence: 90 },
                },
              ],
            }
          : {
              JobStatus: 'SUCCEEDED',
              VideoMetadata: [META.VideoMetadata],
              Segments: [
                {
                  Type: 'SHOT',
                  StartTimestampMillis: 0,
                  EndTimestampMillis: 3000,
                  ShotSegment: { Index: 0, Confidence: 99 },
                },
                {
                  Type: 'SHOT',
                  StartTimestampMillis: 3040,
                  EndTimestampMillis: 12000,
                  ShotSegment: { Index: 1, Confidence: 98 },
                },
              ],
              ...(input.MaxResults === 1 ? {} : { NextToken: 'more' }),
            },
      );
    rekognition.on(GetLabelDetectionCommand).resolves({
      JobStatus: 'SUCCEEDED',
      ...META,
      Labels: [{ Timestamp: 0, Label: { Name: 'Outdoors', Confidence: 93, Parents: [], Categories: [] } }],
    });
    const detail = ((await engine().describe(jobId))!.finalEvent as { detail: AiJobStateDetail }).detail;
    expect(detail.summary).toEqual({
      shots: 2,
      blackSegments: 1,
      technicalCues: 0,
      labels: 1,
      cover: 'NotAvailableOnAws',
    });
    const json = JSON.parse(written()['media-out/out/clip_x.json']!.body) as Record<string, unknown>;
    expect(json).toMatchObject({
      type: 'AiAnalysis',
      durationSeconds: 12,
      blackSegments: [{ start: 2, end: 3.04, confidence: 90 }],
      cover: { key: null, available: false, code: 'NotAvailableOnAws' },
    });
    expect(
      rekognition.commandCalls(GetSegmentDetectionCommand).map((c) => c.args[0].input.NextToken),
    ).toEqual([
      undefined, // status
      undefined, // page 1
      'more', // page 2
    ]);
  });

  it('a task that no longer exists leaves the job unknown (nothing written)', async () => {
    const jobId = await started(REVIEW);
    rekognition
      .on(GetContentModerationCommand)
      .resolves({ JobStatus: 'SUCCEEDED', ...META, ModerationLabels: [] });
    expect(await engine(async () => undefined).describe(jobId)).toBeUndefined();
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });
});

describe('the cover (a MediaConvert frame capture at the middle of the longest non-black shot)', () => {
  const JOBS = {
    roleArn: 'arn:aws:iam::111111111111:role/mps-mediaconvert',
    stackId: 'MpsStack',
    workBucket: 'mps-work',
  };
  const MARKER = `ai/covers/${TOKEN}/job.json`;
  const FRAME = `ai/covers/${TOKEN}/cover.0000000.jpg`;
  const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]);
  /** Shots [0, 3) and [3.04, 12], black frames [2, 3.04]: the cover span is [3.04, 12], middle 7.52 s. */
  const SEGMENTS = [
    {
      Type: 'SHOT',
      StartTimestampMillis: 0,
      EndTimestampMillis: 3000,
      ShotSegment: { Index: 0, Confidence: 99 },
    },
    {
      Type: 'TECHNICAL_CUE',
      StartTimestampMillis: 2000,
      EndTimestampMillis: 3040,
      TechnicalCueSegment: { Type: 'BlackFrames', Confidence: 90 },
    },
    {
      Type: 'SHOT',
      StartTimestampMillis: 3040,
      EndTimestampMillis: 12000,
      ShotSegment: { Index: 1, Confidence: 98 },
    },
  ] as const;

  let created: CreateJobCommandInput[];
  let job: Job | undefined;
  const create = async (input: CreateJobCommandInput) => {
    created.push(input);
    return { jobId: '1772359200000-cover1' };
  };
  const mediaConvert = { createJob: create, getJob: async () => job };

  function coverEngine() {
    return new AwsAiEngine({
      rekognition: new RekognitionClient({ region: 'eu-west-1', maxAttempts: 1 }),
      transcribe: new TranscribeClient({ region: 'eu-west-1', maxAttempts: 1 }),
      s3: new S3Client({ region: 'eu-west-1' }),
      settings: SETTINGS,
      outputOf: async () => ({
        bucket: 'media-out',
        prefix: 'out/clip_x',
        input: { bucket: 'media-in', key: 'in/clip.mp4' },
      }),
      mediaConvert,
      jobs: JOBS,
      now: () => NOW,
    });
  }

  async function segmentsDone(segments: readonly object[] = SEGMENTS): Promise<string> {
    rekognition.on(StartSegmentDetectionCommand).resolves({ JobId: JOB('s') });
    const { jobId } = await coverEngine().start(COVER_ONLY);
    rekognition
      .on(GetSegmentDetectionCommand)
      .resolves({ JobStatus: 'SUCCEEDED', VideoMetadata: [META.VideoMetadata], Segments: [...segments] });
    return jobId;
  }

  function marker(jobId: string | undefined) {
    s3.on(GetObjectCommand, { Bucket: 'mps-work', Key: MARKER }).callsFake(() => {
      if (!jobId) throw new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} });
      return { Body: body(JSON.stringify({ jobId })) };
    });
  }

  beforeEach(() => {
    created = [];
    job = undefined;
  });

  it('once segment detection ended: creates the cover job at the chosen frame, writes the marker, still RUNNING', async () => {
    const jobId = await segmentsDone();
    marker(undefined);
    expect(await coverEngine().describe(jobId)).toEqual({ status: 'RUNNING', createdAt: NOW.toISOString() });
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      Role: JOBS.roleArn,
      UserMetadata: { mpsStackId: 'MpsStack', mpsAiCover: TOKEN },
      Settings: {
        Inputs: [
          {
            FileInput: 's3://media-in/in/clip.mp4',
            // 7.52 s at 25 fps: frame 188.
            InputClippings: [{ StartTimecode: '00:00:07:13', EndTimecode: '00:00:08:12' }],
          },
        ],
      },
    });
    expect(written()).toEqual({
      [`mps-work/${MARKER}`]: {
        body: JSON.stringify({ jobId: '1772359200000-cover1' }),
        type: 'application/json',
      },
    });
  });

  it('while the cover job is SUBMITTED or PROGRESSING the subtask is RUNNING; nothing is created again', async () => {
    const jobId = await segmentsDone();
    marker('1772359200000-cover1');
    for (const Status of ['SUBMITTED', 'PROGRESSING'] as const) {
      job = { Id: '1772359200000-cover1', Status, Role: JOBS.roleArn, Settings: {} };
      expect(await coverEngine().describe(jobId)).toEqual({
        status: 'RUNNING',
        createdAt: NOW.toISOString(),
      });
    }
    expect(created).toEqual([]);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('COMPLETE: the frame is copied to {prefix}.jpg and the subtask completes with the cover output', async () => {
    const jobId = await segmentsDone();
    marker('1772359200000-cover1');
    s3.on(GetObjectCommand, { Bucket: 'mps-work', Key: FRAME }).resolves({
      Body: { transformToByteArray: async () => JPEG } as never,
    });
    job = {
      Id: '1772359200000-cover1',
      Status: 'COMPLETE',
      Role: JOBS.roleArn,
      Settings: {},
      OutputGroupDetails: [
        { OutputDetails: [{ DurationInMs: 1000, VideoDetails: { WidthInPx: 1280, HeightInPx: 720 } }] },
        { OutputDetails: [{ DurationInMs: 1000, VideoDetails: { WidthInPx: 192, HeightInPx: 108 } }] },
      ],
    };
    const state = await coverEngine().describe(jobId);
    expect(state!.status).toBe('COMPLETE');
    const detail = (state!.finalEvent as { detail: AiJobStateDetail }).detail;
    expect(detail.summary).toEqual({ cover: true });
    expect(detail.outputs).toEqual([
      expect.objectContaining({ key: 'out/clip_x.json', kind: 'analysisResult' }),
      {
        bucket: 'media-out',
        key: 'out/clip_x.jpg',
        kind: 'cover',
        sizeBytes: JPEG.length,
        container: 'jpg',
        width: 1280,
        height: 720,
      },
    ]);
    const put = s3.commandCalls(PutObjectCommand).find((c) => c.args[0].input.Key === 'out/clip_x.jpg')!
      .args[0].input;
    expect(put).toMatchObject({ Bucket: 'media-out', ContentType: 'image/jpeg', Body: JPEG });
    const json = JSON.parse(written()['media-out/out/clip_x.json']!.body) as Record<string, unknown>;
    // Only the sections asked for: segment detection ran for the cover, not for shots or black frames.
    expect(json).toEqual({
      type: 'AiAnalysis',
      engine: 'aws',
      durationSeconds: 12,
      cover: { key: 'out/clip_x.jpg', fromShot: { start: 3.04, end: 12 } },
    });
    expect(created).toEqual([]);
  });

  it('ERROR: the subtask still completes, without a cover and with the MediaConvert code', async () => {
    const jobId = await segmentsDone();
    marker('1772359200000-cover1');
    job = {
      Id: '1772359200000-cover1',
      Status: 'ERROR',
      Role: JOBS.roleArn,
      Settings: {},
      ErrorCode: 1040,
      ErrorMessage: 'Unable to open input file',
    };
    const state = await coverEngine().describe(jobId);
    const detail = (state!.finalEvent as { detail: AiJobStateDetail }).detail;
    expect(detail.status).toBe('COMPLETE');
    expect(detail.summary).toEqual({ cover: false });
    expect(detail.outputs!.map((o) => o.kind)).toEqual(['analysisResult']);
    const json = JSON.parse(written()['media-out/out/clip_x.json']!.body) as Record<string, unknown>;
    expect(json.cover).toEqual({
      key: null,
      code: 'MediaConvert.1040',
      message: 'Unable to open input file',
    });
  });

  it('a cover job MediaConvert refuses (BadRequest) ends the subtask without a cover; throttling is thrown to be retried', async () => {
    const jobId = await segmentsDone();
    marker(undefined);
    const refusing = coverEngine();
    mediaConvert.createJob = async () => {
      throw new MpsError('MediaConvert.BadRequest', 'MediaConvert rejected the job: bad input');
    };
    try {
      const detail = ((await refusing.describe(jobId))!.finalEvent as { detail: AiJobStateDetail }).detail;
      expect(detail).toMatchObject({ status: 'COMPLETE', summary: { cover: false } });
      const json = JSON.parse(written()['media-out/out/clip_x.json']!.body) as Record<string, unknown>;
      expect(json.cover).toEqual({
        key: null,
        code: 'MediaConvert.BadRequest',
        message: 'MediaConvert rejected the job: bad input',
      });
      expect(written()[`mps-work/${MARKER}`]).toBeUndefined();
      mediaConvert.createJob = async () => {
        throw Object.assign(new Error('Too many requests'), { name: 'TooManyRequestsException' });
      };
      await expect(refusing.describe(jobId)).rejects.toMatchObject({ name: 'TooManyRequestsException' });
    } finally {
      mediaConvert.createJob = create;
    }
  });

  it('a video black throughout has no cover: no job, the subtask completes', async () => {
    const jobId = await segmentsDone([
      {
        Type: 'TECHNICAL_CUE',
        StartTimestampMillis: 0,
        EndTimestampMillis: 12000,
        TechnicalCueSegment: { Type: 'BlackFrames', Confidence: 95 },
      },
    ]);
    const detail = ((await coverEngine().describe(jobId))!.finalEvent as { detail: AiJobStateDetail }).detail;
    expect(detail).toMatchObject({ status: 'COMPLETE', summary: { cover: false } });
    expect(created).toEqual([]);
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
    const json = JSON.parse(written()['media-out/out/clip_x.json']!.body) as Record<string, unknown>;
    expect(json.cover).toEqual({ key: null, reason: 'the whole video is black' });
  });
});
