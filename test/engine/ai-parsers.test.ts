/**
 * The pure parts of the local AI engine: reading ffmpeg's filter logs (scene cuts, black runs, frame
 * times), shots and the cover span, OCR segments across frames, and the moderation verdict.
 */
import { parseShowinfoTimes, samplingInterval } from '../../local/ai/frames';
import { verdictOf as sharedVerdictOf, type ReviewSegment } from '../../lambdas/core/ai/verdict';
import { isUnsafeClass } from '../../local/ai/moderation';
import { textSegments } from '../../local/ai/ocr';
import { coverSpan } from '../../lambdas/core/ai/cover-span';
import { parseBlackSegments, parseSceneCuts, shotsFrom } from '../../local/ai/video-analysis';

const LOG = `
[Parsed_metadata_2 @ 0x1] lavfi.scene_score=1.000000
[Parsed_showinfo_3 @ 0x2] n:   0 pts:  25600 pts_time:2       pos:   174406 fmt:yuv420p sar:1/1 s:320x240
frame=    1 fps=0.0 q=-0.0 size=N/A time=00:00:02.04 bitrate=N/A speed= 272x    [blackdetect @ 0x3] black_start:2 black_end:3.04 black_duration:1.04
[Parsed_metadata_2 @ 0x1] lavfi.scene_score=0.805502
[Parsed_showinfo_3 @ 0x2] n:   1 pts:  38400 pts_time:3.04    pos:   175263 fmt:yuv420p sar:1/1 s:320x240
`;

describe('ffmpeg filter logs', () => {
  it('reads scene cuts with their scores, black runs and frame times', () => {
    expect(parseSceneCuts(LOG)).toEqual([
      { time: 2, score: 1 },
      { time: 3.04, score: 0.805502 },
    ]);
    expect(parseBlackSegments(LOG)).toEqual([{ start: 2, end: 3.04 }]);
    expect(parseShowinfoTimes(LOG)).toEqual([2, 3.04]);
    expect(parseSceneCuts('no frames')).toEqual([]);
  });

  it('makes shots from cuts, merging cuts closer than 0.2 s and ignoring one at the very end', () => {
    const cuts = [
      { time: 3.04, score: 0.8 },
      { time: 2, score: 1 },
      { time: 2.1, score: 0.5 },
      { time: 4.97, score: 0.9 },
    ];
    expect(shotsFrom(cuts, 5)).toEqual([
      { index: 0, start: 0, end: 2 },
      { index: 1, start: 2, end: 3.04, confidence: 100 },
      { index: 2, start: 3.04, end: 5, confidence: 80 },
    ]);
    expect(shotsFrom([], 4)).toEqual([{ index: 0, start: 0, end: 4 }]);
  });

  it('takes the cover from the longest span outside black segments', () => {
    const shots = shotsFrom(parseSceneCuts(LOG), 6);
    expect(coverSpan(6, [{ start: 2, end: 3.04 }], shots)).toEqual({ start: 3.04, end: 6 });
    expect(coverSpan(4, [{ start: 0, end: 4 }], [])).toBeUndefined();
  });

  it('widens the sampling interval of long videos to at most 600 frames', () => {
    expect(samplingInterval(1, 30)).toBe(1);
    expect(samplingInterval(1, 3600)).toBe(6);
  });
});

describe('OCR segments', () => {
  it('joins a line seen on consecutive frames and ends it at the next frame or the end', () => {
    const frames = [
      { time: 0, lines: [] },
      { time: 1, lines: [{ text: 'HELLO', confidence: 90 }] },
      {
        time: 2,
        lines: [
          { text: 'HELLO', confidence: 80 },
          { text: 'WORLD', confidence: 95 },
        ],
      },
      { time: 3, lines: [{ text: 'WORLD', confidence: 93 }] },
    ];
    expect(textSegments(frames, 3.5)).toEqual([
      { text: 'HELLO', start: 1, end: 3, confidence: 85 },
      { text: 'WORLD', start: 2, end: 3.5, confidence: 94 },
    ]);
  });
});

describe('moderation verdict', () => {
  const segment = (start: number, porn: number, sexy: number) => ({
    start,
    end: start + 1,
    labels: [
      { name: 'Neutral', confidence: 100 - porn - sexy },
      { name: 'Porn', confidence: porn },
      { name: 'Sexy', confidence: sexy },
    ],
  });
  const thresholds = { reviewThreshold: 50, blockThreshold: 85 };
  const verdictOf = (segments: ReviewSegment[], t: typeof thresholds) =>
    sharedVerdictOf(segments, t, isUnsafeClass);

  it('passes, reviews or blocks on the most confident unsafe label', () => {
    expect(verdictOf([segment(0, 1, 2), segment(1, 3, 4)], thresholds)).toEqual({
      verdict: 'pass',
      maxUnsafe: { name: 'Sexy', confidence: 4, start: 1 },
    });
    expect(verdictOf([segment(0, 1, 60)], thresholds).verdict).toBe('review');
    expect(verdictOf([segment(0, 85, 0)], thresholds).verdict).toBe('block');
    expect(verdictOf([], thresholds)).toEqual({ verdict: 'pass' });
  });
});
