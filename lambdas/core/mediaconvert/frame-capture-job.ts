/**
 * Frame-capture jobs (JPEG in a RAW container): snapshots at time offsets, sampled snapshots and the
 * frames of an image sprite.
 *
 * Time offsets: MediaConvert captures the first frame of the output and then one frame every fixed
 * period, so arbitrary points are reached by stitching: one Input per offset (the same file clipped
 * to exactly one capture period starting at the offset frame, ZEROBASED timecodes) and a capture
 * period equal to that clip length, so capture k is the first frame of clip k. Clips are exactly one
 * timecode second (`round(fps)` frames) and the period is `round(fps)/fps` s, which needs the source
 * frame rate; without it only a single offset on a whole second can be placed exactly.
 * Offsets are ordered by time (capture k = k-th earliest). A percentage is of `durationSeconds`; 100 %
 * is the last frame. An offset in seconds at or beyond the duration fails with
 * InvalidInput.InvalidTimeOffset; the last clip is cut at the end of the source.
 */
import type { Input, Output, OutputGroup } from '@aws-sdk/client-mediaconvert';
import { ValidationError } from '../errors';
import type { SourceInfo, TimeOffset, WatermarkTemplate } from '../model';
import { outputFrameSize } from './frame-size';
import { missingSourceInfo, s3Url } from './job-context';
import {
  everySeconds,
  frameAt,
  frameRateFraction,
  reduce,
  timecodeBase,
  timecodeOfFrame,
  type Fraction,
} from './timecode';
import { imageInserter } from './watermarks';

export const INVALID_TIME_OFFSET = 'InvalidInput.InvalidTimeOffset';

interface ImageSpec {
  width: number;
  height: number;
  quality: number;
}

/** One RAW/JPEG frame-capture output at `rate` (captures per second), at most `maxCaptures`. */
export function frameCaptureOutput(
  image: ImageSpec,
  rate: Fraction,
  maxCaptures: number | undefined,
  watermarks: readonly WatermarkTemplate[],
  source: SourceInfo,
): Output {
  const inserter = imageInserter(watermarks, outputFrameSize(image.width, image.height, source), {
    timed: false,
  });
  return {
    Extension: 'jpg',
    ContainerSettings: { Container: 'RAW' },
    VideoDescription: {
      ...(image.width > 0 ? { Width: image.width } : {}),
      ...(image.height > 0 ? { Height: image.height } : {}),
      ScalingBehavior: 'DEFAULT',
      ...(inserter ? { VideoPreprocessors: { ImageInserter: inserter } } : {}),
      CodecSettings: {
        Codec: 'FRAME_CAPTURE',
        FrameCaptureSettings: {
          FramerateNumerator: rate.numerator,
          FramerateDenominator: rate.denominator,
          ...(maxCaptures !== undefined ? { MaxCaptures: maxCaptures } : {}),
          Quality: image.quality,
        },
      },
    },
  };
}

/** FILE_GROUP writing `{destinationKey}.NNNNNNN.jpg`. */
export function frameCaptureGroup(bucket: string, destinationKey: string, output: Output): OutputGroup {
  return {
    Name: 'Frame Capture',
    OutputGroupSettings: {
      Type: 'FILE_GROUP_SETTINGS',
      FileGroupSettings: { Destination: s3Url(bucket, destinationKey) },
    },
    Outputs: [output],
  };
}

/** Offsets in seconds, ascending; percentages resolved against the duration. */
export function offsetSeconds(offsets: readonly TimeOffset[], source: SourceInfo): number[] {
  const points = offsets.length > 0 ? offsets : [{ value: 0, unit: 's' as const }];
  const d = source.durationSeconds;
  return points
    .map((o, i) => {
      if (o.unit === '%') {
        if (d === undefined)
          throw missingSourceInfo('durationSeconds', `for the percentage offset ${o.value}%`);
        return (o.value / 100) * d;
      }
      if (d !== undefined && o.value >= d) {
        throw new ValidationError(
          `offsets[${i}] ${o.value}s is at or beyond the end of the source (${d}s); offsets must be less than the duration`,
          `offsets[${i}]`,
          INVALID_TIME_OFFSET,
        );
      }
      return o.value;
    })
    .sort((a, b) => a - b);
}

/** True when the offsets need the source frame rate to be placed exactly. */
export function offsetsNeedFrameRate(offsets: readonly TimeOffset[]): boolean {
  return offsets.length > 1 || offsets.some((o) => o.unit === '%' || !Number.isInteger(o.value));
}

/** The stitched inputs and capture rate that land one capture on each offset. */
export function offsetInputs(
  base: Input,
  offsets: readonly TimeOffset[],
  source: SourceInfo,
): { inputs: Input[]; rate: Fraction } {
  const seconds = offsetSeconds(offsets, source);
  const fps = source.frameRate;
  if (!fps) {
    if (offsetsNeedFrameRate(offsets)) {
      throw missingSourceInfo('frameRate', 'to place several or fractional snapshot offsets on exact frames');
    }
    const s = Math.floor(seconds[0]!);
    const end =
      source.durationSeconds !== undefined && s + 1 >= source.durationSeconds
        ? {}
        : { EndTimecode: timecodeOfFrame(s + 1, 1) };
    return {
      inputs: [{ ...base, InputClippings: [{ StartTimecode: timecodeOfFrame(s, 1), ...end }] }],
      rate: { numerator: 1, denominator: 1 },
    };
  }
  const clipFrames = timecodeBase(fps);
  const lastFrame =
    source.durationSeconds !== undefined
      ? Math.max(0, Math.ceil(source.durationSeconds * fps - 1e-6) - 1)
      : Number.POSITIVE_INFINITY;
  const inputs = seconds.map((t) => {
    const first = Math.min(frameAt(t, fps), lastFrame);
    const last = Math.min(first + clipFrames - 1, lastFrame);
    return {
      ...base,
      InputClippings: [
        { StartTimecode: timecodeOfFrame(first, fps), EndTimecode: timecodeOfFrame(last, fps) },
      ],
    };
  });
  const f = frameRateFraction(fps);
  return { inputs, rate: reduce(f.numerator, f.denominator * clipFrames) };
}

/** Capture rate and count for sampling every `interval` seconds or % of the duration. */
export function samplingPlan(
  sampleType: 'percent' | 'time',
  interval: number,
  source: SourceInfo,
): { rate: Fraction; periodSeconds: number; maxCaptures?: number } {
  const d = source.durationSeconds;
  if (sampleType === 'time') {
    return {
      rate: everySeconds(interval),
      periodSeconds: interval,
      ...(d !== undefined ? { maxCaptures: Math.max(1, Math.ceil(d / interval - 1e-9)) } : {}),
    };
  }
  if (d === undefined || d <= 0)
    throw missingSourceInfo('durationSeconds', `to sample every ${interval}% of the duration`);
  const periodSeconds = (d * interval) / 100;
  return {
    rate: everySeconds(periodSeconds),
    periodSeconds,
    maxCaptures: Math.max(1, Math.ceil(100 / interval - 1e-9)),
  };
}
