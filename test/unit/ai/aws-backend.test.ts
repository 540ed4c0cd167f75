/**
 * The pure side of AI subtasks on AWS (lambdas/core/ai/aws/): job ids, the Rekognition Video and
 * Transcribe requests, their completion messages and the reading of their results.
 */
import type {
  GetContentModerationResponse,
  GetLabelDetectionResponse,
  GetSegmentDetectionResponse,
  GetTextDetectionResponse,
} from '@aws-sdk/client-rekognition';
import {
  matchesEventPattern,
  transcribeEventRulePattern,
  transcribeJobNamePrefix,
} from '../../../lambdas/contract';
import type { AiJobRequest } from '../../../lambdas/core/ai/ai-request';
import {
  awsAiJobId,
  parseAiJobToken,
  parseAwsAiJobId,
  rekognitionClientToken,
} from '../../../lambdas/core/ai/aws/aws-ai-job';
import { isBackendMessage, parseBackendCompletion } from '../../../lambdas/core/ai/aws/backend-events';
import { backendRequests, transcriptionJobName } from '../../../lambdas/core/ai/aws/backend-requests';
import {
  labelResult,
  moderationResult,
  segmentResult,
  speechResult,
  textResult,
} from '../../../lambdas/core/ai/aws/backend-results';
import { subtitleKey } from '../../../lambdas/adapters/aws-ai-engine';

const AWS = {
  stackId: 'MpsStack',
  notificationTopicArn: 'arn:aws:sns:eu-west-1:111111111111:mps-ai-jobs',
  notificationRoleArn: 'arn:aws:iam::111111111111:role/mps-rekognition',
  workBucket: 'mps-work',
};
const TOKEN = 't-20260301T100000Z-0123456789abcdef.3.1';

function request(settings: AiJobRequest['settings'], key = 'in/my clip+1 ü%.mp4'): AiJobRequest {
  return {
    clientToken: TOKEN,
    type:
      settings.type === 'contentReview'
        ? 'ContentReview'
        : settings.type === 'aiRecognition'
          ? 'AiRecognition'
          : 'AiAnalysis',
    input: { bucket: 'media-in', key },
    output: { bucket: 'media-out', prefix: 'out/clip_review_40' },
    settings,
    userMetadata: { mpsStackId: 'MpsStack', mpsTaskId: 't', mpsSubtasks: '3.1' },
  };
}

describe('AWS AI job ids and tokens', () => {
  it('round-trips the job through its id, and refuses ids that are not one', () => {
    const job = { token: TOKEN, at: 1_772_359_200, parts: { text: 'a'.repeat(64), speech: 'mps-x' } };
    const id = awsAiJobId(job);
    expect(id).toMatch(/^ai-aws-[A-Za-z0-9_-]+$/);
    expect(parseAwsAiJobId(id)).toEqual(job);
    expect(parseAwsAiJobId('ai-local-1')).toBeUndefined();
    expect(parseAwsAiJobId('ai-aws-!!!')).toBeUndefined();
    expect(parseAwsAiJobId(`ai-aws-${Buffer.from('{"token":1}').toString('base64url')}`)).toBeUndefined();
  });

  it('reads the subtask attempt out of a token', () => {
    expect(parseAiJobToken(TOKEN)).toEqual({
      taskId: 't-20260301T100000Z-0123456789abcdef',
      no: 3,
      attempt: 1,
    });
    expect(parseAiJobToken('no-numbers')).toBeUndefined();
  });

  it('makes Rekognition client tokens that fit its pattern and differ per stack and part', () => {
    const a = rekognitionClientToken('MpsStack', TOKEN, 'text');
    expect(a).toMatch(/^[a-zA-Z0-9-_]{1,64}$/);
    expect(rekognitionClientToken('MpsStack', TOKEN, 'text')).toBe(a);
    expect(rekognitionClientToken('Other', TOKEN, 'text')).not.toBe(a);
    expect(rekognitionClientToken('MpsStack', TOKEN, 'labels')).not.toBe(a);
  });
});

