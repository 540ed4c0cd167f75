import { isAbsent } from '../values';
import { videoSettingsOf } from './codec-settings';
import { defineRule } from './rule';

/** H.264, H.265 and MPEG-2 in CBR or VBR state a Bitrate. */
export const rateControlBitrate = defineRule({
  id: 'rate-control-bitrate',
  url: 'https://docs.aws.amazon.com/mediaconvert/latest/apireference/jobs.html#jobs-model-h264settings',
  constraint:
    'H264Settings, H265Settings, Mpeg2Settings Bitrate: "Required for VBR and CBR." ' +
    '(VP8 and VP9 Bitrate is not documented as required.)',
  apply(job, report) {
    for (const { path, settings } of videoSettingsOf(job, ['H_264', 'H_265', 'MPEG2'])) {
      const mode = settings.RateControlMode;
      if ((mode === 'CBR' || mode === 'VBR') && isAbsent(settings.Bitrate)) {
        report(`${path}.Bitrate`, `RateControlMode ${mode} requires Bitrate`);
      }
    }
  },
});
