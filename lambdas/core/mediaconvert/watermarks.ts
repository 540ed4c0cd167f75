import type { ImageInserter, InsertableImage } from '@aws-sdk/client-mediaconvert';
import { ValidationError } from '../errors';
import type { Length, WatermarkTemplate } from '../model';
import { TEMPLATE_OUTDATED } from '../templates/validate-template';
import type { FrameSize } from './frame-size';
import { timecodeAt } from './timecode';

/** True when placing the watermark needs the output frame size (a % length or a corner other than TopLeft). */
export function watermarkNeedsFrameSize(w: WatermarkTemplate): boolean {
  const lengths = [w.xOffset, w.yOffset, ...(w.width ? [w.width] : []), ...(w.height ? [w.height] : [])];
  return w.anchor !== 'TopLeft' || lengths.some((l) => l.unit === '%');
}

function pixels(length: Length, dimension: number): number {
  return length.unit === 'px' ? length.value : Math.round((length.value / 100) * dimension);
}

/**
 * The rendered size of a watermark in pixels: `width`/`height` as given; a side left out follows the
 * other keeping the image's aspect ratio (imageWidth/imageHeight); with neither, the image's own size
 * (MediaConvert crops an image larger than the frame at its edge). A side left to the image needs the
 * image's size: a template without it (saved before it was recorded) fails as outdated.
 */
export function watermarkPixelSize(
  w: WatermarkTemplate,
  frame: FrameSize | undefined,
): { width: number; height: number } {
  const fw = frame?.width ?? 0;
  const fh = frame?.height ?? 0;
  const given = {
    width: w.width ? Math.max(1, pixels(w.width, fw)) : undefined,
    height: w.height ? Math.max(1, pixels(w.height, fh)) : undefined,
  };
  if (given.width !== undefined && given.height !== undefined) {
    return { width: given.width, height: given.height };
  }
  const iw = w.imageWidth;
  const ih = w.imageHeight;
  if (!iw || !ih) {
    throw new ValidationError(
      `watermark template ${w.id} leaves its ${given.width === undefined ? 'width' : 'height'} to the image, but ` +
        `the image's size is not recorded (saved before it was); update the template (PUT /templates/${w.id}) ` +
        'so its image is read, or give both width and height',
      'imageWidth',
      TEMPLATE_OUTDATED,
    );
  }
  if (given.width !== undefined)
    return { width: given.width, height: Math.max(1, Math.round((given.width * ih) / iw)) };
  if (given.height !== undefined)
    return { width: Math.max(1, Math.round((given.height * iw) / ih)), height: given.height };
  return { width: iw, height: ih };
}

/**
 * One ImageInserter image: corner anchor and px/% lengths turned into MediaConvert's top-left pixel
 * position in an output frame of `frame` (needed only when {@link watermarkNeedsFrameSize}), at the size
 * {@link watermarkPixelSize} gives (always explicit, so MediaConvert and the local engine agree).
 */
export function insertableImage(
  w: WatermarkTemplate,
  layer: number,
  frame: FrameSize | undefined,
  opts: { timed: boolean; frameRate?: number },
): InsertableImage {
  if (!frame && watermarkNeedsFrameSize(w)) {
    throw new ValidationError(
      `watermark template ${w.id} (anchor ${w.anchor}, % lengths) needs the output frame size, which depends on the source size; probe the source width/height or give the output template both width and height`,
      'source.width',
      'InvalidInput',
    );
  }
  const fw = frame?.width ?? 0;
  const fh = frame?.height ?? 0;
  const { width, height } = watermarkPixelSize(w, frame);
  const dx = pixels(w.xOffset, fw);
  const dy = pixels(w.yOffset, fh);
  const right = w.anchor === 'TopRight' || w.anchor === 'BottomRight';
  const bottom = w.anchor === 'BottomLeft' || w.anchor === 'BottomRight';
  const image: InsertableImage = {
    ImageInserterInput: `s3://${w.image.bucket}/${w.image.key}`,
    ImageX: Math.max(0, right ? fw - dx - width : dx),
    ImageY: Math.max(0, bottom ? fh - dy - height : dy),
    Width: width,
    Height: height,
    Layer: layer,
    Opacity: w.opacity,
  };
  const start = w.startTime ?? 0;
  if (opts.timed && (start > 0 || w.endTime !== undefined)) {
    image.StartTime = timecodeAt(start, opts.frameRate);
    if (w.endTime !== undefined) image.Duration = Math.round((w.endTime - start) * 1000);
  }
  return image;
}

/**
 * The ImageInserter of an output, or undefined without watermarks. `timed: false` (frame captures)
 * ignores the watermarks' start/end times: every captured image carries them.
 */
export function imageInserter(
  watermarks: readonly WatermarkTemplate[],
  frame: FrameSize | undefined,
  opts: { timed: boolean; frameRate?: number },
): ImageInserter | undefined {
  if (watermarks.length === 0) return undefined;
  return { InsertableImages: watermarks.map((w, i) => insertableImage(w, i, frame, opts)) };
}
