import { ValidationError } from '../errors';
import type { Template, TemplateType } from '../model';
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
