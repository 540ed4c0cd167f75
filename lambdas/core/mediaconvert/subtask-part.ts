/**
 * One subtask's share of a MediaConvert job: its inputs and output groups, and how it may share a job
 * with other subtasks of the same task (see job-plan.ts).
 */
import type { Input, OutputGroup } from '@aws-sdk/client-mediaconvert';
import { ValidationError } from '../errors';
import type { AiSubtaskType, Subtask } from '../model';
import { isAiSubtaskType } from '../ai/ai-kinds';
import { spriteFramesPrefix, subtaskOutputPrefix } from '../naming/output-paths';
import {
  frameCaptureGroup,
  frameCaptureOutput,
  INVALID_TIME_OFFSET,
  offsetInputs,
  samplingPlan,
} from './frame-capture-job';
import { gifOutput } from './gif-job';
import { sourceInput, templateOf, watermarksOf, type PartContext } from './job-context';
import { timecodeAt } from './timecode';
import { clippings, fileGroup, hlsGroup, transcodeOutput } from './transcode-job';

/**
 * - `host`: a regular video output over the whole, unclipped source; frame captures of the same source
 *   may join its job.
 * - `attachable`: frame captures over the whole source (sampled snapshots, sprite frames); they join a
 *   host's job, or share a job with a companion output.
 * - `standalone`: its own job (clipped or stitched inputs, or no video to host anything).
 */
export type PartRole = 'host' | 'attachable' | 'standalone';

export interface JobPart {
  subtask: Subtask;
  inputs: Input[];
  groups: OutputGroup[];
  role: PartRole;
  /** True when the part's only video outputs are frame captures: its job needs a regular video output. */
  framesOnly: boolean;
}

type PartBuilder = (ctx: PartContext) => Omit<JobPart, 'subtask'>;

const transcodePart: PartBuilder = (ctx) => {
  if (ctx.subtask.type !== 'Transcode') throw new Error('unreachable');
  const { task, source, templates } = ctx;
  const item = ctx.subtask.item;
  const template = templateOf(templates, item.templateId, 'transcode');
  const watermarks = watermarksOf(templates, item.watermarks);
  const prefix = subtaskOutputPrefix(task, ctx.subtask);
  const clip = clippings(item.startTime, item.endTime, source.frameRate);
  const input = {
    ...sourceInput(task, { audio: !template.removeAudio }),
    ...(clip ? { InputClippings: clip } : {}),
  };
  const group =
    template.container === 'hls'
      ? hlsGroup(task.output.bucket, prefix, [template], watermarks, source)
      : fileGroup(task.output.bucket, prefix, transcodeOutput(template, watermarks, source, { hls: false }));
  const video = !template.removeVideo && template.video !== undefined;
  return {
    inputs: [input],
    groups: [group],
    role: video && !clip ? 'host' : 'standalone',
    framesOnly: false,
  };
};

const adaptivePart: PartBuilder = (ctx) => {
  if (ctx.subtask.type !== 'AdaptiveStreaming') throw new Error('unreachable');
  const { task, source, templates } = ctx;
  const item = ctx.subtask.item;
  const renditions = item.templateIds.map((id) => {
    const t = templateOf(templates, id, 'transcode');
    if (t.container !== 'hls') {
      throw new ValidationError(
        `template ${id} has container '${t.container}'; adaptive streaming needs 'hls' templates`,
        'templateIds',
        'InvalidInput',
      );
    }
    return t;
  });
  const prefix = subtaskOutputPrefix(task, ctx.subtask);
  const audio = renditions.some((t) => !t.removeAudio);
  const video = renditions.some((t) => !t.removeVideo && t.video !== undefined);
  return {
    inputs: [sourceInput(task, { audio })],
    groups: [
      hlsGroup(task.output.bucket, prefix, renditions, watermarksOf(templates, item.watermarks), source),
    ],
    role: video ? 'host' : 'standalone',
    framesOnly: false,
  };
};

