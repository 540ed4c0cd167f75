/**
 * Every Rekognition Video and Transcribe request the AI items can produce, for checking against AWS's
 * models (test/unit/ai/aws-requests-model.test.ts, scripts/generated-ai-requests.ts), like job-matrix.ts for CreateJob: the preset AI
 * templates and the edge values of custom ones × keys with spaces, `+`, unicode and `%` × a plain and a
 * longest-possible stack id.
 */
import type { AiJobRequest } from '../../../lambdas/core/ai/ai-request';
import {
  backendRequests,
  type AwsAiSettings,
  type BackendRequest,
} from '../../../lambdas/core/ai/aws/backend-requests';

/** The model shape of each request's input. */
export const REQUEST_SHAPES: Readonly<Record<BackendRequest['api'], string>> = {
  'rekognition:StartContentModeration': 'com.amazonaws.rekognition#StartContentModerationRequest',
  'rekognition:StartTextDetection': 'com.amazonaws.rekognition#StartTextDetectionRequest',
  'rekognition:StartSegmentDetection': 'com.amazonaws.rekognition#StartSegmentDetectionRequest',
  'rekognition:StartLabelDetection': 'com.amazonaws.rekognition#StartLabelDetectionRequest',
  'transcribe:StartTranscriptionJob': 'com.amazonaws.transcribe#StartTranscriptionJobRequest',
};

const SETTINGS: ReadonlyArray<AiJobRequest['settings']> = [
  { type: 'contentReview', sampleIntervalSeconds: 1, reviewThreshold: 50, blockThreshold: 85 },
  { type: 'contentReview', sampleIntervalSeconds: 60, reviewThreshold: 1, blockThreshold: 2 },
  { type: 'contentReview', sampleIntervalSeconds: 0.5, reviewThreshold: 99, blockThreshold: 100 },
  ...[
    [true, false],
    [false, true],
    [true, true],
  ].map(([ocr, speech]) => ({
    type: 'aiRecognition' as const,
    ocr: ocr!,
    speech: speech!,
    language: 'en-US' as const,
    sampleIntervalSeconds: 1,
  })),
  ...[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15].map((bits) => ({
    type: 'aiAnalysis' as const,
    shots: (bits & 1) > 0,
    blackFrames: (bits & 2) > 0,
    cover: (bits & 4) > 0,
    labels: (bits & 8) > 0,
  })),
];

const KEYS = [
  'in/clip.mp4',
  'in/my clip+1.mp4',
  'in/ünïcødé 映像.mov',
  'in/100% done.mp4',
  `in/${'a'.repeat(1000)}.mp4`,
];
// Stack names are at most 128 characters; task ids have a fixed form, subtask numbers and attempts grow.
const STACKS = ['MpsStack', `S${'x-'.repeat(63)}y`];
const TOKENS = ['t-20260301T100000Z-0123456789abcdef.1.1', 't-20261231T235959Z-ffffffffffffffff.120.99'];

/** Every request, with the shape its input must fit. */
export function generatedAiRequests(): Array<BackendRequest & { shape: string }> {
  const out: Array<BackendRequest & { shape: string }> = [];
  for (const stackId of STACKS) {
    const aws: AwsAiSettings = {
      stackId,
      notificationTopicArn: `arn:aws:sns:eu-west-1:111111111111:${stackId}-AiJobsTopic`,
      notificationRoleArn: `arn:aws:iam::111111111111:role/${stackId.slice(0, 40)}-RekognitionRole`,
      workBucket: 'mpsstack-workbucket-1a2b3c4d5e6f',
    };
    for (const settings of SETTINGS)
      for (const key of KEYS)
        for (const clientToken of TOKENS) {
          const request: AiJobRequest = {
            clientToken,
            type: 'AiAnalysis',
            input: { bucket: 'media-in.example-1', key },
            output: { bucket: 'media-out', prefix: 'out/x' },
            settings,
            userMetadata: {},
          };
          for (const r of backendRequests(request, aws)) out.push({ ...r, shape: REQUEST_SHAPES[r.api] });
        }
  }
  return out;
}
