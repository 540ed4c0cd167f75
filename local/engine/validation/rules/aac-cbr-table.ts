/**
 * The rows of the UG's "CBR Bitrate control mode" AAC table (aac-support.html) that could be read in full,
 * encoded exactly: profile LC, coding mode -> sample rate (Hz) -> supported bitrates (bit/s).
 */

const rows = (
  entries: readonly (readonly [readonly number[], readonly number[]])[],
): Map<number, readonly number[]> =>
  new Map(entries.flatMap(([rates, bitrates]) => rates.map((rate) => [rate, bitrates] as const)));

/** LC 1.0: the whole block was read, so a sample rate missing here is unsupported. */
export const LC_MONO = rows([
  [
    [8000, 12000],
    [8000, 10000, 12000, 14000],
  ],
  [[16000], [8000, 10000, 12000, 14000, 16000, 20000, 24000, 28000]],
  [
    [22050, 24000],
    [24000, 28000],
  ],
  [[32000], [32000, 40000, 48000, 56000, 64000, 80000, 96000, 112000, 128000, 160000, 192000]],
  [[44100], [56000, 64000, 80000, 96000, 112000, 128000, 160000, 192000, 224000, 256000]],
  [[48000], [56000, 64000, 80000, 96000, 112000, 128000, 160000, 192000, 224000, 256000, 288000]],
  [[88200], [288000]],
  [[96000], [128000, 160000, 192000, 224000, 256000, 288000]],
]);

/** LC 2.0 up to 44100 Hz; 48000 Hz is known only by its lower bound, higher rates not at all. */
export const LC_STEREO = rows([
  [
    [8000, 12000],
    [16000, 20000],
  ],
  [[16000], [16000, 20000, 24000, 28000, 32000]],
  [[22050, 24000], [32000]],
  [
    [32000],
    [
      40000, 48000, 56000, 64000, 80000, 96000, 112000, 128000, 160000, 192000, 224000, 256000, 288000,
      320000, 384000,
    ],
  ],
  [
    [44100],
    [
      64000, 80000, 96000, 112000, 128000, 160000, 192000, 224000, 256000, 288000, 320000, 384000, 448000,
      512000,
    ],
  ],
]);

/** LC 2.0 at 48000 Hz: the readable start of the row ("64000, 80000, ..."). */
export const LC_STEREO_48K_MIN_BITRATE = 64000;
