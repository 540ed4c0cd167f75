import { asNumber } from '../values';
import { defineRule } from './rule';

/** Largest frame per codec, as width x height boxes (either box fits). */
const MAX_FRAMES: Readonly<Record<string, readonly (readonly [number, number])[]>> = {
  AV1: [[4096, 2160]],
  AVC_INTRA: [
    [1920, 1080],
    [1080, 1920],
  ],
  H_264: [
    [4096, 2160],
    [2160, 4096],
  ],
  GIF: [[3840, 3840]],
  H_265: [
    [8192, 4320],
    [4320, 8192],
  ],
  MPEG2: [[1920, 1152]],
  PRORES: [[4096, 4096]],
  VC3: [
    [1920, 1080],
    [1080, 1920],
  ],
  VP8: [
    [4096, 2160],
    [2160, 4096],
  ],
  VP9: [
    [4096, 2160],
    [2160, 4096],
  ],
  XAVC: [[4096, 2160]],
};

/** Whether a frame fits a box; an unstated side fits any box that fits the stated one. */
function fits(
  width: number | undefined,
  height: number | undefined,
  [w, h]: readonly [number, number],
): boolean {
  return (width === undefined || width <= w) && (height === undefined || height <= h);
}

/** The member to blame: the one side that is too large for every box on its own, else the whole frame. */
function culprit(
  width: number | undefined,
  height: number | undefined,
  boxes: readonly (readonly [number, number])[],
): string {
  const widthTooLarge = width !== undefined && boxes.every(([w]) => width > w);
  const heightTooLarge = height !== undefined && boxes.every(([, h]) => height > h);
  if (widthTooLarge && !heightTooLarge) return '.Width';
  if (heightTooLarge && !widthTooLarge) return '.Height';
  return '';
}

/** An output's Width x Height is within its codec's maximum resolution. */
export const maxOutputResolution = defineRule({
  id: 'max-output-resolution',
  url: 'https://docs.aws.amazon.com/mediaconvert/latest/ug/supported-output-resolution-maximums-by-codec.html',
  constraint:
    'Maximum output resolution: AV1 4096x2160; AVC-Intra 1920x1080 or 1080x1920; AVC (H.264) 4096x2160 or ' +
    '2160x4096; GIF 3840x3840; HEVC (H.265) 8192x4320 or 4320x8192; MPEG-2 1920x1152; Apple ProRes 4096x4096; ' +
    'VC-3 1920x1080 or 1080x1920; VP8, VP9 4096x2160 or 2160x4096; XAVC 4096x2160',
  apply(job, report) {
    for (const output of job.explicitOutputs) {
      const boxes = output.videoCodec === undefined ? undefined : MAX_FRAMES[output.videoCodec];
      const width = asNumber(output.video?.Width);
      const height = asNumber(output.video?.Height);
      if (!boxes || (width === undefined && height === undefined)) continue;
      if (boxes.some((box) => fits(width, height, box))) continue;
      const size = `${width ?? '(auto)'}x${height ?? '(auto)'}`;
      const maximum = boxes.map(([w, h]) => `${w}x${h}`).join(' or ');
      report(
        `${output.path}.VideoDescription${culprit(width, height, boxes)}`,
        `${size} exceeds the maximum ${output.videoCodec} output resolution, ${maximum}`,
      );
    }
  },
});
