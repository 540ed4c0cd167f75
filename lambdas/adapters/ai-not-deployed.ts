/**
 * The AI engine of a stack deployed without its AI backends (`mediaAi: false`): the API refuses AI
 * items where they enter (AWS_UNAVAILABLE_ITEMS), and a schema stored otherwise fails its AI subtasks
 * at once with `NotAvailableOnAws` while its other subtasks run.
 */
import { AI_ERROR_CODES } from '../core/ai/ai-kinds';
import type { AiJobRequest } from '../core/ai/ai-request';
import { MpsError } from '../core/errors';
import type { AiJobState, MediaAiEngine } from '../core/ports';

/** The item kinds such a deployment refuses in schemas, ProcessMedia calls and declarations. */
export const AWS_UNAVAILABLE_ITEMS = {
  kinds: ['contentReview', 'aiRecognition', 'aiAnalysis'] as const,
  reason:
    'content review, AI recognition and AI analysis items need Amazon Rekognition Video and Amazon Transcribe, ' +
    'which this stack was deployed without (mediaAi: false); deploy it with mediaAi enabled (the default) or ' +
    'run them in the local runtime (npm start). See the README, "AI items".',
};

export class AiNotDeployedEngine implements MediaAiEngine {
  start(request: AiJobRequest): Promise<{ jobId: string }> {
    return Promise.reject(
      new MpsError(
        AI_ERROR_CODES.notAvailableOnAws,
        `${request.type} subtasks cannot run: this stack was deployed without its AI backends (mediaAi: false)`,
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
