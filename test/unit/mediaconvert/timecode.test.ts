import {
  everySeconds,
  frameAt,
  frameRateFraction,
  reduce,
  timecodeAt,
  timecodeBase,
  timecodeOfFrame,
} from '../../../lambdas/core/mediaconvert/timecode';

describe('timecode helpers', () => {
  it.each([
    [29.97, 30000, 1001],
    [23.976, 24000, 1001],
    [59.94, 60000, 1001],
    [25, 25, 1],
    [30, 30, 1],
    [12.5, 25, 2],
    [120, 120, 1],
  ])('frameRateFraction(%p) = %p/%p', (fps, n, d) => {
    expect(frameRateFraction(fps)).toEqual({ numerator: n, denominator: d });
  });

  it('formats frames in the nominal base of the frame rate', () => {
    expect(timecodeBase(29.97)).toBe(30);
    expect(timecodeOfFrame(0, 25)).toBe('00:00:00:00');
    expect(timecodeOfFrame(24, 25)).toBe('00:00:00:24');
    expect(timecodeOfFrame(25, 25)).toBe('00:00:01:00');
    expect(timecodeOfFrame(90_000 + 7, 25)).toBe('01:00:00:07');
  });

  it('places times on frames, or on whole seconds without a frame rate', () => {
    expect(frameAt(0.3, 30)).toBe(9);
    expect(timecodeAt(3.5, 25)).toBe('00:00:03:12');
    expect(timecodeAt(3.5)).toBe('00:00:03:00');
    expect(timecodeAt(61.999)).toBe('00:01:01:00');
    expect(timecodeAt(2, 29.97)).toBe('00:00:01:29');
  });

  it('expresses a capture period as a reduced rate fraction', () => {
    expect(everySeconds(5)).toEqual({ numerator: 1, denominator: 5 });
    expect(everySeconds(2.5)).toEqual({ numerator: 2, denominator: 5 });
    expect(everySeconds(9.55)).toEqual({ numerator: 20, denominator: 191 });
    expect(reduce(30000, 30030)).toEqual({ numerator: 1000, denominator: 1001 });
  });
});
