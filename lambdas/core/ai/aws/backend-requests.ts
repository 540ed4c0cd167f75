/**
 * The exact Amazon Rekognition Video and Amazon Transcribe requests of an AI subtask (SDK v3 input
 * form), pure so that the engine sends them and `mps explain` shows them alike. Which parts run:
 *
 * | subtask | template | requests |
 * | --- | --- | --- |
 * | ContentReview | any | StartContentModeration (MinConfidence = reviewThreshold) |
 * | AiRecognition | ocr | StartTextDetection |
 * | AiRecognition | speech | StartTranscriptionJob (en-US, WebVTT + SRT subtitles, into the work bucket) |
 * | AiAnalysis | shots / blackFrames | StartSegmentDetection (SHOT / TECHNICAL_CUE) |
 * | AiAnalysis | cover | StartSegmentDetection (SHOT and TECHNICAL_CUE), then a MediaConvert frame capture (cover-job.ts) |
 * | AiAnalysis | labels | StartLabelDetection |
 *
 * The cover is taken where segment detection found the longest non-black shot, so a cover always runs
 * segment detection with both types; the result still lists only the sections asked for.
 */
import type {
  StartContentModerationRequest,
  StartLabelDetectionRequest,
  StartSegmentDetectionRequest,
  StartTextDetectionRequest,
} from '@aws-sdk/client-rekognition';
import type { StartTranscriptionJobRequest } from '@aws-sdk/client-transcribe';
import { AI_WORK_PREFIX, transcribeJobNamePrefix } from '../../../contract';
import type { AiJobRequest } from '../ai-request';
import { rekognitionClientToken, type AwsAiPart, type RekognitionPart } from './aws-ai-job';

/** Where Rekognition reports finished jobs, and where Transcribe writes. */
export interface AwsAiSettings {
  stackId: string;
  /** Rekognition's NotificationChannel: the SNS topic and the role it publishes with. */
  notificationTopicArn: string;
  notificationRoleArn: string;
  /** The work bucket (Transcribe output, expired scratch space). */
  workBucket: string;
}

/** Minimum confidence of the labels StartLabelDetection returns (Rekognition's own default is 50). */
export const LABEL_MIN_CONFIDENCE = 70;

export type BackendRequest =
  | { part: 'moderation'; api: 'rekognition:StartContentModeration'; input: StartContentModerationRequest }
  | { part: 'text'; api: 'rekognition:StartTextDetection'; input: StartTextDetectionRequest }
  | { part: 'segments'; api: 'rekognition:StartSegmentDetection'; input: StartSegmentDetectionRequest }
  | { part: 'labels'; api: 'rekognition:StartLabelDetection'; input: StartLabelDetectionRequest }
  | { part: 'speech'; api: 'transcribe:StartTranscriptionJob'; input: StartTranscriptionJobRequest };

/** The Transcribe job name of a subtask attempt: this stack's prefix + the token. */
export function transcriptionJobName(stackId: string, token: string): string {
  return `${transcribeJobNamePrefix(stackId)}${token}`;
}

/** Where Transcribe writes a job's transcript (its subtitles go beside it, same name, .vtt/.srt). */
export function transcriptKey(jobName: string): string {
  return `${AI_WORK_PREFIX}${jobName}.json`;
}

/** The requests that start `request` on AWS, in a fixed order; [] when nothing it asks for runs on AWS. */
export function backendRequests(request: AiJobRequest, aws: AwsAiSettings): BackendRequest[] {
  const s = request.settings;
  const video = { S3Object: { Bucket: request.input.bucket, Name: request.input.key } };
  const common = (part: RekognitionPart) => ({
    Video: video,
    ClientRequestToken: rekognitionClientToken(aws.stackId, request.clientToken, part),
    NotificationChannel: { SNSTopicArn: aws.notificationTopicArn, RoleArn: aws.notificationRoleArn },
    JobTag: request.clientToken,
  });
  const out: BackendRequest[] = [];
  if (s.type === 'contentReview') {
    out.push({
      part: 'moderation',
      api: 'rekognition:StartContentModeration',
      input: { ...common('moderation'), MinConfidence: s.reviewThreshold },
    });
  } else if (s.type === 'aiRecognition') {
    if (s.ocr) out.push({ part: 'text', api: 'rekognition:StartTextDetection', input: common('text') });
    if (s.speech) {
      const name = transcriptionJobName(aws.stackId, request.clientToken);
      out.push({
        part: 'speech',
        api: 'transcribe:StartTranscriptionJob',
        input: {
          TranscriptionJobName: name,
          LanguageCode: s.language,
          Media: { MediaFileUri: `s3://${request.input.bucket}/${request.input.key}` },
          OutputBucketName: aws.workBucket,
          OutputKey: transcriptKey(name),
          Subtitles: { Formats: ['vtt', 'srt'], OutputStartIndex: 1 },
        },
      });
    }
  } else {
    const types = [
      ...(s.shots || s.cover ? ['SHOT' as const] : []),
      ...(s.blackFrames || s.cover ? ['TECHNICAL_CUE' as const] : []),
    ];
    if (types.length > 0) {
      out.push({
        part: 'segments',
        api: 'rekognition:StartSegmentDetection',
        input: { ...common('segments'), SegmentTypes: types },
      });
    }
    if (s.labels) {
      out.push({
        part: 'labels',
        api: 'rekognition:StartLabelDetection',
        input: { ...common('labels'), MinConfidence: LABEL_MIN_CONFIDENCE },
      });
    }
  }
  return out;
}

/** The parts `request` would run (same order as backendRequests). */
export function backendParts(request: AiJobRequest, aws: AwsAiSettings): AwsAiPart[] {
  return backendRequests(request, aws).map((r) => r.part);
}
