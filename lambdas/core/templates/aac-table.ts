/**
 * The AAC CBR combinations MediaConvert supports for profile LC (UG "AAC output reference tables",
 * https://docs.aws.amazon.com/mediaconvert/latest/ug/aac-support.html#aac_cbr), for the sample rates a
 * template may choose. Bitrates in bit/s, within the template range (26–256 kbps).
 *
 * Read in full: every LC 1.0 row and LC 2.0 up to 44.1 kHz. LC 2.0 at 48 kHz reads "64000, 80000,
 * 96000, 112000, 128000, 160000, 192000, …"; 224000 and 256000 come from the service's own error text
 * for that combination ("Specify a bitrate in the range of 64000-576000") and the API's list of valid
 * AAC bitrates. The LC 5.1 rows could not be read, so templates offer AAC in mono and stereo only.
 */

/** Channels (1 = CODING_MODE_1_0, 2 = CODING_MODE_2_0) → sample rate → supported bitrates. */
export const AAC_CBR_BITRATES: Readonly<Record<1 | 2, Readonly<Record<number, readonly number[]>>>> = {
  1: {
    8000: [],
    16000: [28000],
    22050: [28000],
    32000: [32000, 40000, 48000, 56000, 64000, 80000, 96000, 112000, 128000, 160000, 192000],
    44100: [56000, 64000, 80000, 96000, 112000, 128000, 160000, 192000, 224000, 256000],
    48000: [56000, 64000, 80000, 96000, 112000, 128000, 160000, 192000, 224000, 256000],
  },
  2: {
    8000: [],
    16000: [28000, 32000],
    22050: [32000],
    32000: [40000, 48000, 56000, 64000, 80000, 96000, 112000, 128000, 160000, 192000, 224000, 256000],
    44100: [64000, 80000, 96000, 112000, 128000, 160000, 192000, 224000, 256000],
    48000: [64000, 80000, 96000, 112000, 128000, 160000, 192000, 224000, 256000],
  },
};

/** The AAC sample rates a template may name (0 = automatic = 48000). */
export const AAC_SAMPLE_RATES = [8000, 16000, 22050, 32000, 44100, 48000] as const;

/** Supported CBR bitrates (bit/s) of LC AAC at `channels` and `sampleRate`; [] when none is in range. */
export function aacBitrates(channels: number, sampleRate: number): readonly number[] {
  const rows = AAC_CBR_BITRATES[channels as 1 | 2];
  return rows?.[sampleRate] ?? [];
}

/** The bitrate "automatic" (0 kbps) picks: 64 kbps mono, 128 kbps stereo, or the nearest supported. */
export function defaultAacBitrate(channels: number, sampleRate: number): number | undefined {
  return nearestAacBitrate(channels, sampleRate, channels === 1 ? 64000 : 128000);
}

/** The supported bitrate nearest to `bps` (the lower one on a tie), or undefined when none exists. */
export function nearestAacBitrate(channels: number, sampleRate: number, bps: number): number | undefined {
  const values = aacBitrates(channels, sampleRate);
  if (values.length === 0) return undefined;
  return values.reduce((best, v) => (Math.abs(v - bps) < Math.abs(best - bps) ? v : best));
}
