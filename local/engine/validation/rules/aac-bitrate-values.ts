import { asNumber } from '../values';
import { audioSettingsOf } from './codec-settings';
import { defineRule } from './rule';

/** The documented set of AAC bitrates (the model only states the range 6000-1024000). */
const AAC_BITRATES: readonly number[] = [
  6000, 8000, 10000, 12000, 14000, 16000, 20000, 24000, 28000, 32000, 40000, 48000, 56000, 64000, 80000,
  96000, 112000, 128000, 160000, 192000, 224000, 256000, 288000, 320000, 384000, 448000, 512000, 576000,
  640000, 768000, 896000, 1024000,
];

/** AacSettings.Bitrate is one of the documented values. */
export const aacBitrateValues = defineRule({
  id: 'aac-bitrate-values',
  url: 'https://docs.aws.amazon.com/mediaconvert/latest/apireference/jobs.html#jobs-model-aacsettings',
  constraint: `AacSettings.Bitrate: "The set of valid values for this setting is: ${AAC_BITRATES.join(', ')}."`,
  apply(job, report) {
    for (const { path, settings } of audioSettingsOf(job, 'AAC')) {
      const bitrate = asNumber(settings.Bitrate);
      if (bitrate === undefined || AAC_BITRATES.includes(bitrate)) continue;
      report(`${path}.Bitrate`, `${bitrate} isn't a valid AAC bitrate (6000, 8000, ..., 1024000)`);
    }
  },
});
