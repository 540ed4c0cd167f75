import type { CreateJobCommandInput } from '@aws-sdk/client-mediaconvert';
import type { SourceInfo, Subtask, SubtaskItem, Template, WatermarkRef } from '../../../lambdas/core/model';
import { buildCreateJob } from '../../../lambdas/core/mediaconvert';
import { subtask, task, templateMap } from './fixtures';

export const SOURCE: SourceInfo = { width: 1920, height: 1080, durationSeconds: 95.5, frameRate: 29.97 };
const WATERMARK_SETS: WatermarkRef[][] = [
  [],
  [{ templateId: 1_000_010 }],
  [{ templateId: 1_000_011 }, { templateId: 1_000_012 }, { templateId: 1_000_013 }],
];

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

/** Builds the job of every item as subtask 1 of its own task. */
export function allJobs(
  source: SourceInfo = SOURCE,
): Array<{ subtask: Subtask; job: CreateJobCommandInput }> {
  const templates = templateMap();
  return allItems(templates).map((item) => {
    const s = subtask(item);
    const job = buildCreateJob({
      task: task([s]),
      subtask: s,
      templates,
      source,
      roleArn: 'arn:aws:iam::111122223333:role/MpsMediaConvert',
      stackId: 'stack-1',
    });
    return { subtask: s, job };
  });
}
