import { formatLength, parseLength, parseTimeOffset } from '../../../lambdas/core/templates';
import { catchValidation } from './catch-validation';

describe('parseLength', () => {
  it.each([
    ['16px', { value: 16, unit: 'px' }],
    [' 16 PX ', { value: 16, unit: 'px' }],
    ['5%', { value: 5, unit: '%' }],
    ['12.5%', { value: 12.5, unit: '%' }],
    ['40', { value: 40, unit: 'px' }],
    [40, { value: 40, unit: 'px' }],
    ['0px', { value: 0, unit: 'px' }],
  ])('parses %p', (input, expected) => {
    expect(parseLength(input, 'xOffset')).toEqual(expected);
  });

  it.each([
    ['abc', 'must be a length in pixels'],
    ['-5px', 'must be a length in pixels'],
    ['5em', 'must be a length in pixels'],
    ['1.5px', 'whole number 0–4096'],
    ['5000px', 'whole number 0–4096'],
    ['101%', '0–100%'],
  ])('rejects %p naming the field and the value', (input, allowed) => {
    const err = catchValidation(() => parseLength(input, 'watermark.width'));
    expect(err.field).toBe('watermark.width');
    expect(err.message).toContain(allowed);
    expect(err.message).toContain(JSON.stringify(input));
  });

  it('round-trips through formatLength', () => {
    expect(formatLength(parseLength('7%', 'w'))).toBe('7%');
    expect(formatLength(parseLength(12, 'w'))).toBe('12px');
  });
});

describe('parseTimeOffset', () => {
  it.each([
    ['3.5s', { value: 3.5, unit: 's' }],
    ['10%', { value: 10, unit: '%' }],
    ['7', { value: 7, unit: 's' }],
    [2.25, { value: 2.25, unit: 's' }],
    ['100%', { value: 100, unit: '%' }],
  ])('parses %p', (input, expected) => {
    expect(parseTimeOffset(input, 'offsets[0]')).toEqual(expected);
  });

  it.each(['-1s', '101%', '3m', '', Number.NaN, -2])('rejects %p', (input) => {
    const err = catchValidation(() => parseTimeOffset(input, 'offsets[2]'));
    expect(err.field).toBe('offsets[2]');
    expect(err.message).toMatch(/offsets\[2\] must be seconds ≥ 0 .* or a percentage 0–100/);
  });
});
