import type { InsertableImage } from '@aws-sdk/client-mediaconvert';
import { unsupported } from '../errors';
import { timecodeToSeconds } from '../timecode';
import type { InputAllocator } from './types';

const num = (n: number) => Number(n.toFixed(4)).toString();

/**
 * Overlays for ImageInserter.InsertableImages on `[label]` (already at output size), lowest Layer first.
 * Position/size in output pixels (a blank Width/Height keeps the image's own; an image reaching past the
 * frame is cropped at its edge, as MediaConvert does), Opacity % (default 50), StartTime timecode on the output timeline,
 * Duration ms (includes FadeIn, not FadeOut; default until the end), FadeIn/FadeOut ms.
 */
export function imageOverlayFilters(
  images: InsertableImage[],
  path: string,
  label: string,
  files: ReadonlyMap<string, string>,
  inputs: InputAllocator,
  timeline: { fps: number; duration: number },
): { filters: string[]; label: string } {
  const filters: string[] = [];
  let current = label;
  const ordered = images
    .map((img, i) => ({ img, i }))
    .sort((a, b) => (a.img.Layer ?? 0) - (b.img.Layer ?? 0));
  for (const { img, i } of ordered) {
    const p = `${path}[${i}]`;
    const file = img.ImageInserterInput ? files.get(img.ImageInserterInput) : undefined;
    if (!file) throw unsupported(`${p}.ImageInserterInput`, 'an image location is required');
    if (img.ImageX === undefined || img.ImageY === undefined)
      throw unsupported(`${p}.ImageX`, 'ImageX and ImageY are required');
    let start = 0;
    if (img.StartTime) {
      try {
        start = timecodeToSeconds(img.StartTime, timeline.fps, `${p}.StartTime`);
      } catch (e) {
        throw unsupported(`${p}.StartTime`, (e as Error).message);
      }
    }
    const shown = img.Duration !== undefined ? img.Duration / 1000 : timeline.duration + 1 - start;
    const fadeIn = (img.FadeIn ?? 0) / 1000;
    const fadeOut = (img.FadeOut ?? 0) / 1000;
    const end = start + shown + fadeOut;
    const idx = inputs.add([
      '-loop',
      '1',
      '-framerate',
      num(timeline.fps),
      '-t',
      num(timeline.duration + 1),
      '-i',
      file,
    ]);
    const chain = ['format=rgba'];
    // MediaConvert: a blank Width/Height is the image's own (native) width/height, not its aspect ratio.
    if (img.Width || img.Height) chain.push(`scale=${img.Width || 'iw'}:${img.Height || 'ih'}`);
    chain.push(`colorchannelmixer=aa=${num((img.Opacity ?? 50) / 100)}`);
    if (fadeIn > 0) chain.push(`fade=t=in:st=${num(start)}:d=${num(fadeIn)}:alpha=1`);
    if (fadeOut > 0) chain.push(`fade=t=out:st=${num(start + shown)}:d=${num(fadeOut)}:alpha=1`);
    filters.push(`[${idx}:v]${chain.join(',')}[img${idx}]`);
    const next = `${label}_o${idx}`;
    filters.push(
      `[${current}][img${idx}]overlay=x=${img.ImageX}:y=${img.ImageY}:eof_action=pass:` +
        `enable='between(t,${num(start)},${num(end)})'[${next}]`,
    );
    current = next;
  }
  return { filters, label: current };
}