describe('backendRequests', () => {
  it('moderation: StartContentModeration from the review threshold, reporting to the topic with the token as JobTag', () => {
    const [r, ...rest] = backendRequests(
      request({ type: 'contentReview', sampleIntervalSeconds: 1, reviewThreshold: 60, blockThreshold: 90 }),
      AWS,
    );
    expect(rest).toEqual([]);
    expect(r).toEqual({
      part: 'moderation',
      api: 'rekognition:StartContentModeration',
      input: {
        Video: { S3Object: { Bucket: 'media-in', Name: 'in/my clip+1 ü%.mp4' } },
        ClientRequestToken: rekognitionClientToken('MpsStack', TOKEN, 'moderation'),
        NotificationChannel: { SNSTopicArn: AWS.notificationTopicArn, RoleArn: AWS.notificationRoleArn },
        JobTag: TOKEN,
        MinConfidence: 60,
      },
    });
  });

  it('recognition: text detection and a Transcribe job writing to the work bucket with both subtitle formats', () => {
    const reqs = backendRequests(
      request({
        type: 'aiRecognition',
        ocr: true,
        speech: true,
        language: 'en-US',
        sampleIntervalSeconds: 1,
      }),
      AWS,
    );
    expect(reqs.map((r) => r.api)).toEqual([
      'rekognition:StartTextDetection',
      'transcribe:StartTranscriptionJob',
    ]);
    const name = transcriptionJobName('MpsStack', TOKEN);
    expect(name).toBe(`${transcribeJobNamePrefix('MpsStack')}${TOKEN}`);
    expect(reqs[1]!.input).toEqual({
      TranscriptionJobName: name,
      LanguageCode: 'en-US',
      Media: { MediaFileUri: 's3://media-in/in/my clip+1 ü%.mp4' },
      OutputBucketName: 'mps-work',
      OutputKey: `ai/${name}.json`,
      Subtitles: { Formats: ['vtt', 'srt'], OutputStartIndex: 1 },
    });
    // The Transcribe rule forwards this job's events, and only this stack's.
    const event = (jobName: string) => ({
      source: 'aws.transcribe',
      'detail-type': 'Transcribe Job State Change',
      detail: { TranscriptionJobName: jobName, TranscriptionJobStatus: 'COMPLETED' },
    });
    expect(matchesEventPattern(transcribeEventRulePattern('MpsStack'), event(name))).toBe(true);
    expect(
      matchesEventPattern(
        transcribeEventRulePattern('MpsStack'),
        event(`${transcribeJobNamePrefix('Other')}${TOKEN}`),
      ),
    ).toBe(false);
  });

  it('analysis: segment types from shots/black frames, labels apart; a cover always runs both types', () => {
    const analysis = (shots: boolean, blackFrames: boolean, labels: boolean, cover = false) =>
      backendRequests(request({ type: 'aiAnalysis', shots, blackFrames, labels, cover }), AWS);
    expect(
      analysis(true, true, true).map((r) => [r.api, (r.input as { SegmentTypes?: string[] }).SegmentTypes]),
    ).toEqual([
      ['rekognition:StartSegmentDetection', ['SHOT', 'TECHNICAL_CUE']],
      ['rekognition:StartLabelDetection', undefined],
    ]);
    expect(
      analysis(false, true, false).map((r) => (r.input as { SegmentTypes?: string[] }).SegmentTypes),
    ).toEqual([['TECHNICAL_CUE']]);
    // The cover is taken from the longest non-black shot: it needs shots and black frames.
    for (const [shots, black] of [
      [false, false],
      [true, false],
      [false, true],
    ] as const) {
      expect(
        analysis(shots, black, false, true).map((r) => [
          r.api,
          (r.input as { SegmentTypes?: string[] }).SegmentTypes,
        ]),
      ).toEqual([['rekognition:StartSegmentDetection', ['SHOT', 'TECHNICAL_CUE']]]);
    }
  });
});

