/**
 * The AI engine in AWS. Amazon Rekognition Video (StartContentModeration, StartLabelDetection,
 * StartTextDetection, StartSegmentDetection) and Amazon Transcribe (StartTranscriptionJob) are not wired
 * yet (issue #13, README "AI items"), so a schema with AI items must not deploy and silently do nothing:
 * every AI subtask fails at once with the documented code `NotAvailableOnAws`, and the other subtasks of
 * the task run as usual.
 */
import { AI_ERROR_CODES } from '../core/ai/ai-kinds';
import type { AiJobRequest } from '../core/ai/ai-request';
import { MpsError } from '../core/errors';
import type { AiJobState, MediaAiEngine } from '../core/ports';

const BACKEND: Record<AiJobRequest['type'], string> = {
  ContentReview: 'Amazon Rekognition Video content moderation (StartContentModeration)',
  AiRecognition: 'Amazon Rekognition Video text detection and Amazon Transcribe',
  AiAnalysis: 'Amazon Rekognition Video segment and label detection',
};

/**
 * The item kinds the AWS deployment refuses in schemas, ProcessMedia calls and declarations until the
 * engine above exists (a clear error at creation rather than subtasks that always fail).
 */
export const AWS_UNAVAILABLE_ITEMS = {
  kinds: ['contentReview', 'aiRecognition', 'aiAnalysis'] as const,
  reason:
    'content review, AI recognition and AI analysis items do not run on AWS yet (Amazon Rekognition Video and ' +
    'Amazon Transcribe are not wired in this version); they run in the local runtime (npm start). See the ' +
    'README, "AI items".',
};

export class AwsAiEngine implements MediaAiEngine {
  start(request: AiJobRequest): Promise<{ jobId: string }> {
    return Promise.reject(
      new MpsError(
        AI_ERROR_CODES.notAvailableOnAws,
        `${request.type} subtasks do not run on AWS yet: ${BACKEND[request.type]} is not implemented in this version; they run in the local runtime (npm start)`,
      ),
    );
  }

  /** No AI job is ever started here, so there is none to cancel. */
  cancel(): Promise<void> {
    return Promise.resolve();
  }

  /** No AI job is ever started here: every id is unknown. */
  describe(): Promise<AiJobState | undefined> {
    return Promise.resolve(undefined);
  }
}
