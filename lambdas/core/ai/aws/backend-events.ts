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
 *
 * Either names the subtask attempt it belongs to (the token), which is all the completion needs: the
 * subtask's job id lists every backend job to ask (aws-ai-job.ts).
 */
import { transcribeJobNamePrefix } from '../../../contract';
import { isJsonObject } from '../../json';

export interface BackendCompletion {
  backend: 'rekognition' | 'transcribe';
  /** The subtask attempt, `{taskId}.{no}.{attempt}`. */
  token: string;
  /** Rekognition JobId or Transcribe job name. */
  backendJobId: string;
  status: 'SUCCEEDED' | 'FAILED';
  /** Epoch ms of the end, when the message says. */
  time?: number;
}

/** True for a message of an AWS AI backend (whether or not it is one of this stack's). */
export function isBackendMessage(body: unknown): boolean {
  if (!isJsonObject(body)) return false;
  if (body.source === 'aws.transcribe') return true;
  return typeof body.JobId === 'string' && typeof body.API === 'string' && 'Status' in body;
}

/**
 * The completion `body` reports, or undefined when it is not one of this stack's (another stack's
 * Transcribe job, a Rekognition job without our token) or not a final status.
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
