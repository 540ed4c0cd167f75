/**
 * EventBridge "MediaConvert Job State Change" events, shaped like the ones AWS documents
 * (https://docs.aws.amazon.com/mediaconvert/latest/ug/eventbridge_events.html).
 */
import { randomUUID } from 'node:crypto';

export type JobStatus = 'PROGRESSING' | 'STATUS_UPDATE' | 'COMPLETE' | 'ERROR' | 'CANCELED';

export interface OutputDetail {
  outputFilePaths: string[];
  durationInMs: number;
  videoDetails?: { widthInPx: number; heightInPx: number };
}

export interface OutputGroupDetail {
  outputDetails: OutputDetail[];
  type: 'FILE_GROUP' | 'HLS_GROUP';
  /** HLS only: the multivariant (master) playlist. */
  playlistFilePaths?: string[];
}

export type PhaseStatus = 'PENDING' | 'PROGRESSING' | 'COMPLETE';

export interface JobProgress {
  phaseProgress: Record<
    'PROBING' | 'TRANSCODING' | 'UPLOADING',
    { status: PhaseStatus; percentComplete: number }
  >;
  jobPercentComplete: number;
  currentPhase: 'PROBING' | 'TRANSCODING' | 'UPLOADING';
  retryCount: number;
}

export interface JobStateDetail {
  timestamp: number;
  accountId: string;
  queue: string;
  jobId: string;
  status: JobStatus;
  userMetadata: Record<string, string>;
  /** STATUS_UPDATE */
  framesDecoded?: number;
  jobProgress?: JobProgress;
  /** COMPLETE */
  outputGroupDetails?: OutputGroupDetail[];
  /** ERROR */
  errorCode?: number;
  errorMessage?: string;
}

export interface JobStateChangeEvent {
  version: '0';
  id: string;
  'detail-type': 'MediaConvert Job State Change';
  source: 'aws.mediaconvert';
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: JobStateDetail;
}

export interface JobIdentity {
  jobId: string;
  region: string;
  accountId: string;
  queue: string;
  userMetadata: Record<string, string>;
}

export function jobArn(region: string, accountId: string, jobId: string): string {
  return `arn:aws:mediaconvert:${region}:${accountId}:jobs/${jobId}`;
}

export function defaultQueueArn(region: string, accountId: string): string {
  return `arn:aws:mediaconvert:${region}:${accountId}:queues/Default`;
}

export function jobStateEvent(
  job: JobIdentity,
  status: JobStatus,
  extra: Partial<Omit<JobStateDetail, 'status' | 'jobId'>> = {},
  now = new Date(),
): JobStateChangeEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'MediaConvert Job State Change',
    source: 'aws.mediaconvert',
    account: job.accountId,
    // EventBridge times have whole seconds.
    time: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: job.region,
    resources: [jobArn(job.region, job.accountId, job.jobId)],
    detail: {
      timestamp: now.getTime(),
      accountId: job.accountId,
      queue: job.queue,
      jobId: job.jobId,
      status,
      userMetadata: { ...job.userMetadata },
      ...extra,
    },
  };
}

/** jobProgress for a STATUS_UPDATE while transcoding (`percent` 0–100 of the transcode). */
export function transcodingProgress(percent: number): JobProgress {
  const p = Math.max(0, Math.min(100, Math.floor(percent)));
  return {
    phaseProgress: {
      PROBING: { status: 'COMPLETE', percentComplete: 100 },
      TRANSCODING: { status: 'PROGRESSING', percentComplete: p },
      UPLOADING: { status: 'PENDING', percentComplete: 0 },
    },
    // Probing and uploading are quick locally: the job percentage follows the transcode, short of 100.
    jobPercentComplete: Math.min(99, p),
    currentPhase: 'TRANSCODING',
    retryCount: 0,
  };
}
