/**
 * AI subtasks on AWS through the functions exactly as lambdas/composition.ts assembles them from a
 * stack's environment with its AI backends: DynamoDB is a real protocol endpoint (dynalite);
 * Rekognition, Transcribe, S3, SQS and MediaConvert are mocked at the SDK. A schema with AI items is
 * accepted by the API, an upload starts the Rekognition/Transcribe jobs, the backends' completions
 * (Rekognition's SNS message delivered raw, Transcribe's EventBridge event) arrive on the job-events
 * queue, and the subtask ends once its last part has; duplicates change nothing and the watchdog
 * finishes a subtask whose completion was lost. An AI analysis with a cover runs segment detection, then
 * a MediaConvert frame capture whose job-state event finishes the subtask with `{prefix}.jpg`.
 */
import { CreateJobCommand, GetJobCommand, MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import {
  GetContentModerationCommand,
  GetSegmentDetectionCommand,
  GetTextDetectionCommand,
  RekognitionClient,
  StartContentModerationCommand,
  StartSegmentDetectionCommand,
  StartTextDetectionCommand,
} from '@aws-sdk/client-rekognition';
import {
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  GetTranscriptionJobCommand,
  StartTranscriptionJobCommand,
  TranscribeClient,
} from '@aws-sdk/client-transcribe';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { createApiHandler } from '../../lambdas/api';
import {
  apiFunction,
  ingestFunction,
  jobEventsFunction,
  type Platform,
  watchdogFunction,
} from '../../lambdas/composition';
import {
  ENV,
  jobEventRulePattern,
  matchesEventPattern,
  transcribeJobNamePrefix,
} from '../../lambdas/contract';
import type { Task } from '../../lambdas/core/model';
import { ingestEntry } from '../../lambdas/entries/ingest';
import { jobEventsEntry } from '../../lambdas/entries/job-events';
import { watchdogEntry } from '../../lambdas/entries/watchdog';
import { encodeS3Key, objectCreated } from '../fault/events';
import { type LocalTable, startDynalite } from '../support/dynalite';
import { modelViolationsOfCalls } from '../support/aws-model-calls';
import { testPlatform } from '../support/platform';
import { sqsEvent, sqsRecord } from '../support/sqs-events';

const rekognition = mockClient(RekognitionClient);
const transcribe = mockClient(TranscribeClient);
const s3 = mockClient(S3Client);
const sqs = mockClient(SQSClient);
const mediaConvert = mockClient(MediaConvertClient);

const STACK = 'mps-ai-stack';
const TOPIC = 'arn:aws:sns:eu-west-1:111111111111:mps-ai-jobs';
const ROLE = 'arn:aws:iam::111111111111:role/mps-rekognition';
const JOB_EVENTS = 'https://sqs.eu-west-1.amazonaws.com/111111111111/mps-job-events';
const MODERATION_JOB = 'a'.repeat(64);
const TEXT_JOB = 'b'.repeat(64);
const META = {
  VideoMetadata: { DurationMillis: 8_000, FrameRate: 25, Codec: 'h264', Format: 'QuickTime / MOV' },
};

let table: LocalTable;
let platform: Platform;

beforeAll(async () => {
  table = await startDynalite();
  const base = testPlatform({
    AWS_REGION: 'eu-west-1',
    [ENV.tableName]: table.tableName,
    [ENV.stackId]: STACK,
    [ENV.mediaConvertRoleArn]: 'arn:aws:iam::111111111111:role/mps-mediaconvert',
    [ENV.mediaConvertEndpoint]: 'https://mediaconvert.eu-west-1.amazonaws.com',
    [ENV.workBucket]: 'mps-work',
    [ENV.notifyQueueUrl]: 'https://sqs.eu-west-1.amazonaws.com/111111111111/mps-notify',
    [ENV.callbackSecret]: 'secret',
    [ENV.stuckSubtaskMinutes]: '30',
    [ENV.jobEventsQueueUrl]: JOB_EVENTS,
    [ENV.aiNotificationTopicArn]: TOPIC,
    [ENV.aiNotificationRoleArn]: ROLE,
  });
  platform = {
    ...base,
    clientSettings: (service) =>
      service === 'dynamodb'
        ? { ...base.clientSettings(service), endpoint: table.endpoint }
        : base.clientSettings(service),
  };
});
afterAll(() => table?.stop());

/** Every Rekognition/Transcribe/MediaConvert request sent, and every response answered, fits AWS's models. */
afterEach(async () => {
  expect(
    await modelViolationsOfCalls([
      ['rekognition', rekognition],
      ['transcribe', transcribe],
      ['mediaconvert', mediaConvert],
    ]),
  ).toEqual([]);
});

beforeEach(() => {
  for (const m of [rekognition, transcribe, s3, sqs, mediaConvert]) m.reset();
  sqs.on(SendMessageCommand).resolves({ MessageId: 'm' });
  s3.on(HeadObjectCommand).resolves({ ETag: '"b1946ac92492d2347c6235b4d2611184"' });
  s3.on(PutObjectCommand).resolves({});
  rekognition.on(StartContentModerationCommand).resolves({ JobId: MODERATION_JOB });
  rekognition.on(StartTextDetectionCommand).resolves({ JobId: TEXT_JOB });
  transcribe.on(StartTranscriptionJobCommand).resolves({});
});

function apiCall(method: string, path: string, body?: unknown): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    isBase64Encoded: false,
    ...(body ? { body: JSON.stringify(body) } : {}),
    requestContext: { http: { method, path } },
  } as unknown as APIGatewayProxyEventV2;
}

