import type { CreateJobCommandInput } from '@aws-sdk/client-mediaconvert';
import type { AccelerationMode } from '@aws-sdk/client-mediaconvert';
import type {
  JobMember,
  SourceInfo,
  Subtask,
  SubtaskItem,
  Template,
  WatermarkRef,
} from '../../../lambdas/core/model';
import { coverJobRequest } from '../../../lambdas/core/ai/aws/cover-job';
import { buildTaskJobs } from '../../../lambdas/core/mediaconvert';
import { subtask, task, templateMap } from './fixtures';

export const SOURCE: SourceInfo = { width: 1920, height: 1080, durationSeconds: 95.5, frameRate: 29.97 };
const WATERMARK_SETS: WatermarkRef[][] = [
  [],
  [{ templateId: 1_000_010 }],
  [{ templateId: 1_000_011 }, { templateId: 1_000_012 }, { templateId: 1_000_013 }],
  // Sizes left to the image: width only (aspect ratio kept) and neither (the image's own size).
  [{ templateId: 1_000_010 }, { templateId: 1_000_014 }],
];
const ACCELERATION: Array<AccelerationMode | undefined> = [undefined, 'DISABLED', 'ENABLED', 'PREFERRED'];

/** Every item the builder supports, over every template of the right type and every watermark set. */
export function allItems(templates: Map<number, Template>): SubtaskItem[] {
  const all = [...templates.values()];
  const of = (type: Template['type']) => all.filter((t) => t.type === type);
  const items: SubtaskItem[] = [];
  for (const t of of('transcode')) {
    for (const watermarks of WATERMARK_SETS)
      items.push({ type: 'Transcode', item: { templateId: t.id, watermarks } });
    items.push({ type: 'Transcode', item: { templateId: t.id, startTime: 3.5, endTime: 20 } });
  }
  const hls = all.filter((t) => t.type === 'transcode' && t.container === 'hls').map((t) => t.id);
  for (const watermarks of WATERMARK_SETS)
    items.push({ type: 'AdaptiveStreaming', item: { templateIds: hls, watermarks } });
  for (const t of of('animatedGraphics'))
    items.push({ type: 'AnimatedGraphics', item: { templateId: t.id, startTime: 1.25, endTime: 4 } });
  for (const t of of('snapshot')) {
    for (const watermarks of WATERMARK_SETS) {
      items.push({
        type: 'SnapshotByTimeOffset',
        item: {
          templateId: t.id,
          offsets: [
            { value: 1, unit: 's' },
            { value: 50, unit: '%' },
            { value: 100, unit: '%' },
          ],
          watermarks,
        },
      });
    }
    items.push({ type: 'SnapshotByTimeOffset', item: { templateId: t.id, offsets: [] } });
  }
  for (const t of of('sampleSnapshot'))
    for (const watermarks of WATERMARK_SETS)
      items.push({ type: 'SampleSnapshot', item: { templateId: t.id, watermarks } });
  for (const t of of('sprite')) items.push({ type: 'ImageSprite', item: { templateId: t.id } });
  return items;
}

export interface BuiltJob {
  /** The lead subtask of the job. */
  subtask: Subtask;
  members: JobMember[];
  job: CreateJobCommandInput;
}

function jobsOf(items: SubtaskItem[], source: SourceInfo, acceleration?: AccelerationMode): BuiltJob[] {
  const templates = templateMap();
  const subtasks = items.map((item, i) => subtask(item, i + 1));
  const t = task(subtasks);
  const { jobs, failures } = buildTaskJobs({
    task: t,
    subtasks,
    templates,
    source,
    settings: {
      roleArn: 'arn:aws:iam::111122223333:role/MpsMediaConvert',
      stackId: 'stack-1',
      workBucket: 'mps-work',
      ...(acceleration ? { acceleration } : {}),
    },
  });
  if (failures.length > 0) throw failures[0]!.error;
  return jobs.map((j) => ({
    subtask: subtasks.find((s) => s.no === j.members[0]!.no)!,
    members: j.members,
    job: j.request,
  }));
}

/**
 * Every job the builder can produce: each item alone (under every acceleration choice), and every
 * whole-source frame-capture item riding along with every transcode and adaptive item that can host
 * it, alone and all together.
 */
export function allJobs(source: SourceInfo = SOURCE): BuiltJob[] {
  const items = allItems(templateMap());
  const jobs = ACCELERATION.flatMap((mode) => items.flatMap((item) => jobsOf([item], source, mode)));
  const frames = items.filter((i) => i.type === 'SampleSnapshot' || i.type === 'ImageSprite');
  const hosts = items.filter((i) => i.type === 'Transcode' || i.type === 'AdaptiveStreaming');
  for (const host of hosts) {
    for (const f of frames) jobs.push(...jobsOf([host, f], source));
    // With acceleration on, only hosts that cannot be accelerated anyway take frame captures.
    for (const mode of [undefined, 'ENABLED'] as const) jobs.push(...jobsOf([host, ...frames], source, mode));
  }
  jobs.push(...jobsOf(frames, source));
  return jobs;
}

/**
 * The cover jobs of AI analyses on AWS (lambdas/core/ai/aws/cover-job.ts) over several times, durations
 * and frame rates (none: whole seconds), at the start, the middle and the very end, under every
 * acceleration choice.
 */
export function coverJobs(): CreateJobCommandInput[] {
  const jobs: CreateJobCommandInput[] = [];
  for (const durationSeconds of [0.5, 1, 12, 95.5, 3725.04]) {
    for (const frameRate of [undefined, 23.976, 25, 29.97, 50, 59.94]) {
      for (const at of [0, durationSeconds / 2, durationSeconds - 0.01, durationSeconds]) {
        for (const acceleration of ACCELERATION) {
          jobs.push(
            coverJobRequest({
              input: { bucket: 'media-in', key: 'in/clip.mp4' },
              atSeconds: at,
              durationSeconds,
              ...(frameRate ? { frameRate } : {}),
              token: 't-20260301T100000Z-0123456789abcdef.2.1',
              settings: {
                roleArn: 'arn:aws:iam::111122223333:role/MpsMediaConvert',
                stackId: 'stack-1',
                workBucket: 'mps-work',
                ...(acceleration ? { acceleration } : {}),
              },
            }),
          );
        }
      }
    }
  }
  return jobs;
}
