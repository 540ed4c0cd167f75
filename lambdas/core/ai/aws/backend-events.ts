/**
 * The completion messages of the AWS AI backends, as they arrive on the job-events queue:
 *
 * - Amazon Rekognition Video publishes to its NotificationChannel topic, delivered raw to the queue:
 *   `{"JobId":"…","Status":"SUCCEEDED"|"FAILED"|"ERROR","API":"StartLabelDetection"|"LABEL_DETECTION",
 *   "JobTag":"{taskId}.{no}.{attempt}","Timestamp":1700000000000,"Video":{"S3ObjectName":"…","S3Bucket":"…"}}`
 *   (Rekognition developer guide, "Reference: Video analysis results notification").
 * - Amazon Transcribe's EventBridge event: `{"source":"aws.transcribe","detail-type":"Transcribe Job
 *   State Change","detail":{"TranscriptionJobName":"mps-…-{token}","TranscriptionJobStatus":
 *   "COMPLETED"|"FAILED","FailureReason":"…"}}`.
 * - The cover job of an AI analysis (cover-job.ts) is a MediaConvert job: its "MediaConvert Job State
 *   Change" event arrives through the stack's MediaConvert rule, with `detail.userMetadata.mpsAiCover`
 *   = the token (and no mpsTaskId: it is never a subtask's own job).
 *
 * Either names the subtask attempt it belongs to (the token), which is all the completion needs: the
 * subtask's job id lists every backend job to ask (aws-ai-job.ts).
 */
import { transcribeJobNamePrefix } from '../../../contract';
import { isJsonObject } from '../../json';

export interface BackendCompletion {
  backend: 'rekognition' | 'transcribe' | 'mediaconvert';
  /** The subtask attempt, `{taskId}.{no}.{attempt}`. */
  token: string;
  /** Rekognition JobId, Transcribe job name or MediaConvert job id. */
  backendJobId: string;
  status: 'SUCCEEDED' | 'FAILED';
  /** Epoch ms of the end, when the message says. */
  time?: number;
}

/** MediaConvert statuses that end a cover job. */
const COVER_JOB_END: Readonly<Record<string, BackendCompletion['status']>> = {
  COMPLETE: 'SUCCEEDED',
  ERROR: 'FAILED',
  CANCELED: 'FAILED',
};

/** The detail of a MediaConvert job-state event of a cover job (userMetadata.mpsAiCover set), else undefined. */
function coverJobDetail(body: Record<string, unknown>): Record<string, unknown> | undefined {
  if (body.source !== 'aws.mediaconvert' || !isJsonObject(body.detail)) return undefined;
  const meta = body.detail.userMetadata;
  return isJsonObject(meta) && typeof meta.mpsAiCover === 'string' ? body.detail : undefined;
}

/** True for a message of an AWS AI backend (whether or not it is one of this stack's). */
export function isBackendMessage(body: unknown): boolean {
  if (!isJsonObject(body)) return false;
  if (body.source === 'aws.transcribe') return true;
  if (coverJobDetail(body)) return true;
  return typeof body.JobId === 'string' && typeof body.API === 'string' && 'Status' in body;
}

/**
 * The completion `body` reports, or undefined when it is not one of this stack's (another stack's
 * Transcribe job or cover job, a Rekognition job without our token) or not a final status.
 */
export function parseBackendCompletion(body: unknown, stackId: string): BackendCompletion | undefined {
  if (!isJsonObject(body)) return undefined;
  if (body.source === 'aws.transcribe') {
    const d = isJsonObject(body.detail) ? body.detail : {};
    const name = d.TranscriptionJobName;
    const prefix = transcribeJobNamePrefix(stackId);
    if (typeof name !== 'string' || !name.startsWith(prefix)) return undefined;
    const status = d.TranscriptionJobStatus;
    if (status !== 'COMPLETED' && status !== 'FAILED') return undefined;
    const time = typeof body.time === 'string' ? Date.parse(body.time) : NaN;
    return {
      backend: 'transcribe',
      token: name.slice(prefix.length),
      backendJobId: name,
      status: status === 'COMPLETED' ? 'SUCCEEDED' : 'FAILED',
      ...(Number.isFinite(time) ? { time } : {}),
    };
  }
  const cover = coverJobDetail(body);
  if (cover) {
    const meta = cover.userMetadata as Record<string, unknown>;
    const status = typeof cover.status === 'string' ? COVER_JOB_END[cover.status] : undefined;
    if (meta.mpsStackId !== stackId || !status || typeof cover.jobId !== 'string') return undefined;
    const time = typeof body.time === 'string' ? Date.parse(body.time) : NaN;
    return {
      backend: 'mediaconvert',
      token: meta.mpsAiCover as string,
      backendJobId: cover.jobId,
      status,
      ...(Number.isFinite(time) ? { time } : {}),
    };
  }
  if (typeof body.JobId !== 'string' || typeof body.JobTag !== 'string') return undefined;
  const status = body.Status;
  if (status !== 'SUCCEEDED' && status !== 'FAILED' && status !== 'ERROR') return undefined;
  return {
    backend: 'rekognition',
    token: body.JobTag,
    backendJobId: body.JobId,
    status: status === 'SUCCEEDED' ? 'SUCCEEDED' : 'FAILED',
    ...(typeof body.Timestamp === 'number' ? { time: body.Timestamp } : {}),
  };
}