describe('completion messages', () => {
  it('reads Rekognition notifications (raw SNS delivery) and Transcribe events of this stack only', () => {
    const rekognition = {
      JobId: 'f'.repeat(64),
      Status: 'SUCCEEDED',
      API: 'StartTextDetection',
      JobTag: TOKEN,
      Timestamp: 1_772_359_300_000,
      Video: { S3ObjectName: 'in/a.mp4', S3Bucket: 'media-in' },
    };
    expect(isBackendMessage(rekognition)).toBe(true);
    expect(parseBackendCompletion(rekognition, 'MpsStack')).toEqual({
      backend: 'rekognition',
      token: TOKEN,
      backendJobId: 'f'.repeat(64),
      status: 'SUCCEEDED',
      time: 1_772_359_300_000,
    });
    expect(parseBackendCompletion({ ...rekognition, Status: 'ERROR' }, 'MpsStack')?.status).toBe('FAILED');
    expect(parseBackendCompletion({ ...rekognition, JobTag: undefined }, 'MpsStack')).toBeUndefined();

    const transcribe = {
      version: '0',
      source: 'aws.transcribe',
      'detail-type': 'Transcribe Job State Change',
      time: '2026-03-01T10:05:00Z',
      detail: {
        TranscriptionJobName: `${transcribeJobNamePrefix('MpsStack')}${TOKEN}`,
        TranscriptionJobStatus: 'FAILED',
        FailureReason: 'x',
      },
    };
    expect(isBackendMessage(transcribe)).toBe(true);
    expect(parseBackendCompletion(transcribe, 'MpsStack')).toMatchObject({ token: TOKEN, status: 'FAILED' });
    expect(parseBackendCompletion(transcribe, 'Other')).toBeUndefined();
    expect(
      parseBackendCompletion(
        { ...transcribe, detail: { ...transcribe.detail, TranscriptionJobStatus: 'IN_PROGRESS' } },
        'MpsStack',
      ),
    ).toBeUndefined();
    // MediaConvert events of subtasks' jobs and MPS AI events are not backend messages.
    expect(isBackendMessage({ source: 'aws.mediaconvert', detail: { jobId: 'j' } })).toBe(false);
    expect(
      isBackendMessage({
        source: 'aws.mediaconvert',
        detail: { jobId: 'j', status: 'COMPLETE', userMetadata: { mpsStackId: 'MpsStack', mpsTaskId: 't' } },
      }),
    ).toBe(false);
    expect(isBackendMessage({ source: 'mps.ai', detail: { jobId: 'ai-aws-x' } })).toBe(false);
  });

  it('reads the end of an AI cover job (a MediaConvert job with userMetadata.mpsAiCover) of this stack only', () => {
    const event = (
      status: string,
      userMetadata: Record<string, string> = { mpsStackId: 'MpsStack', mpsAiCover: TOKEN },
    ) => ({
      version: '0',
      id: 'e',
      'detail-type': 'MediaConvert Job State Change',
      source: 'aws.mediaconvert',
      time: '2026-03-01T10:06:00Z',
      detail: { jobId: '1700000000000-abcdef', status, userMetadata },
    });
    expect(isBackendMessage(event('COMPLETE'))).toBe(true);
    expect(parseBackendCompletion(event('COMPLETE'), 'MpsStack')).toEqual({
      backend: 'mediaconvert',
      token: TOKEN,
      backendJobId: '1700000000000-abcdef',
      status: 'SUCCEEDED',
      time: Date.parse('2026-03-01T10:06:00Z'),
    });
    expect(parseBackendCompletion(event('ERROR'), 'MpsStack')?.status).toBe('FAILED');
    expect(parseBackendCompletion(event('CANCELED'), 'MpsStack')?.status).toBe('FAILED');
    // Progress is no end; another stack's cover job is not ours (still a backend message: never a subtask's job).
    for (const status of ['SUBMITTED', 'PROGRESSING', 'STATUS_UPDATE', 'INPUT_INFORMATION'])
      expect(parseBackendCompletion(event(status), 'MpsStack')).toBeUndefined();
    const other = event('COMPLETE', { mpsStackId: 'Other', mpsAiCover: TOKEN });
    expect(isBackendMessage(other)).toBe(true);
    expect(parseBackendCompletion(other, 'MpsStack')).toBeUndefined();
  });
});

