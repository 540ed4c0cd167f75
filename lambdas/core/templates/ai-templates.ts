/**
 * Templates of the AI items: content moderation (`contentReview`), content recognition
 * (`aiRecognition`: OCR, speech) and content analysis (`aiAnalysis`: shots, black segments, cover,
 * labels). What each backend can do with them is in the README ("AI items").
 */
import { z } from 'zod';
import type { AiAnalysisTemplate, AiRecognitionTemplate, ContentReviewTemplate } from '../model';
import { parseOrThrow, strictObject } from '../schemas/zod-issues';
import { commentField, nameField, reject } from './common-fields';

type Body<T> = Omit<T, 'id' | 'preset' | 'createdAt' | 'updatedAt'>;
export type ContentReviewBody = Body<ContentReviewTemplate>;
export type AiRecognitionBody = Body<AiRecognitionTemplate>;
export type AiAnalysisBody = Body<AiAnalysisTemplate>;

/** Limits of the AI templates. */
export const AI_TEMPLATE_LIMITS = {
  minSampleIntervalSeconds: 0.5,
  maxSampleIntervalSeconds: 60,
} as const;

const sampleInterval = z
  .number()
  .min(AI_TEMPLATE_LIMITS.minSampleIntervalSeconds)
  .max(AI_TEMPLATE_LIMITS.maxSampleIntervalSeconds);
const threshold = z.number().int().min(1).max(100);

function withComment<T extends object>(body: T, comment: string | undefined): T {
  return comment === undefined ? body : { ...body, comment };
}

/** Validates a content-review template body; blockThreshold must be above reviewThreshold. */
export function validateContentReviewTemplate(input: unknown): ContentReviewBody {
  const t = parseOrThrow(
    strictObject({
      name: nameField,
      comment: commentField,
      sampleIntervalSeconds: sampleInterval.default(1),
      reviewThreshold: threshold.default(50),
      blockThreshold: threshold.default(85),
    }),
    input,
    '',
  );
  if (t.blockThreshold <= t.reviewThreshold) {
    reject('blockThreshold', t.blockThreshold, `must be greater than reviewThreshold (${t.reviewThreshold})`);
  }
  return withComment(
    {
      type: 'contentReview' as const,
      name: t.name,
      sampleIntervalSeconds: t.sampleIntervalSeconds,
      reviewThreshold: t.reviewThreshold,
      blockThreshold: t.blockThreshold,
    },
    t.comment,
  );
}

/** Validates a content-recognition template body: at least one of ocr, speech. */
export function validateAiRecognitionTemplate(input: unknown): AiRecognitionBody {
  const t = parseOrThrow(
    strictObject({
      name: nameField,
      comment: commentField,
      ocr: z.boolean().default(false),
      speech: z.boolean().default(false),
      language: z.enum(['en-US']).default('en-US'),
      sampleIntervalSeconds: sampleInterval.default(1),
    }),
    input,
    '',
  );
  if (!t.ocr && !t.speech) reject('ocr', t.ocr, 'or speech must be true (a recognition finds something)');
  return withComment(
    {
      type: 'aiRecognition' as const,
      name: t.name,
      ocr: t.ocr,
      speech: t.speech,
      language: t.language,
      sampleIntervalSeconds: t.sampleIntervalSeconds,
    },
    t.comment,
  );
}

/** Validates a content-analysis template body: at least one of shots, blackFrames, cover, labels. */
export function validateAiAnalysisTemplate(input: unknown): AiAnalysisBody {
  const t = parseOrThrow(
    strictObject({
      name: nameField,
      comment: commentField,
      shots: z.boolean().default(false),
      blackFrames: z.boolean().default(false),
      cover: z.boolean().default(false),
      labels: z.boolean().default(false),
    }),
    input,
    '',
  );
  if (!t.shots && !t.blackFrames && !t.cover && !t.labels) {
    reject('shots', t.shots, 'or blackFrames, cover or labels must be true (an analysis finds something)');
  }
  return withComment(
    {
      type: 'aiAnalysis' as const,
      name: t.name,
      shots: t.shots,
      blackFrames: t.blackFrames,
      cover: t.cover,
      labels: t.labels,
    },
    t.comment,
  );
}
