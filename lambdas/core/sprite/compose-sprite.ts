import { encode } from 'jpeg-js';
import { ValidationError } from '../errors';
import type { SpriteTemplate } from '../model';
import type { TimeRange } from './cue-times';
import { spriteWebVtt, type SpriteCue } from './webvtt';

/** A decoded frame: RGBA pixels, row-major (what jpeg-js `decode(…, { useTArray: true })` returns). */
export interface RawFrame {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface ComposeSpriteArgs {
  /** Frames in capture order. */
  frames: readonly RawFrame[];
  template: Pick<SpriteTemplate, 'rows' | 'columns' | 'quality'>;
  /** One time range per frame (see spriteCueTimes). */
  times: readonly TimeRange[];
  /** The name a cue uses for sheet `index` (e.g. the sheet's file name next to the .vtt). */
  sheetName: (index: number) => string;
}

/** One encoded sprite sheet. */
export interface SpriteSheetImage {
  jpeg: Uint8Array;
  width: number;
  height: number;
}

export interface ComposedSprite {
  /** The sheets in order; a sheet holds up to rows × columns cells. */
  sheets: SpriteSheetImage[];
  /** WebVTT mapping each time range to `sheet#xywh=x,y,w,h`. */
  vtt: string;
  cues: SpriteCue[];
  cell: { width: number; height: number };
}

/** Copies `src` into `dst` at (x, y), scaled to w × h with nearest-neighbour sampling. */
function blit(
  dst: Uint8Array,
  dstWidth: number,
  src: RawFrame,
  x: number,
  y: number,
  w: number,
  h: number,
): void {
  for (let row = 0; row < h; row++) {
    const sy = Math.min(src.height - 1, Math.floor((row * src.height) / h));
    for (let col = 0; col < w; col++) {
      const sx = Math.min(src.width - 1, Math.floor((col * src.width) / w));
      const s = (sy * src.width + sx) * 4;
      const d = ((y + row) * dstWidth + (x + col)) * 4;
      dst[d] = src.data[s]!;
      dst[d + 1] = src.data[s + 1]!;
      dst[d + 2] = src.data[s + 2]!;
      dst[d + 3] = 255;
    }
  }
}

/**
 * Tiles frames into rows × columns JPEG sheets (row by row, several sheets when there are more
 * frames than cells; the last sheet only as tall as its used rows) and writes the WebVTT. Cells take
 * the first frame's size; other sizes are scaled to it. Pure: no I/O.
 */
export function composeSprite(args: ComposeSpriteArgs): ComposedSprite {
  const { frames, template, times } = args;
  const first = frames[0];
  if (!first) throw new ValidationError('frames must contain at least one frame; got 0', 'frames');
  if (times.length !== frames.length) {
    throw new ValidationError(
      `times must have one entry per frame (${frames.length}); got ${times.length}`,
      'times',
    );
  }
  for (const [i, f] of frames.entries()) {
    if (f.width < 1 || f.height < 1 || f.data.length < f.width * f.height * 4) {
      throw new ValidationError(
        `frames[${i}] must be RGBA pixels of its width × height; got ${f.width}×${f.height} with ${f.data.length} bytes`,
        `frames[${i}]`,
      );
    }
  }
  const cell = { width: first.width, height: first.height };
  const perSheet = template.rows * template.columns;
  const sheets: SpriteSheetImage[] = [];
  const cues: SpriteCue[] = [];
  for (let start = 0, index = 0; start < frames.length; start += perSheet, index++) {
    const batch = frames.slice(start, start + perSheet);
    const columns = Math.min(template.columns, batch.length);
    const rows = Math.ceil(batch.length / template.columns);
    const width = columns * cell.width;
    const height = rows * cell.height;
    const pixels = new Uint8Array(width * height * 4);
    batch.forEach((frame, i) => {
      const x = (i % template.columns) * cell.width;
      const y = Math.floor(i / template.columns) * cell.height;
      blit(pixels, width, frame, x, y, cell.width, cell.height);
      const time = times[start + i]!;
      cues.push({
        start: time.start,
        end: time.end,
        sheet: args.sheetName(index),
        x,
        y,
        w: cell.width,
        h: cell.height,
      });
    });
    sheets.push({
      jpeg: new Uint8Array(encode({ data: pixels, width, height }, template.quality).data),
      width,
      height,
    });
  }
  return { sheets, vtt: spriteWebVtt(cues), cues, cell };
}
