/**
 * "MPS AI Job State Change": the event an AI engine sends to the job-events queue when an AI job starts
 * and ends, shaped like MediaConvert's "Job State Change" (same `userMetadata`, status names, error
 * fields), so the job-event service, the outbox, the watchdog and duplicate handling treat both alike.
 * The difference: COMPLETE lists the files in `outputs` (SubtaskOutput form) with a `summary`, instead of
 * MediaConvert's outputGroupDetails.
 *
 * ```json
 * { "version": "0", "id": "…", "source": "mps.ai", "detail-type": "MPS AI Job State Change",
 *   "time": "2026-01-01T00:00:00Z",
 *   "detail": { "jobId": "ai-…", "status": "COMPLETE", "engine": "local",
 *     "userMetadata": { "mpsStackId": "…", "mpsTaskId": "…", "mpsSubtasks": "3.1" },
 *     "outputs": [ { "bucket": "b", "key": "out/a_analysis_60.json", "kind": "analysisResult", "sizeBytes": 812 } ],
 *     "summary": { "shots": 3, "blackSegments": 1 } } }
 * ```
 */
import type { AiSummary, JobEventStatus, SubtaskOutput } from '../model';

export const AI_EVENT_SOURCE = 'mps.ai';
export const AI_EVENT_DETAIL_TYPE = 'MPS AI Job State Change';

export interface AiJobStateDetail {
  jobId: string;
  status: Extract<JobEventStatus, 'PROGRESSING' | 'COMPLETE' | 'ERROR' | 'CANCELED'>;
  /** Which backend ran it ('local', 'rekognition', 'transcribe'). */
  engine: string;
  userMetadata: Record<string, string>;
  outputs?: SubtaskOutput[];
  summary?: AiSummary;
  errorCode?: string;
  errorMessage?: string;
}

/** The EventBridge-shaped envelope of an AI job-state detail (`time` has whole seconds, like EventBridge's). */
export function aiJobStateEvent(detail: AiJobStateDetail, now: Date, id: string): Record<string, unknown> {
  return {
    version: '0',
    id,
    source: AI_EVENT_SOURCE,
    'detail-type': AI_EVENT_DETAIL_TYPE,
    time: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    resources: [],
    detail,
  };
}
