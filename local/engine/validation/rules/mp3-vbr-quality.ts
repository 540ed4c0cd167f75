import { isAbsent } from '../values';
import { audioSettingsOf } from './codec-settings';
import { defineRule } from './rule';

/** MP3 VBR states a VbrQuality. */
export const mp3VbrQuality = defineRule({
  id: 'mp3-vbr-quality',
  url: 'https://docs.aws.amazon.com/mediaconvert/latest/apireference/jobs.html#jobs-model-mp3settings',
  constraint: 'Mp3Settings.VbrQuality: "Required when you set Bitrate control mode to VBR."',
  apply(job, report) {
    for (const { path, settings } of audioSettingsOf(job, 'MP3')) {
      if (settings.RateControlMode === 'VBR' && isAbsent(settings.VbrQuality)) {
        report(`${path}.VbrQuality`, 'RateControlMode VBR requires VbrQuality');
      }
    }
  },
});
