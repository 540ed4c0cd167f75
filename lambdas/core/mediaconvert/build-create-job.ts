import type { CreateJobCommandInput, Input, JobSettings, OutputGroup } from '@aws-sdk/client-mediaconvert';
import { createHash } from 'node:crypto';
import { ValidationError } from '../errors';
import { spriteFramesPrefix, subtaskOutputPrefix } from '../naming/output-paths';
import {
  frameCaptureGroup,
  frameCaptureOutput,
  INVALID_TIME_OFFSET,
  offsetInputs,
  samplingPlan,
} from './frame-capture-job';
import { gifOutput } from './gif-job';
import { sourceInput, templateOf, watermarksOf, type JobContext } from './job-context';
import { clippings, fileGroup, hlsGroup, transcodeOutput } from './transcode-job';
import { timecodeAt } from './timecode';

/**
 * MediaConvert's ClientRequestToken for one subtask attempt (≤ 64 ASCII characters). It only dedupes
 * within about a minute; real idempotency is the task record.
 */
export function clientRequestToken(
  stackId: string,
  taskId: string,
  subtaskNo: number,
  attempt: number,
): string {
  const raw = `${taskId}.${subtaskNo}.${attempt}`;
  const digest = createHash('sha256').update(`${stackId}\n${raw}`, 'utf8').digest('hex');
  const readable = `${raw}.${digest.slice(0, 12)}`;
  // Task ids are short ASCII; anything else falls back to a pure digest.
  return readable.length <= 64 && /^[\x21-\x7e]+$/.test(readable) ? readable : `mps-${digest.slice(0, 48)}`;
}

interface JobBody {
  inputs: Input[];
  groups: OutputGroup[];
}

function transcodeJob(ctx: JobContext): JobBody {
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
  return { inputs: [input], groups: [group] };
}

function adaptiveJob(ctx: JobContext): JobBody {
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
  return {
    inputs: [sourceInput(task, { audio })],
    groups: [
      hlsGroup(task.output.bucket, prefix, renditions, watermarksOf(templates, item.watermarks), source),
    ],
  };
}

function gifJob(ctx: JobContext): JobBody {
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
  };
}

function snapshotJob(ctx: JobContext): JobBody {
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
  };
}

function sampleJob(ctx: JobContext): JobBody {
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
  };
}

function spriteJob(ctx: JobContext): JobBody {
  if (ctx.subtask.type !== 'ImageSprite') throw new Error('unreachable');
  const { task, source } = ctx;
  const template = templateOf(ctx.templates, ctx.subtask.item.templateId, 'sprite');
  const plan = samplingPlan(template.sampleType, template.interval, source);
  const output = frameCaptureOutput(template, plan.rate, plan.maxCaptures, [], source);
  const framesKey = spriteFramesPrefix(subtaskOutputPrefix(task, ctx.subtask));
  return {
    inputs: [sourceInput(task, { audio: false })],
    groups: [frameCaptureGroup(task.output.bucket, framesKey, output)],
  };
}

const BODY_BUILDERS = {
  Transcode: transcodeJob,
  AdaptiveStreaming: adaptiveJob,
  AnimatedGraphics: gifJob,
  SnapshotByTimeOffset: snapshotJob,
  SampleSnapshot: sampleJob,
  ImageSprite: spriteJob,
} as const;

/**
 * The CreateJob request (SDK form) of one subtask attempt: one job per subtask, outputs named as in
 * naming/output-paths, UserMetadata { mpsStackId, mpsTaskId, mpsSubtaskNo, mpsAttempt } for the
 * job-state events. Throws ValidationError ('InvalidInput…') when the job cannot be built: a missing
 * template, a source fact that was not probed, or a time offset outside the source.
 */
export function buildCreateJob(ctx: JobContext): CreateJobCommandInput {
  const { task, subtask } = ctx;
  const body = BODY_BUILDERS[subtask.type](ctx);
  const settings: JobSettings = {
    TimecodeConfig: { Source: 'ZEROBASED' },
    Inputs: body.inputs,
    OutputGroups: body.groups,
  };
  const acceleration = ctx.acceleration ?? (ctx.accelerated ? 'PREFERRED' : undefined);
  return {
    Role: ctx.roleArn,
    ...(ctx.queueArn ? { Queue: ctx.queueArn } : {}),
    ...(acceleration ? { AccelerationSettings: { Mode: acceleration } } : {}),
    StatusUpdateInterval: ctx.statusUpdateInterval ?? 'SECONDS_10',
    ClientRequestToken: clientRequestToken(ctx.stackId, task.taskId, subtask.no, subtask.attempt),
    UserMetadata: {
      mpsStackId: ctx.stackId,
      mpsTaskId: task.taskId,
      mpsSubtaskNo: String(subtask.no),
      mpsAttempt: String(subtask.attempt),
    },
    Settings: settings,
  };
}
