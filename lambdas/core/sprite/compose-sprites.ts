import { decode } from 'jpeg-js';
import { ValidationError } from '../errors';
import type { SpriteTemplate } from '../model';
import { composeSprite, type SpriteSheetImage } from './compose-sprite';
import { spriteCueTimes } from './cue-times';

/** Caps decoding of one captured frame (MediaConvert frames are at most 4096 × 4096). */
const MAX_FRAME_MEGAPIXELS = 17;

/**
 * JPEG frames (in capture order) → sprite sheets + WebVTT for `template`: decodes with jpeg-js, times
 * the cells with {@link spriteCueTimes} and tiles them with {@link composeSprite}. `sheetFileName`
 * names sheet `index` in the cues (usually the sheet's file name next to the .vtt).
 */
export function composeSprites(
  jpegFrames: readonly Uint8Array[],
  template: Pick<SpriteTemplate, 'rows' | 'columns' | 'quality' | 'sampleType' | 'interval'>,
  opts: { durationSeconds?: number; sheetFileName: (index: number) => string },
): { sheets: SpriteSheetImage[]; vtt: string } {
  const frames = jpegFrames.map((bytes, i) => {
    try {
      return decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_FRAME_MEGAPIXELS });
    } catch (err) {
      throw new ValidationError(
        `frames[${i}] is not a decodable JPEG (${(err as Error).message})`,
        `frames[${i}]`,
      );
    }
  });
  const times = spriteCueTimes(template, frames.length, opts.durationSeconds);
  const sprite = composeSprite({ frames, template, times, sheetName: opts.sheetFileName });
  return { sheets: sprite.sheets, vtt: sprite.vtt };
}
