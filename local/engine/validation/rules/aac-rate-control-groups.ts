import { isAbsent } from '../values';
import { audioSettingsOf } from './codec-settings';
import { defineRule } from './rule';

/** AAC VBR is set with VbrQuality, CBR with Bitrate; a member of the other group is a conflict. */
export const aacRateControlGroups = defineRule({
  id: 'aac-rate-control-groups',
  url: 'https://docs.aws.amazon.com/mediaconvert/latest/apireference/jobs.html#jobs-model-aacsettings',
  constraint:
    'AacSettings: "The service accepts one of two mutually exclusive groups of AAC settings--VBR and CBR. ' +
    'In VBR mode, you control the audio quality with the setting VBR quality. ' +
    'In CBR mode, you use the setting Bitrate."',
  apply(job, report) {
    for (const { path, settings } of audioSettingsOf(job, 'AAC')) {
      if (settings.RateControlMode === 'VBR' && !isAbsent(settings.Bitrate)) {
        report(
          `${path}.Bitrate`,
          'RateControlMode VBR is set with VbrQuality, not Bitrate (the groups exclude each other)',
        );
      }
      if (settings.RateControlMode === 'CBR' && !isAbsent(settings.VbrQuality)) {
        report(
          `${path}.VbrQuality`,
          'RateControlMode CBR is set with Bitrate, not VbrQuality (the groups exclude each other)',
        );
      }
    }
  },
});
