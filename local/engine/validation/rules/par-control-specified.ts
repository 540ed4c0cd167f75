import { isAbsent } from '../values';
import { videoSettingsOf } from './codec-settings';
import { defineRule } from './rule';

/** A SPECIFIED pixel aspect ratio states its numerator and denominator. */
export const parControlSpecified = defineRule({
  id: 'par-control-specified',
  url: 'https://docs.aws.amazon.com/mediaconvert/latest/apireference/jobs.html#jobs-model-h264settings',
  constraint:
    'ParControl (H.264, H.265, MPEG-2, ProRes, VP8): "When you choose SPECIFIED for this setting, you must ' +
    'also specify values for the parNumerator and parDenominator settings."',
  apply(job, report) {
    for (const { path, settings } of videoSettingsOf(job, ['H_264', 'H_265', 'MPEG2', 'PRORES', 'VP8'])) {
      if (settings.ParControl !== 'SPECIFIED') continue;
      for (const member of ['ParNumerator', 'ParDenominator']) {
        if (isAbsent(settings[member]))
          report(`${path}.${member}`, `ParControl SPECIFIED requires ${member}`);
      }
    }
  },
});
