/**
 * An AI subtask on AWS is one to three backend jobs (Amazon Rekognition Video and/or Amazon Transcribe)
 * that end separately. Its job id (`ai-aws-…`) carries what is needed to finish it from any of their
 * completion events, or from the watchdog, without another store: the backend job ids, the subtask it
 * belongs to, when it started and the few settings the results are read with.
 */
import { createHash } from 'node:crypto';
import { AI_JOB_ID_PREFIX } from '../ai-kinds';

/** The backend jobs an AI subtask may run on AWS. */
export type AwsAiPart = 'moderation' | 'text' | 'segments' | 'labels' | 'speech';

/** Rekognition Video operations per part (speech is Amazon Transcribe). */
export const REKOGNITION_PARTS = ['moderation', 'text', 'segments', 'labels'] as const;
export type RekognitionPart = (typeof REKOGNITION_PARTS)[number];

export interface AwsAiJob {
  /** The subtask attempt: `{taskId}.{no}.{attempt}` (AiJobRequest.clientToken). */
  token: string;
  /** Start time, epoch seconds. */
  at: number;
  /** Rekognition JobId per Rekognition part; the Transcribe job name for speech. */
  parts: Partial<Record<AwsAiPart, string>>;
  /** ContentReview: the verdict thresholds. */
  review?: { reviewThreshold: number; blockThreshold: number };
  /** AiAnalysis: which of the segment results were asked for, and whether a cover was. */
  analysis?: { shots: boolean; blackFrames: boolean; cover: boolean };
}

const PREFIX = `${AI_JOB_ID_PREFIX}aws-`;

/** `ai-aws-` + base64url(JSON): stable for the same job. */
export function awsAiJobId(job: AwsAiJob): string {
  return PREFIX + Buffer.from(JSON.stringify(job)).toString('base64url');
}

/** The job an `ai-aws-…` id describes, or undefined for any other id. */
export function parseAwsAiJobId(jobId: string): AwsAiJob | undefined {
  if (!jobId.startsWith(PREFIX)) return undefined;
  try {
    const job = JSON.parse(Buffer.from(jobId.slice(PREFIX.length), 'base64url').toString('utf8')) as unknown;
    if (typeof job !== 'object' || job === null) return undefined;
    const j = job as Partial<AwsAiJob>;
    if (typeof j.token !== 'string' || typeof j.at !== 'number' || typeof j.parts !== 'object' || !j.parts)
      return undefined;
    return j as AwsAiJob;
  } catch {
    return undefined;
  }
}

/** A subtask attempt named by a token. */
export interface AiJobToken {
  taskId: string;
  no: number;
  attempt: number;
}

/** `{taskId}.{no}.{attempt}` → its parts, or undefined when it is not one. */
export function parseAiJobToken(token: string): AiJobToken | undefined {
  const m = /^(.+)\.(\d+)\.(\d+)$/.exec(token);
  if (!m) return undefined;
  return { taskId: m[1]!, no: Number(m[2]), attempt: Number(m[3]) };
}

/**
 * Rekognition's ClientRequestToken of one part (pattern `^[a-zA-Z0-9-_]+$`, at most 64): a digest of
 * stack, subtask attempt and part, so a redelivered start returns the job already started and two
 * stacks of one account never share a token.
 */
export function rekognitionClientToken(stackId: string, token: string, part: RekognitionPart): string {
  return `mps-${createHash('sha256').update(`${stackId}\n${token}\n${part}`).digest('hex').slice(0, 48)}`;
}
