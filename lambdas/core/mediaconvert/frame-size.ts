import type { SourceInfo } from '../model';

export interface FrameSize {
  width: number;
  height: number;
}

function even(n: number): number {
  return Math.max(2, Math.round(n / 2) * 2);
}

/** True when a template's width/height (0 = unset) leave the output size to the source. */
export function sizeDependsOnSource(width: number, height: number): boolean {
  return width === 0 || height === 0;
}

/**
 * The frame size MediaConvert will produce for template `width`/`height` (0 = unset): both set →
 * as given; one set → the other follows the source aspect ratio (rounded to even, as MediaConvert
 * does); none → the source size. Undefined when it depends on a source size that is not known.
 */
export function outputFrameSize(width: number, height: number, source: SourceInfo): FrameSize | undefined {
  if (width > 0 && height > 0) return { width, height };
  const sw = source.width;
  const sh = source.height;
  if (!sw || !sh) return undefined;
  if (width > 0) return { width, height: even((width * sh) / sw) };
  if (height > 0) return { width: even((height * sw) / sh), height };
  return { width: sw, height: sh };
}
