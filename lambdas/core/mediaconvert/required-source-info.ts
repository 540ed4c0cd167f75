import type { SourceInfo, Subtask, Template, WatermarkRef } from '../model';
import { sizeDependsOnSource } from './frame-size';
import { offsetsNeedFrameRate } from './frame-capture-job';
import { watermarkNeedsFrameSize } from './watermarks';

const ORDER: ReadonlyArray<keyof SourceInfo> = ['durationSeconds', 'frameRate', 'width', 'height'];

function watermarksNeedSize(
  refs: readonly WatermarkRef[] | undefined,
  templates: ReadonlyMap<number, Template>,
): boolean {
  return (refs ?? []).some((r) => {
    const t = templates.get(r.templateId);
    return t?.type === 'watermark' && watermarkNeedsFrameSize(t);
  });
}

function outputSizes(subtask: Subtask, templates: ReadonlyMap<number, Template>): Array<[number, number]> {
  const ids = subtask.type === 'AdaptiveStreaming' ? subtask.item.templateIds : [subtask.item.templateId];
  return ids.flatMap((id): Array<[number, number]> => {
    const t = templates.get(id);
    if (!t) return [];
    if (t.type === 'transcode') return t.video && !t.removeVideo ? [[t.video.width, t.video.height]] : [];
    if (
      t.type === 'snapshot' ||
      t.type === 'sampleSnapshot' ||
      t.type === 'sprite' ||
      t.type === 'animatedGraphics'
    ) {
      return [[t.width, t.height]];
    }
    return [];
  });
}

/**
 * The source facts the builder needs probed before {@link buildCreateJob} for this subtask:
 * durationSeconds for % offsets and % sampling; frameRate for several or fractional snapshot offsets;
 * width/height when a watermark's corner or % lengths must be resolved in an output whose size
 * follows the source. Empty when nothing needs probing. Unknown templates are ignored (the builder
 * reports them).
 */
export function requiredSourceInfo(
  subtask: Subtask,
  templates: ReadonlyMap<number, Template>,
): Array<keyof SourceInfo> {
  const needed = new Set<keyof SourceInfo>();
  if (subtask.type === 'SnapshotByTimeOffset') {
    if (subtask.item.offsets.some((o) => o.unit === '%')) needed.add('durationSeconds');
    if (offsetsNeedFrameRate(subtask.item.offsets)) needed.add('frameRate');
  }
  if (subtask.type === 'SampleSnapshot' || subtask.type === 'ImageSprite') {
    const t = templates.get(subtask.item.templateId);
    if ((t?.type === 'sampleSnapshot' || t?.type === 'sprite') && t.sampleType === 'percent')
      needed.add('durationSeconds');
  }
  const refs = 'watermarks' in subtask.item ? subtask.item.watermarks : undefined;
  if (
    watermarksNeedSize(refs, templates) &&
    outputSizes(subtask, templates).some(([w, h]) => sizeDependsOnSource(w, h))
  ) {
    needed.add('width');
    needed.add('height');
  }
  return ORDER.filter((f) => needed.has(f));
}
