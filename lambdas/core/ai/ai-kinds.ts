/**
 * The AI subtasks (ContentReview, AiRecognition, AiAnalysis) are not MediaConvert jobs: the task runner
 * starts them on the AI engine port (`MediaAiEngine`, core/ports.ts) and their completion comes back as
 * an "MPS AI Job State Change" event on the job-events queue (ai-job-event.ts).
 */
import type { AiSubtaskType, Subtask, SubtaskType, TemplateType } from '../model';

export const AI_SUBTASK_TYPES: readonly AiSubtaskType[] = ['ContentReview', 'AiRecognition', 'AiAnalysis'];

/** The template type each AI subtask type uses. */
export const AI_TEMPLATE_TYPE: Readonly<Record<AiSubtaskType, TemplateType>> = {
  ContentReview: 'contentReview',
  AiRecognition: 'aiRecognition',
  AiAnalysis: 'aiAnalysis',
};

export function isAiSubtaskType(type: SubtaskType): type is AiSubtaskType {
  return (AI_SUBTASK_TYPES as readonly string[]).includes(type);
}

export function isAiSubtask(subtask: Subtask): subtask is Subtask & { type: AiSubtaskType } {
  return isAiSubtaskType(subtask.type);
}

/** The output kind of each AI subtask type's result JSON (`{prefix}.json`), whichever engine wrote it. */
export const AI_RESULT_KIND: Readonly<Record<AiSubtaskType, string>> = {
  ContentReview: 'reviewResult',
  AiRecognition: 'recognitionResult',
  AiAnalysis: 'analysisResult',
};

/** Ids of AI jobs start with this, so the watchdog and the recovery ask the AI engine, not MediaConvert. */
export const AI_JOB_ID_PREFIX = 'ai-';

export function isAiJobId(jobId: string): boolean {
  return jobId.startsWith(AI_JOB_ID_PREFIX);
}

/**
 * Subtask error codes of the AI engines (README "AI items"):
 * - `NotAvailableLocally`: none of what the template asks for has an offline engine in the local runtime
 *   (speech to text, labels); parts that cannot run beside parts that can are reported as such in the
 *   result instead.
 * - `NotAvailableOnAws`: there is no AWS backend for it: a stack deployed without its AI backends, or (in a
 *   result) a cover on an engine built without MediaConvert.
 * - `AiEngineError`: the engine failed on this source (an unreadable video…); the message says why.
 */
export const AI_ERROR_CODES = {
  notAvailableLocally: 'NotAvailableLocally',
  notAvailableOnAws: 'NotAvailableOnAws',
  engineError: 'AiEngineError',
} as const;
