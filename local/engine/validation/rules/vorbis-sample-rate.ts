import { asNumber } from '../values';
import { audioSettingsOf } from './codec-settings';
import { defineRule } from './rule';

const VORBIS_SAMPLE_RATES: readonly number[] = [22050, 32000, 44100, 48000];

/** Vorbis sample rates are 22050, 32000, 44100 or 48000 Hz. */
export const vorbisSampleRate = defineRule({
  id: 'vorbis-sample-rate',
  url: 'https://docs.aws.amazon.com/mediaconvert/latest/apireference/jobs.html#jobs-model-vorbissettings',
  constraint: 'VorbisSettings.SampleRate: "Valid values are 22050, 32000, 44100, and 48000."',
  apply(job, report) {
    for (const { path, settings } of audioSettingsOf(job, 'VORBIS')) {
      const rate = asNumber(settings.SampleRate);
      if (rate === undefined || VORBIS_SAMPLE_RATES.includes(rate)) continue;
      report(
        `${path}.SampleRate`,
        `${rate} isn't a valid Vorbis sample rate: use 22050, 32000, 44100 or 48000`,
      );
    }
  },
});