const inAMoment = () => new Date(Date.now() + 2000).toISOString().replace(/\.\d+Z$/, 'Z');

async function getTask(taskId: string): Promise<Task> {
  const api = createApiHandler(apiFunction(platform));
  return JSON.parse((await api(apiCall('GET', `/tasks/${taskId}`))).body!) as Task;
}

/** Rekognition's notification as the SNS topic delivers it raw to the job-events queue. */
function rekognitionDone(jobId: string, api: string, token: string, status = 'SUCCEEDED') {
  return {
    JobId: jobId,
    Status: status,
    API: api,
    JobTag: token,
    Timestamp: Date.now(),
    Video: { S3ObjectName: 'ai/talk.mp4', S3Bucket: 'media-in' },
  };
}

/** Transcribe's "Transcribe Job State Change" event as the EventBridge rule forwards it. */
function transcribeDone(name: string) {
  return {
    version: '0',
    id: `evt-${name}`,
    'detail-type': 'Transcribe Job State Change',
    source: 'aws.transcribe',
    account: '111111111111',
    time: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    region: 'eu-west-1',
    resources: [],
    detail: { TranscriptionJobName: name, TranscriptionJobStatus: 'COMPLETED' },
  };
}

describe('AI subtasks on AWS, through the composed functions', () => {
  let taskId: string;
  let recognitionToken: string;
  let reviewToken: string;

  it('api: a stack with AI backends accepts a schema with AI items', async () => {
    const api = createApiHandler(apiFunction(platform));
    const created = await api(
      apiCall('POST', '/schemas', {
        name: 'ai',
        trigger: { bucket: 'media-in', directory: 'ai/' },
        output: { bucket: 'media-out', directory: 'ai-out/' },
        items: { contentReview: [{ templateId: 40 }], aiRecognition: [{ templateId: 52 }] },
      }),
    );
    expect(created.statusCode).toBe(201);
    const { id } = JSON.parse(created.body!) as { id: string };
    expect((await api(apiCall('POST', `/schemas/${id}/enable`))).statusCode).toBe(200);
  });

  it('api: explain shows the exact Rekognition and Transcribe requests an upload would start', async () => {
    const api = createApiHandler(apiFunction(platform));
    const res = await api({
      ...apiCall('GET', '/explain'),
      rawQueryString: 'bucket=media-in&key=ai/x.mp4',
      queryStringParameters: { bucket: 'media-in', key: 'ai/x.mp4' },
    });
    expect(res.statusCode).toBe(200);
    const [schema] = (
      JSON.parse(res.body!) as {
        schemas: Array<{
          aiJobs: Array<{ backendRequests: Array<{ api: string; input: Record<string, unknown> }> }>;
        }>;
      }
    ).schemas;
    expect(schema!.aiJobs.map((j) => j.backendRequests.map((b) => b.api))).toEqual([
      ['rekognition:StartContentModeration'],
      ['rekognition:StartTextDetection', 'transcribe:StartTranscriptionJob'],
    ]);
    expect(schema!.aiJobs[0]!.backendRequests[0]!.input).toMatchObject({
      Video: { S3Object: { Bucket: 'media-in', Name: 'ai/x.mp4' } },
      MinConfidence: 50,
      NotificationChannel: { SNSTopicArn: TOPIC, RoleArn: ROLE },
    });
    expect(rekognition.calls()).toHaveLength(0);
  });

  it('ingest: an upload starts the Rekognition and Transcribe jobs (no MediaConvert job)', async () => {
    const ingest = ingestEntry(ingestFunction(platform));
    const upload = objectCreated(encodeS3Key('ai/talk.mp4'), { bucket: 'media-in', time: inAMoment() });
    expect((await ingest(sqsEvent(sqsRecord(upload)))).batchItemFailures).toEqual([]);
    expect(mediaConvert.commandCalls(CreateJobCommand)).toHaveLength(0);
    const moderation = rekognition.commandCalls(StartContentModerationCommand)[0]!.args[0].input;
    expect(moderation).toMatchObject({
      Video: { S3Object: { Bucket: 'media-in', Name: 'ai/talk.mp4' } },
      MinConfidence: 50,
      NotificationChannel: { SNSTopicArn: TOPIC, RoleArn: ROLE },
    });
    reviewToken = moderation.JobTag!;
    recognitionToken = rekognition.commandCalls(StartTextDetectionCommand)[0]!.args[0].input.JobTag!;
    taskId = reviewToken.replace(/\.\d+\.\d+$/, '');
    const speech = transcribe.commandCalls(StartTranscriptionJobCommand)[0]!.args[0].input;
    expect(speech).toMatchObject({
      TranscriptionJobName: `${transcribeJobNamePrefix(STACK)}${recognitionToken}`,
      OutputBucketName: 'mps-work',
      Media: { MediaFileUri: 's3://media-in/ai/talk.mp4' },
    });
    const task = await getTask(taskId);
    expect(task.subtasks.map((s) => [s.type, s.status])).toEqual([
      ['ContentReview', 'PROCESSING'],
      ['AiRecognition', 'PROCESSING'],
    ]);
    expect(task.subtasks.every((s) => s.jobId?.startsWith('ai-aws-'))).toBe(true);
  });

  it('job-events: one finished part of two changes nothing; the last one ends the subtask with its outputs', async () => {
    const jobEvents = jobEventsEntry(jobEventsFunction(platform));
    const name = `${transcribeJobNamePrefix(STACK)}${recognitionToken}`;
    rekognition.on(GetTextDetectionCommand).resolves({
      JobStatus: 'SUCCEEDED',
      ...META,
      TextDetections: [
        { Timestamp: 1000, TextDetection: { DetectedText: 'HELLO', Type: 'LINE', Id: 0, Confidence: 99 } },
      ],
    });
    transcribe
      .on(GetTranscriptionJobCommand)
      .resolves({ TranscriptionJob: { TranscriptionJobName: name, TranscriptionJobStatus: 'IN_PROGRESS' } });

    const text = rekognitionDone(TEXT_JOB, 'StartTextDetection', recognitionToken);
    expect((await jobEvents(sqsEvent(sqsRecord(text)))).batchItemFailures).toEqual([]);
    expect((await getTask(taskId)).subtasks[1]!.status).toBe('PROCESSING');
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);

    transcribe.on(GetTranscriptionJobCommand).resolves({
      TranscriptionJob: {
        TranscriptionJobName: name,
        TranscriptionJobStatus: 'COMPLETED',
        LanguageCode: 'en-US',
        Subtitles: {
          Formats: ['vtt', 'srt'],
          SubtitleFileUris: [
            `https://s3.eu-west-1.amazonaws.com/mps-work/ai/${name}.vtt`,
            `https://s3.eu-west-1.amazonaws.com/mps-work/ai/${name}.srt`,
          ],
        },
      },
    });
    const transcript = {
      results: {
        transcripts: [{ transcript: 'Hello there.' }],
        items: [
          {
            type: 'pronunciation',
            start_time: '0.2',
            end_time: '0.6',
            alternatives: [{ confidence: '0.99', content: 'Hello' }],
          },
          {
            type: 'pronunciation',
            start_time: '0.6',
            end_time: '1.0',
            alternatives: [{ confidence: '0.98', content: 'there' }],
          },
          { type: 'punctuation', alternatives: [{ confidence: '0.0', content: '.' }] },
        ],
      },
    };
    s3.on(GetObjectCommand).callsFake((input: { Key: string }) => ({
      Body: {
        transformToString: async () =>
          input.Key.endsWith('.json') ? JSON.stringify(transcript) : `subtitles of ${input.Key}`,
      },
    }));
    expect((await jobEvents(sqsEvent(sqsRecord(transcribeDone(name))))).batchItemFailures).toEqual([]);
    const done = (await getTask(taskId)).subtasks[1]!;
    expect(done).toMatchObject({
      status: 'SUCCESS',
      summary: { textSegments: 1, speechSegments: 1, words: 2 },
    });
    expect(done.outputs!.map((o) => [o.key, o.kind])).toEqual([
      ['ai-out/talk_recognition_52.json', 'recognitionResult'],
      ['ai-out/talk_recognition_52.vtt', 'subtitles'],
      ['ai-out/talk_recognition_52.srt', 'subtitles'],
    ]);

    // Delivered again (at-least-once): nothing changes, nothing is read or written again.
    const puts = s3.commandCalls(PutObjectCommand).length;
    expect(
      (await jobEvents(sqsEvent(sqsRecord(transcribeDone(name)), sqsRecord(text)))).batchItemFailures,
    ).toEqual([]);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(puts);
    expect((await getTask(taskId)).subtasks[1]).toEqual(done);
  });

  it('watchdog: a moderation whose completion was lost is finished from the Get* APIs', async () => {
    rekognition.on(GetContentModerationCommand).resolves({
      JobStatus: 'SUCCEEDED',
      ...META,
      ModerationLabels: [
        {
          Timestamp: 3000,
          ModerationLabel: { Name: 'Violence', Confidence: 72, ParentName: '', TaxonomyLevel: 1 },
        },
      ],
    });
    const watchdog = watchdogEntry(watchdogFunction(platform));
    jest.useFakeTimers({
      now: Date.now() + 31 * 60_000,
      doNotFake: ['nextTick', 'setImmediate', 'setTimeout'],
    });
    try {
      expect(await watchdog()).toMatchObject({ recoveredSubtasks: 1, failedSubtasks: 0 });
    } finally {
      jest.useRealTimers();
    }
    // The rebuilt event went where the completion would have led: the job-events queue.
    const resent = sqs
      .commandCalls(SendMessageCommand)
      .filter((c) => c.args[0].input.QueueUrl === JOB_EVENTS)
      .map((c) => JSON.parse(c.args[0].input.MessageBody!) as { detail: { status: string } });
    expect(resent.map((e) => e.detail.status)).toEqual(['COMPLETE']);
    const jobEvents = jobEventsEntry(jobEventsFunction(platform));
    expect((await jobEvents(sqsEvent(sqsRecord(resent[0]!)))).batchItemFailures).toEqual([]);
    const task = await getTask(taskId);
    expect(task.subtasks[0]).toMatchObject({
      status: 'SUCCESS',
      summary: { verdict: 'review', maxUnsafeLabel: 'Violence', maxUnsafeConfidence: 72 },
    });
    expect(task).toMatchObject({ status: 'FINISH', result: 'SUCCESS' });
    // The moderation's own completion, arriving late, changes nothing.
    const late = rekognitionDone(MODERATION_JOB, 'StartContentModeration', reviewToken);
    expect((await jobEvents(sqsEvent(sqsRecord(late)))).batchItemFailures).toEqual([]);
    expect(await getTask(taskId)).toEqual(task);
  });
});

