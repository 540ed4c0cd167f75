import { decode, encode } from 'jpeg-js';
import {
  composeSprite,
  composeSprites,
  spriteCueTimes,
  spriteWebVtt,
  vttTimestamp,
  type RawFrame,
} from '../../../lambdas/core/sprite';
import { catchValidation } from '../templates/catch-validation';

/** A solid-colour RGBA frame. */
function solid(width: number, height: number, rgb: [number, number, number]): RawFrame {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([...rgb, 255], i * 4);
  return { width, height, data };
}

const COLOURS: Array<[number, number, number]> = [
  [250, 10, 10],
  [10, 250, 10],
  [10, 10, 250],
  [250, 250, 10],
  [10, 250, 250],
  [250, 10, 250],
  [128, 128, 128],
];

function pixelAt(img: { width: number; data: Uint8Array }, x: number, y: number): number[] {
  const i = (y * img.width + x) * 4;
  return Array.from(img.data.subarray(i, i + 3));
}

function near(actual: number[], expected: number[]): boolean {
  return actual.every((v, i) => Math.abs(v - expected[i]!) <= 12);
}

describe('spriteCueTimes', () => {
  it('covers each interval, ending the last cue at the duration', () => {
    expect(spriteCueTimes({ sampleType: 'time', interval: 2 }, 3, 5.5)).toEqual([
      { start: 0, end: 2 },
      { start: 2, end: 4 },
      { start: 4, end: 5.5 },
    ]);
    expect(spriteCueTimes({ sampleType: 'time', interval: 2 }, 2)).toEqual([
      { start: 0, end: 2 },
      { start: 2, end: 4 },
    ]);
    expect(spriteCueTimes({ sampleType: 'percent', interval: 25 }, 4, 60)).toEqual([
      { start: 0, end: 15 },
      { start: 15, end: 30 },
      { start: 30, end: 45 },
      { start: 45, end: 60 },
    ]);
  });

  it('needs the duration for percent sampling', () => {
    expect(catchValidation(() => spriteCueTimes({ sampleType: 'percent', interval: 10 }, 3)).field).toBe(
      'durationSeconds',
    );
  });
});

describe('WebVTT', () => {
  it('formats timestamps and cues', () => {
    expect(vttTimestamp(3723.4567)).toBe('01:02:03.457');
    expect(
      spriteWebVtt([{ start: 0, end: 2.5, sheet: 'a_sprite_30.jpg', x: 160, y: 0, w: 160, h: 90 }]),
    ).toBe('WEBVTT\n\n00:00:00.000 --> 00:00:02.500\na_sprite_30.jpg#xywh=160,0,160,90\n');
  });
});