describe('reading the results', () => {
  const meta = {
    VideoMetadata: { DurationMillis: 12_000, FrameRate: 25, Codec: 'h264', Format: 'QuickTime / MOV' },
  };

  it('moderation: one segment per timestamp, the most confident label decides the verdict', () => {
    const pages: GetContentModerationResponse[] = [
      {
        JobStatus: 'SUCCEEDED',
        ...meta,
        ModerationModelVersion: '7.0',
        NextToken: 'p2',
        ModerationLabels: [
          {
            Timestamp: 2000,
            ModerationLabel: { Name: 'Violence', Confidence: 61.23, ParentName: '', TaxonomyLevel: 1 },
          },
          {
            Timestamp: 2000,
            ModerationLabel: { Name: 'Weapons', Confidence: 55.5, ParentName: 'Violence', TaxonomyLevel: 2 },
          },
        ],
      },
      {
        JobStatus: 'SUCCEEDED',
        ...meta,
        ModerationLabels: [
          {
            Timestamp: 5000,
            StartTimestampMillis: 5000,
            EndTimestampMillis: 7000,
            ModerationLabel: { Name: 'Explicit', Confidence: 91, ParentName: '', TaxonomyLevel: 1 },
          },
        ],
      },
    ];
    const { result, verdict } = moderationResult(pages, { reviewThreshold: 50, blockThreshold: 85 });
    expect(verdict).toEqual({ verdict: 'block', maxUnsafe: { name: 'Explicit', confidence: 91, start: 5 } });
    expect(result).toMatchObject({
      durationSeconds: 12,
      verdict: 'block',
      model: 'Amazon Rekognition content moderation 7.0',
    });
    expect(result.segments).toEqual([
      {
        start: 2,
        end: 5,
        labels: [
          { name: 'Violence', confidence: 61.2 },
          { name: 'Weapons', confidence: 55.5, parent: 'Violence' },
        ],
      },
      { start: 5, end: 7, labels: [{ name: 'Explicit', confidence: 91 }] },
    ]);
    expect(
      moderationResult([{ JobStatus: 'SUCCEEDED', ...meta, ModerationLabels: [] }], {
        reviewThreshold: 50,
        blockThreshold: 85,
      }).verdict,
    ).toEqual({
      verdict: 'pass',
    });
  });

  it('text: lines merged while seen less than 1.5 s apart, words left out', () => {
    const line = (at: number, text: string, confidence = 99) => ({
      Timestamp: at,
      TextDetection: { DetectedText: text, Type: 'LINE' as const, Id: 0, Confidence: confidence },
    });
    const pages: GetTextDetectionResponse[] = [
      {
        JobStatus: 'SUCCEEDED',
        ...meta,
        TextDetections: [
          line(0, 'HELLO WORLD', 98),
          {
            Timestamp: 0,
            TextDetection: { DetectedText: 'HELLO', Type: 'WORD', Id: 1, ParentId: 0, Confidence: 99 },
          },
          line(1000, 'HELLO WORLD', 96),
          line(4000, 'HELLO WORLD', 90),
          line(4000, 'SECOND', 80),
        ],
      },
    ];
    expect(textResult(pages)).toEqual([
      { text: 'HELLO WORLD', start: 0, end: 1, confidence: 97 },
      { text: 'HELLO WORLD', start: 4, end: 4, confidence: 90 },
      { text: 'SECOND', start: 4, end: 4, confidence: 80 },
    ]);
  });

  it('segments: shots, black segments and the other technical cues', () => {
    const pages: GetSegmentDetectionResponse[] = [
      {
        JobStatus: 'SUCCEEDED',
        VideoMetadata: [meta.VideoMetadata],
        SelectedSegmentTypes: [{ Type: 'SHOT', ModelVersion: '1.0' }],
        Segments: [
          {
            Type: 'SHOT',
            StartTimestampMillis: 3040,
            EndTimestampMillis: 12000,
            ShotSegment: { Index: 1, Confidence: 97.5 },
          },
          {
            Type: 'SHOT',
            StartTimestampMillis: 0,
            EndTimestampMillis: 3000,
            ShotSegment: { Index: 0, Confidence: 99.1 },
          },
          {
            Type: 'TECHNICAL_CUE',
            StartTimestampMillis: 2000,
            EndTimestampMillis: 3040,
            TechnicalCueSegment: { Type: 'BlackFrames', Confidence: 88.04 },
          },
          {
            Type: 'TECHNICAL_CUE',
            StartTimestampMillis: 10000,
            EndTimestampMillis: 12000,
            TechnicalCueSegment: { Type: 'EndCredits', Confidence: 80 },
          },
        ],
      },
    ];
    expect(segmentResult(pages, { shots: true, blackFrames: true })).toEqual({
      shots: [
        { index: 0, start: 0, end: 3, confidence: 99.1 },
        { index: 1, start: 3.04, end: 12, confidence: 97.5 },
      ],
      blackSegments: [{ start: 2, end: 3.04, confidence: 88 }],
      technicalCues: [{ type: 'EndCredits', start: 10, end: 12, confidence: 80 }],
    });
    expect(segmentResult(pages, { shots: true, blackFrames: false })).not.toHaveProperty('blackSegments');
  });

  it('labels: one entry per name with its best confidence and sightings, most confident first', () => {
    const label = (at: number, name: string, confidence: number) => ({
      Timestamp: at,
      Label: {
        Name: name,
        Confidence: confidence,
        Parents: [{ Name: 'Vehicle' }],
        Categories: [{ Name: 'Vehicles and Automotive' }],
      },
    });
    const pages: GetLabelDetectionResponse[] = [
      {
        JobStatus: 'SUCCEEDED',
        ...meta,
        Labels: [label(0, 'Car', 80), label(500, 'Road', 95)],
        NextToken: 'n',
      },
      { JobStatus: 'SUCCEEDED', ...meta, Labels: [label(9000, 'Car', 91.26)] },
    ];
    expect(labelResult(pages)).toEqual([
      {
        name: 'Road',
        confidence: 95,
        parents: ['Vehicle'],
        categories: ['Vehicles and Automotive'],
        first: 0.5,
        last: 0.5,
        sightings: 1,
      },
      {
        name: 'Car',
        confidence: 91.3,
        parents: ['Vehicle'],
        categories: ['Vehicles and Automotive'],
        first: 0,
        last: 9,
        sightings: 2,
      },
    ]);
  });

  it('speech: the transcript, and sentences from audio segments or from the words', () => {
    const items = [
      {
        type: 'pronunciation',
        start_time: '0.5',
        end_time: '0.9',
        alternatives: [{ confidence: '0.99', content: 'Hello' }],
      },
      { type: 'punctuation', alternatives: [{ confidence: '0.0', content: '.' }] },
      {
        type: 'pronunciation',
        start_time: '1.2',
        end_time: '1.6',
        alternatives: [{ confidence: '0.98', content: 'Bye' }],
      },
    ];
    const doc = {
      jobName: 'j',
      status: 'COMPLETED',
      results: { transcripts: [{ transcript: 'Hello. Bye' }], items },
    };
    expect(speechResult(doc)).toEqual({
      transcript: 'Hello. Bye',
      words: 2,
      segments: [
        { start: 0.5, end: 0.9, text: 'Hello.' },
        { start: 1.2, end: 1.6, text: 'Bye' },
      ],
    });
    const withSegments = {
      results: {
        ...doc.results,
        audio_segments: [
          { id: 0, transcript: 'Hello. Bye', start_time: '0.5', end_time: '1.6', items: [0, 1, 2] },
        ],
      },
    };
    expect(speechResult(withSegments).segments).toEqual([{ start: 0.5, end: 1.6, text: 'Hello. Bye' }]);
    expect(() => speechResult({ nope: true })).toThrow(/not an Amazon Transcribe transcript/);
  });

  it('finds the subtitle files in the work bucket from any URI form Transcribe answers', () => {
    const job = (uris: string[]) => ({
      Subtitles: { Formats: ['vtt' as const, 'srt' as const], SubtitleFileUris: uris },
    });
    expect(
      subtitleKey(
        job([
          'https://s3.eu-west-1.amazonaws.com/mps-work/ai/mps-x.vtt',
          'https://s3.eu-west-1.amazonaws.com/mps-work/ai/mps-x.srt',
        ]),
        'srt',
        'mps-work',
      ),
    ).toBe('ai/mps-x.srt');
    expect(
      subtitleKey(job(['https://mps-work.s3.eu-west-1.amazonaws.com/ai/mps-x.vtt']), 'vtt', 'mps-work'),
    ).toBe('ai/mps-x.vtt');
    expect(subtitleKey(job(['s3://mps-work/ai/mps%20x.vtt']), 'vtt', 'mps-work')).toBe('ai/mps x.vtt');
    expect(subtitleKey(job(['not a url']), 'vtt', 'mps-work')).toBeUndefined();
    expect(subtitleKey(undefined, 'vtt', 'mps-work')).toBeUndefined();
  });
});
