import { validateTemplate } from '../../../lambdas/core/templates';
import { catchValidation } from './catch-validation';

describe('snapshot templates', () => {
  it('applies defaults', () => {
    expect(validateTemplate('snapshot', { name: 'thumb' })).toEqual({
      type: 'snapshot',
      name: 'thumb',
      width: 0,
      height: 0,
      format: 'jpg',
      quality: 80,
    });
  });

  it.each(['png', 'webp'])('rejects format %s explaining that frame capture is JPEG only', (format) => {
    for (const type of ['snapshot', 'sampleSnapshot', 'sprite'] as const) {
      const err = catchValidation(() =>
        validateTemplate(type, { name: 'x', format, sampleType: 'time', interval: 5, rows: 2, columns: 2 }),
      );
      expect(err.field).toBe('format');
      expect(err.message).toBe(
        `format must be 'jpg': MediaConvert frame capture produces JPEG only (png and webp are not available); got "${format}"`,
      );
    }
  });

  it.each([
    ['width', 127],
    ['height', 4097],
    ['quality', 0],
    ['quality', 101],
  ])('rejects %s %p', (field, value) => {
    expect(catchValidation(() => validateTemplate('snapshot', { name: 'x', [field]: value })).field).toBe(
      field,
    );
  });
});

describe('sampled snapshot and sprite templates', () => {
  it('validates sampling by percent and by time', () => {
    expect(
      validateTemplate('sampleSnapshot', { name: 's', sampleType: 'percent', interval: 25, width: 320 }),
    ).toEqual({
      type: 'sampleSnapshot',
      name: 's',
      width: 320,
      height: 0,
      format: 'jpg',
      quality: 80,
      sampleType: 'percent',
      interval: 25,
    });
    expect(
      validateTemplate('sampleSnapshot', { name: 's', sampleType: 'time', interval: 2.5 }),
    ).toMatchObject({ interval: 2.5 });
  });

  it.each([
    ['percent', 0.5, "must be 1–100 (percent of the duration) with sampleType 'percent'"],
    ['percent', 101, "must be 1–100 (percent of the duration) with sampleType 'percent'"],
    ['time', 0.5, "must be 1–86400 seconds with at most 3 decimals with sampleType 'time'"],
    ['time', 1.0005, "must be 1–86400 seconds with at most 3 decimals with sampleType 'time'"],
  ])('rejects %s interval %p', (sampleType, interval, message) => {
    const err = catchValidation(() =>
      validateTemplate('sampleSnapshot', { name: 's', sampleType, interval }),
    );
    expect(err.field).toBe('interval');
    expect(err.message).toBe(`interval ${message}; got ${interval}`);
  });

  it('rejects an unknown sample type', () => {
    const err = catchValidation(() =>
      validateTemplate('sampleSnapshot', { name: 's', sampleType: 'frames', interval: 1 }),
    );
    expect(err.message).toBe('sampleType must be one of "percent", "time"; got "frames"');
  });

  it('validates sprite rows and columns 1–10', () => {
    const sprite = validateTemplate('sprite', {
      name: 'sp',
      sampleType: 'time',
      interval: 10,
      rows: 10,
      columns: 1,
      width: 160,
    });
    expect(sprite).toMatchObject({ type: 'sprite', rows: 10, columns: 1, width: 160, height: 0 });
    for (const [field, value] of [
      ['rows', 0],
      ['rows', 11],
      ['columns', 0],
      ['columns', 2.5],
    ] as const) {
      const err = catchValidation(() =>
        validateTemplate('sprite', {
          name: 'sp',
          sampleType: 'time',
          interval: 10,
          rows: 2,
          columns: 2,
          [field]: value,
        }),
      );
      expect(err.field).toBe(field);
    }
    expect(
      catchValidation(() =>
        validateTemplate('sprite', { name: 'sp', sampleType: 'time', interval: 10, rows: 2 }),
      ).field,
    ).toBe('columns');
  });
});

describe('animated graphics templates', () => {
  it('accepts gif with fps 1–30', () => {
    expect(validateTemplate('animatedGraphics', { name: 'g', fps: 15, width: 480 })).toEqual({
      type: 'animatedGraphics',
      name: 'g',
      format: 'gif',
      fps: 15,
      width: 480,
      height: 0,
    });
  });

  it.each([
    [
      'format',
      'webp',
      'format must be \'gif\': MediaConvert produces animated GIF only (webp is not available); got "webp"',
    ],
    ['fps', 0, 'fps must be ≥ 1; got 0'],
    ['fps', 31, 'fps must be ≤ 30; got 31'],
    [
      'width',
      100,
      'width must be 0 (source size / keep aspect ratio) or a whole number of pixels 128–4096; got 100',
    ],
    [
      'height',
      4096,
      'height must be at most 3840 pixels (the largest GIF frame MediaConvert writes is 3840x3840); got 4096',
    ],
  ])('rejects %s %p', (field, value, message) => {
    const err = catchValidation(() =>
      validateTemplate('animatedGraphics', { name: 'g', fps: 10, [field]: value }),
    );
    expect(err.field).toBe(field);
    expect(err.message).toBe(message);
  });

  it('rejects an unknown template type', () => {
    expect(catchValidation(() => validateTemplate('poster' as never, {})).field).toBe('type');
  });
});
