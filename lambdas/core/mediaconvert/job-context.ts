import type { AccelerationMode, Input, StatusUpdateInterval } from '@aws-sdk/client-mediaconvert';
import { ValidationError } from '../errors';
import type { SourceInfo, Subtask, Task, Template, WatermarkRef, WatermarkTemplate } from '../model';
import { assertTemplateCurrent } from '../templates/validate-template';
import { AUDIO_SELECTOR } from './audio-codec';

/** How every job is submitted: the same for the AWS handlers, the API's explain and the local runtime. */
export interface JobSettings {
  /** IAM role MediaConvert assumes. */
  roleArn: string;
  /** @default - the account's Default on-demand queue */
  queueArn?: string;
  /** Correlation id of the stack (UserMetadata mpsStackId). */
  stackId: string;
  /**
   * The operator's acceleration choice (MEDIACONVERT_ACCELERATION). ENABLED is sent only on jobs the
   * documented accelerated-transcoding rules allow, others get PREFERRED (see acceleration.ts).
   * @default - no AccelerationSettings (MediaConvert's DISABLED)
   */
  acceleration?: AccelerationMode;
  /** The stack's work bucket: companion outputs of frame-capture jobs go there (expired after a day). */
  workBucket: string;
  /** @default 'SECONDS_60' (omitted on jobs with audio-only outputs, which MediaConvert requires) */
  statusUpdateInterval?: StatusUpdateInterval;
}

/** What one subtask's share of a job is built from. */
export interface PartContext {
  task: Task;
  subtask: Subtask;
  /** Every template the subtask references (watermarks included). */
  templates: ReadonlyMap<number, Template>;
  /** Probed facts, as {@link requiredSourceInfo} asked for. */
  source: SourceInfo;
}

/** Everything needed to build the CreateJob request of one subtask attempt run on its own. */
export type JobContext = PartContext & JobSettings;

/**
 * The template `id` of `type`, or ValidationError 'InvalidInput.DefinitionNotExist'; a stored template
 * that no longer passes the current rules throws 'InvalidInput.TemplateOutdated'.
 */
export function templateOf<T extends Template['type']>(
  templates: ReadonlyMap<number, Template>,
  id: number,
  type: T,
): Extract<Template, { type: T }> {
  const template = templates.get(id);
  if (!template || template.type !== type) {
    throw new ValidationError(
      `template ${id} ${template ? `is a ${template.type} template, not a ${type} template` : 'does not exist'}`,
      'templateId',
      'InvalidInput.DefinitionNotExist',
    );
  }
  if (!template.preset) assertTemplateCurrent(template);
  return template as Extract<Template, { type: T }>;
}

/** The watermark templates of an item, in order. */
export function watermarksOf(
  templates: ReadonlyMap<number, Template>,
  refs: readonly WatermarkRef[] | undefined,
): WatermarkTemplate[] {
  return (refs ?? []).map((r) => templateOf(templates, r.templateId, 'watermark'));
}

/** `s3://bucket/key` */
export function s3Url(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}

/** The job input: the source file with ZEROBASED timecodes, a video selector and (if wanted) audio. */
export function sourceInput(task: Task, opts: { audio: boolean }): Input {
  return {
    FileInput: s3Url(task.input.bucket, task.input.key),
    VideoSelector: {},
    ...(opts.audio ? { AudioSelectors: { [AUDIO_SELECTOR]: { DefaultSelection: 'DEFAULT' as const } } } : {}),
    TimecodeSource: 'ZEROBASED',
  };
}

/** ValidationError for a source fact the builder needs but was not given. */
export function missingSourceInfo(field: keyof SourceInfo, why: string): ValidationError {
  return new ValidationError(
    `source ${field} is required ${why}; probe it first (see requiredSourceInfo)`,
    `source.${field}`,
    'InvalidInput',
  );
}