/** MediaConvert's "MediaConvert Job State Change" event of a cover job, as the stack's rule forwards it. */
function coverJobEvent(jobId: string, token: string, status: string) {
  return {
    version: '0',
    id: `evt-${jobId}-${status}`,
    'detail-type': 'MediaConvert Job State Change',
    source: 'aws.mediaconvert',
    account: '111111111111',
    time: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    region: 'eu-west-1',
    resources: [`arn:aws:mediaconvert:eu-west-1:111111111111:jobs/${jobId}`],
    detail: {
      timestamp: Date.now(),
      accountId: '111111111111',
      queue: 'arn:aws:mediaconvert:eu-west-1:111111111111:queues/Default',
      jobId,
      status,
      userMetadata: { mpsStackId: STACK, mpsAiCover: token },
      ...(status === 'COMPLETE'
        ? {
            outputGroupDetails: [
              {
                outputDetails: [
                  {
                    outputFilePaths: [`s3://mps-work/ai/covers/${token}/cover.0000000.jpg`],
                    durationInMs: 1000,
                    videoDetails: { widthInPx: 1280, heightInPx: 720 },
                  },
                ],
                type: 'FILE_GROUP',
              },
            ],
          }
        : {}),
    },
  };
}

describe('an AI analysis with a cover on AWS: segment detection, then a MediaConvert frame capture', () => {
  const SEGMENTS_JOB = 'c'.repeat(64);
  const COVER_JOB = '1772359200000-cover1';
  const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 7, 7, 7, 0xff, 0xd9]);
  let taskId: string;
  let token: string;

  beforeEach(() => {
    rekognition.on(StartSegmentDetectionCommand).resolves({ JobId: SEGMENTS_JOB });
    rekognition.on(GetSegmentDetectionCommand).resolves({
      JobStatus: 'SUCCEEDED',
      VideoMetadata: [META.VideoMetadata],
      Segments: [
        {
          Type: 'SHOT',
          StartTimestampMillis: 0,
          EndTimestampMillis: 5000,
          ShotSegment: { Index: 0, Confidence: 99 },
        },
        {
          Type: 'SHOT',
          StartTimestampMillis: 5000,
          EndTimestampMillis: 8000,
          ShotSegment: { Index: 1, Confidence: 97 },
        },
      ],
    });
  });

  it('api + ingest: an aiAnalysis item (preset 60) starts segment detection only', async () => {
    const api = createApiHandler(apiFunction(platform));
    const created = await api(
      apiCall('POST', '/schemas', {
        name: 'ai-cover',
        trigger: { bucket: 'media-in', directory: 'cover/' },
        output: { bucket: 'media-out', directory: 'cover-out/' },
        items: { aiAnalysis: [{ templateId: 60 }] },
      }),
    );
    expect(created.statusCode).toBe(201);
    const { id } = JSON.parse(created.body!) as { id: string };
    expect((await api(apiCall('POST', `/schemas/${id}/enable`))).statusCode).toBe(200);

    const ingest = ingestEntry(ingestFunction(platform));
    const upload = objectCreated(encodeS3Key('cover/film.mp4'), { bucket: 'media-in', time: inAMoment() });
    expect((await ingest(sqsEvent(sqsRecord(upload)))).batchItemFailures).toEqual([]);
    const segments = rekognition.commandCalls(StartSegmentDetectionCommand)[0]!.args[0].input;
    expect(segments.SegmentTypes).toEqual(['SHOT', 'TECHNICAL_CUE']);
    token = segments.JobTag!;
    taskId = token.replace(/\.\d+\.\d+$/, '');
    expect(mediaConvert.commandCalls(CreateJobCommand)).toHaveLength(0);
  });

  it('job-events: segment detection done → the cover job is created and remembered; the subtask waits', async () => {
    s3.on(GetObjectCommand, { Bucket: 'mps-work', Key: `ai/covers/${token}/job.json` }).rejects(
      new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} }),
    );
    mediaConvert.on(CreateJobCommand).resolves({ Job: { Id: COVER_JOB, Role: 'r', Settings: {} } });
    const jobEvents = jobEventsEntry(jobEventsFunction(platform));
    const done = rekognitionDone(SEGMENTS_JOB, 'StartSegmentDetection', token);
    expect((await jobEvents(sqsEvent(sqsRecord(done)))).batchItemFailures).toEqual([]);

    const request = mediaConvert.commandCalls(CreateJobCommand)[0]!.args[0].input;
    expect(request).toMatchObject({
      Role: 'arn:aws:iam::111111111111:role/mps-mediaconvert',
      UserMetadata: { mpsStackId: STACK, mpsAiCover: token },
      Settings: {
        // The longest shot is [0, 5): its middle, 2.5 s, is frame 62 at 25 fps.
        Inputs: [
          {
            FileInput: 's3://media-in/cover/film.mp4',
            InputClippings: [{ StartTimecode: '00:00:02:12', EndTimecode: '00:00:03:11' }],
          },
        ],
      },
    });
    const marker = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    expect(marker).toEqual([
      expect.objectContaining({
        Bucket: 'mps-work',
        Key: `ai/covers/${token}/job.json`,
        Body: JSON.stringify({ jobId: COVER_JOB }),
      }),
    ]);
    expect((await getTask(taskId)).subtasks[0]!.status).toBe('PROCESSING');
  });

  it("job-events: the cover job's COMPLETE event reaches the AI completion and ends the subtask with {prefix}.jpg", async () => {
    s3.on(GetObjectCommand, { Bucket: 'mps-work', Key: `ai/covers/${token}/job.json` }).resolves({
      Body: { transformToString: async () => JSON.stringify({ jobId: COVER_JOB }) } as never,
    });
    s3.on(GetObjectCommand, { Bucket: 'mps-work', Key: `ai/covers/${token}/cover.0000000.jpg` }).resolves({
      Body: { transformToByteArray: async () => JPEG } as never,
    });
    const jobEvents = jobEventsEntry(jobEventsFunction(platform));
    // Its progress changes nothing (and never reaches the job-event service: no mpsTaskId).
    mediaConvert
      .on(GetJobCommand)
      .resolves({ Job: { Id: COVER_JOB, Status: 'PROGRESSING', Role: 'r', Settings: {} } });
    const progressing = coverJobEvent(COVER_JOB, token, 'PROGRESSING');
    expect(matchesEventPattern(jobEventRulePattern(STACK), progressing)).toBe(true);
    expect((await jobEvents(sqsEvent(sqsRecord(progressing)))).batchItemFailures).toEqual([]);
    expect((await getTask(taskId)).subtasks[0]!.status).toBe('PROCESSING');
    expect(mediaConvert.commandCalls(GetJobCommand)).toHaveLength(0);

    mediaConvert.on(GetJobCommand).resolves({
      Job: {
        Id: COVER_JOB,
        Status: 'COMPLETE',
        Role: 'r',
        Settings: {},
        OutputGroupDetails: [{ OutputDetails: [{ VideoDetails: { WidthInPx: 1280, HeightInPx: 720 } }] }],
      },
    });
    const complete = coverJobEvent(COVER_JOB, token, 'COMPLETE');
    expect(matchesEventPattern(jobEventRulePattern(STACK), complete)).toBe(true);
    expect((await jobEvents(sqsEvent(sqsRecord(complete)))).batchItemFailures).toEqual([]);
    expect(mediaConvert.commandCalls(CreateJobCommand)).toHaveLength(0);
    const task = await getTask(taskId);
    const subtask = task.subtasks[0]!;
    expect(subtask).toMatchObject({
      type: 'AiAnalysis',
      status: 'SUCCESS',
      summary: { shots: 2, cover: true },
    });
    const cover = subtask.outputs!.find((o) => o.kind === 'cover')!;
    expect(cover).toMatchObject({ bucket: 'media-out', width: 1280, height: 720, sizeBytes: JPEG.length });
    expect(cover.key).toMatch(/^cover-out\/film_analysis_60\.jpg$/);
    const jpeg = s3
      .commandCalls(PutObjectCommand)
      .map((c) => c.args[0].input)
      .find((i) => i.Key === cover.key)!;
    expect(jpeg).toMatchObject({ Bucket: 'media-out', ContentType: 'image/jpeg', Body: JPEG });
    expect(task).toMatchObject({ status: 'FINISH', result: 'SUCCESS' });
  });
});
