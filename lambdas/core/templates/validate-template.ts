import { ValidationError } from '../errors';
import type { Template, TemplateType } from '../model';
import {
  validateAiAnalysisTemplate,
  validateAiRecognitionTemplate,
  validateContentReviewTemplate,
} from './ai-templates';
import {
  validateAnimatedGraphicsTemplate,
  validateSampleSnapshotTemplate,
  validateSnapshotTemplate,
  validateSpriteTemplate,
} from './image-templates';
import { validateTranscodeTemplate } from './transcode-template';
import { validateWatermarkTemplate } from './watermark-template';

/** A template without the fields the service owns (id, preset, createdAt, updatedAt). */
export type TemplateBody = Template extends infer T
  ? T extends Template
    ? Omit<T, 'id' | 'preset' | 'createdAt' | 'updatedAt'>
    : never
  : never;

const VALIDATORS: Record<TemplateType, (input: unknown) => TemplateBody> = {
  transcode: validateTranscodeTemplate,
  watermark: validateWatermarkTemplate,
  snapshot: validateSnapshotTemplate,
  sampleSnapshot: validateSampleSnapshotTemplate,
  sprite: validateSpriteTemplate,
  animatedGraphics: validateAnimatedGraphicsTemplate,
  contentReview: validateContentReviewTemplate,
  aiRecognition: validateAiRecognitionTemplate,
  aiAnalysis: validateAiAnalysisTemplate,
};

/**
 * Validates a template body of `type` in API form (lengths may be strings such as "5%") and returns
 * the normalised model form with defaults applied. Throws ValidationError naming the field, the
 * rejected value and what is allowed.
 */
export function validateTemplate(type: TemplateType, input: unknown): TemplateBody {
  const validate = VALIDATORS[type];
  if (!validate) {
    throw new ValidationError(
      `type must be one of ${Object.keys(VALIDATORS).join(', ')}; got ${JSON.stringify(type)}`,
      'type',
    );
  }
  return validate(input);
}

/** Code of a subtask whose stored template no longer passes the current validation rules. */
export const TEMPLATE_OUTDATED = 'InvalidInput.TemplateOutdated';

/**
 * Checks a stored template against the current rules: one saved before a rule was tightened (an MP3
 * track, 5.1 AAC, a BMP watermark…) must not build a job MediaConvert refuses or that fails later.
 * Throws ValidationError (code {@link TEMPLATE_OUTDATED}) naming the template, the field and the rule.
 */
export function assertTemplateCurrent(template: Template): void {
  const { id, type, preset: _preset, createdAt: _created, updatedAt: _updated, ...body } = template;
  try {
    validateTemplate(type, body);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    throw new ValidationError(
      `template ${id} no longer passes validation: ${err.message}; update it (PUT /templates/${id})`,
      err.field,
      TEMPLATE_OUTDATED,
    );
  }
}
