import { isAbsent } from '../values';
import { videoSettingsOf } from './codec-settings';
import { defineRule } from './rule';

/** QVBR encodes (H.264, H.265, and AV1, which is QVBR only) state a MaxBitrate. */
export const rateControlQvbrMaxBitrate = defineRule({
  id: 'rate-control-qvbr-max-bitrate',
  url: 'https://docs.aws.amazon.com/mediaconvert/latest/apireference/jobs.html#jobs-model-h264settings',
  constraint:
    'H264Settings, H265Settings, Av1Settings MaxBitrate: "Required when Rate control mode is QVBR." ' +
    '(AV1: "MediaConvert supports only quality-defined variable bitrate (QVBR)", so AV1 always needs it.)',
  apply(job, report) {
    for (const { path, settings, codec } of videoSettingsOf(job, ['H_264', 'H_265', 'AV1'])) {
      const mode = settings.RateControlMode;
      const qvbr = mode === 'QVBR' || (codec === 'AV1' && isAbsent(mode));
      if (qvbr && isAbsent(settings.MaxBitrate))
        report(`${path}.MaxBitrate`, 'QVBR rate control requires MaxBitrate');
    }
  },
});
