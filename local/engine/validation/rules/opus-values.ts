import { asNumber } from '../values';
import { audioSettingsOf } from './codec-settings';
import { defineRule } from './rule';

const OPUS_SAMPLE_RATES: readonly number[] = [16000, 24000, 48000];

/** Opus bitrates are multiples of 8000 from 32000 through 192000; sample rates 16, 24 or 48 kHz. */
export const opusValues = defineRule({
  id: 'opus-values',
  url: 'https://docs.aws.amazon.com/mediaconvert/latest/apireference/jobs.html#jobs-model-opussettings',
  constraint:
    'OpusSettings.Bitrate: "Valid values are multiples of 8000, from 32000 through 192000." ' +
    'SampleRate: "Valid values are 16000, 24000, and 48000."',
  apply(job, report) {
    for (const { path, settings } of audioSettingsOf(job, 'OPUS')) {
      const bitrate = asNumber(settings.Bitrate);
      if (bitrate !== undefined && (bitrate % 8000 !== 0 || bitrate < 32000 || bitrate > 192000)) {
        report(
          `${path}.Bitrate`,
          `${bitrate} isn't a valid Opus bitrate: use a multiple of 8000 from 32000 through 192000`,
        );
      }
      const rate = asNumber(settings.SampleRate);
      if (rate !== undefined && !OPUS_SAMPLE_RATES.includes(rate)) {
        report(`${path}.SampleRate`, `${rate} isn't a valid Opus sample rate: use 16000, 24000 or 48000`);
      }
    }
  },
});