const gifPart: PartBuilder = (ctx) => {
  if (ctx.subtask.type !== 'AnimatedGraphics') throw new Error('unreachable');
  const { task, source } = ctx;
  const item = ctx.subtask.item;
  const template = templateOf(ctx.templates, item.templateId, 'animatedGraphics');
  const d = source.durationSeconds;
  if (d !== undefined && item.startTime >= d) {
    throw new ValidationError(
      `startTime ${item.startTime}s is at or beyond the end of the source (${d}s)`,
      'startTime',
      INVALID_TIME_OFFSET,
    );
  }
  const clip = {
    StartTimecode: timecodeAt(item.startTime, source.frameRate),
    ...(d !== undefined && item.endTime >= d
      ? {}
      : { EndTimecode: timecodeAt(item.endTime, source.frameRate) }),
  };
  return {
    inputs: [{ ...sourceInput(task, { audio: false }), InputClippings: [clip] }],
    groups: [
      fileGroup(task.output.bucket, subtaskOutputPrefix(task, ctx.subtask), gifOutput(template), 'GIF'),
    ],
    role: 'standalone',
    framesOnly: false,
  };
};

const snapshotPart: PartBuilder = (ctx) => {
  if (ctx.subtask.type !== 'SnapshotByTimeOffset') throw new Error('unreachable');
  const { task, source } = ctx;
  const item = ctx.subtask.item;
  const template = templateOf(ctx.templates, item.templateId, 'snapshot');
  const { inputs, rate } = offsetInputs(sourceInput(task, { audio: false }), item.offsets, source);
  const output = frameCaptureOutput(
    template,
    rate,
    inputs.length,
    watermarksOf(ctx.templates, item.watermarks),
    source,
  );
  return {
    inputs,
    groups: [frameCaptureGroup(task.output.bucket, subtaskOutputPrefix(task, ctx.subtask), output)],
    role: 'standalone',
    framesOnly: true,
  };
};

const samplePart: PartBuilder = (ctx) => {
  if (ctx.subtask.type !== 'SampleSnapshot') throw new Error('unreachable');
  const { task, source } = ctx;
  const item = ctx.subtask.item;
  const template = templateOf(ctx.templates, item.templateId, 'sampleSnapshot');
  const plan = samplingPlan(template.sampleType, template.interval, source);
  const output = frameCaptureOutput(
    template,
    plan.rate,
    plan.maxCaptures,
    watermarksOf(ctx.templates, item.watermarks),
    source,
  );
  return {
    inputs: [sourceInput(task, { audio: false })],
    groups: [frameCaptureGroup(task.output.bucket, subtaskOutputPrefix(task, ctx.subtask), output)],
    role: 'attachable',
    framesOnly: true,
  };
};

const spritePart: PartBuilder = (ctx) => {
  if (ctx.subtask.type !== 'ImageSprite') throw new Error('unreachable');
  const { task, source } = ctx;
  const template = templateOf(ctx.templates, ctx.subtask.item.templateId, 'sprite');
  const plan = samplingPlan(template.sampleType, template.interval, source);
  const output = frameCaptureOutput(template, plan.rate, plan.maxCaptures, [], source);
  const framesKey = spriteFramesPrefix(subtaskOutputPrefix(task, ctx.subtask));
  return {
    inputs: [sourceInput(task, { audio: false })],
    groups: [frameCaptureGroup(task.output.bucket, framesKey, output)],
    role: 'attachable',
    framesOnly: true,
  };
};

const PART_BUILDERS: Readonly<Record<Exclude<Subtask['type'], AiSubtaskType>, PartBuilder>> = {
  Transcode: transcodePart,
  AdaptiveStreaming: adaptivePart,
  AnimatedGraphics: gifPart,
  SnapshotByTimeOffset: snapshotPart,
  SampleSnapshot: samplePart,
  ImageSprite: spritePart,
};

/**
 * The inputs and output groups of one subtask, and its role in job planning. Throws ValidationError
 * ('InvalidInput…') when they cannot be built: a missing template, a source fact that was not probed,
 * or a time offset outside the source.
 */
export function buildSubtaskPart(ctx: PartContext): JobPart {
  const type = ctx.subtask.type;
  if (isAiSubtaskType(type)) {
    throw new Error(`subtask ${ctx.subtask.no} (${type}) runs on the AI engine, not in a MediaConvert job`);
  }
  return { subtask: ctx.subtask, ...PART_BUILDERS[type](ctx) };
}
