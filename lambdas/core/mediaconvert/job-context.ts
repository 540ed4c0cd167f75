import type { AccelerationMode, Input, StatusUpdateInterval } from '@aws-sdk/client-mediaconvert';
import { ValidationError } from '../errors';
import type { SourceInfo, Subtask, Task, Template, WatermarkRef, WatermarkTemplate } from '../model';
import { AUDIO_SELECTOR } from './audio-codec';

/** Everything needed to build the CreateJob request of one subtask attempt. */
export interface JobContext {
  task: Task;
  subtask: Subtask;
  /** Every template the subtask references (watermarks included). */
  templates: ReadonlyMap<number, Template>;
  /** Probed facts, as {@link requiredSourceInfo} asked for. */
  source: SourceInfo;
  /** IAM role MediaConvert assumes. */
  roleArn: string;
  queueArn?: string;
  /** Correlation id of the stack (UserMetadata mpsStackId). */
  stackId: string;
  /** true = AccelerationSettings PREFERRED (accelerate when the job qualifies). */
  accelerated?: boolean;
  /** Explicit acceleration mode; wins over `accelerated`. */
  acceleration?: AccelerationMode;
  /** @default 'SECONDS_10' */
  statusUpdateInterval?: StatusUpdateInterval;
}

/** The template `id` of `type`, or ValidationError 'InvalidInput.DefinitionNotExist'. */
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