describe('composeSprite', () => {
  const frames = COLOURS.map((c) => solid(32, 18, c));
  const times = frames.map((_, i) => ({ start: i * 2, end: i * 2 + 2 }));
  const sheetName = (i: number) => (i === 0 ? 'clip_sprite_30.jpg' : `clip_sprite_30_${i}.jpg`);

  it('tiles frames row by row into rows × columns sheets, spilling onto more sheets', () => {
    const sprite = composeSprite({
      frames,
      template: { rows: 2, columns: 2, quality: 90 },
      times,
      sheetName,
    });
    expect(sprite.sheets.map((s) => [s.width, s.height])).toEqual([
      [64, 36],
      [64, 36],
    ]);
    const sheets = sprite.sheets.map((s) => decode(s.jpeg, { useTArray: true }));
    expect(sheets.map((s) => [s.width, s.height])).toEqual([
      [64, 36],
      [64, 36],
    ]);
    // Cell centres carry the frame colours: sheet 0 = frames 0–3, sheet 1 = frames 4–6.
    const centre = (sheet: number, cell: number) =>
      pixelAt(sheets[sheet]!, (cell % 2) * 32 + 16, Math.floor(cell / 2) * 18 + 9);
    for (let i = 0; i < frames.length; i++)
      expect(near(centre(Math.floor(i / 4), i % 4), COLOURS[i]!)).toBe(true);
    expect(sprite.cues.map((c) => [c.sheet, c.x, c.y])).toEqual([
      ['clip_sprite_30.jpg', 0, 0],
      ['clip_sprite_30.jpg', 32, 0],
      ['clip_sprite_30.jpg', 0, 18],
      ['clip_sprite_30.jpg', 32, 18],
      ['clip_sprite_30_1.jpg', 0, 0],
      ['clip_sprite_30_1.jpg', 32, 0],
      ['clip_sprite_30_1.jpg', 0, 18],
    ]);
    expect(sprite.vtt.split('\n\n')).toHaveLength(8);
    expect(sprite.vtt).toContain('00:00:12.000 --> 00:00:14.000\nclip_sprite_30_1.jpg#xywh=0,18,32,18');
  });

  it('makes a partly filled single sheet only as large as its cells', () => {
    const sprite = composeSprite({
      frames: frames.slice(0, 3),
      template: { rows: 10, columns: 10, quality: 80 },
      times: times.slice(0, 3),
      sheetName,
    });
    expect(sprite.sheets.map((s) => [s.width, s.height])).toEqual([[96, 18]]);
  });

  it('scales frames of another size into the cell', () => {
    const odd = [solid(32, 18, [250, 10, 10]), solid(64, 36, [10, 10, 250])];
    const sprite = composeSprite({
      frames: odd,
      template: { rows: 1, columns: 2, quality: 90 },
      times: times.slice(0, 2),
      sheetName,
    });
    const sheet = decode(sprite.sheets[0]!.jpeg, { useTArray: true });
    expect([sheet.width, sheet.height]).toEqual([64, 18]);
    expect(near(pixelAt(sheet, 48, 9), [10, 10, 250])).toBe(true);
  });

  it('rejects missing frames, mismatched times and short pixel buffers', () => {
    expect(
      catchValidation(() =>
        composeSprite({ frames: [], template: { rows: 1, columns: 1, quality: 80 }, times: [], sheetName }),
      ).field,
    ).toBe('frames');
    expect(
      catchValidation(() =>
        composeSprite({ frames, template: { rows: 1, columns: 1, quality: 80 }, times: [], sheetName }),
      ).field,
    ).toBe('times');
    const bad = { width: 10, height: 10, data: new Uint8Array(10) };
    expect(
      catchValidation(() =>
        composeSprite({
          frames: [bad],
          template: { rows: 1, columns: 1, quality: 80 },
          times: [times[0]!],
          sheetName,
        }),
      ).field,
    ).toBe('frames[0]');
  });
});

describe('composeSprites (JPEG in, JPEG out)', () => {
  it('decodes captured JPEGs, times them from the template and composes the sheets', () => {
    const jpegs = COLOURS.slice(0, 5).map((c) => new Uint8Array(encode(solid(40, 24, c), 95).data));
    const result = composeSprites(
      jpegs,
      { rows: 1, columns: 3, quality: 85, sampleType: 'percent', interval: 20 },
      {
        durationSeconds: 50,
        sheetFileName: (i) => `s_${i}.jpg`,
      },
    );
    expect(result.sheets.map((s) => [s.width, s.height])).toEqual([
      [120, 24],
      [80, 24],
    ]);
    expect(result.vtt).toBe(
      [
        'WEBVTT',
        '00:00:00.000 --> 00:00:10.000\ns_0.jpg#xywh=0,0,40,24',
        '00:00:10.000 --> 00:00:20.000\ns_0.jpg#xywh=40,0,40,24',
        '00:00:20.000 --> 00:00:30.000\ns_0.jpg#xywh=80,0,40,24',
        '00:00:30.000 --> 00:00:40.000\ns_1.jpg#xywh=0,0,40,24',
        '00:00:40.000 --> 00:00:50.000\ns_1.jpg#xywh=40,0,40,24',
      ].join('\n\n') + '\n',
    );
    const second = decode(result.sheets[1]!.jpeg, { useTArray: true });
    expect(near(pixelAt(second, 60, 12), COLOURS[4]!)).toBe(true);
  });

  it('reports an undecodable frame by index', () => {
    const err = catchValidation(() =>
      composeSprites(
        [new Uint8Array([1, 2, 3])],
        { rows: 1, columns: 1, quality: 80, sampleType: 'time', interval: 1 },
        { sheetFileName: () => 'x.jpg' },
      ),
    );
    expect(err.field).toBe('frames[0]');
  });
});
