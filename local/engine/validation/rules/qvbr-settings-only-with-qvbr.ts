import { isAbsent } from '../values';
import { videoSettingsOf } from './codec-settings';
import { defineRule } from './rule';

/** H.264 and H.265 QvbrSettings go with RateControlMode QVBR only. */
export const qvbrSettingsOnlyWithQvbr = defineRule({
  id: 'qvbr-settings-only-with-qvbr',
  url: 'https://docs.aws.amazon.com/mediaconvert/latest/apireference/jobs.html#jobs-model-h264settings',
  constraint:
    'H264Settings, H265Settings QvbrSettings: "Use these settings only when you set QVBR for Rate control mode."',
  apply(job, report) {
    for (const { path, settings } of videoSettingsOf(job, ['H_264', 'H_265'])) {
      const mode = settings.RateControlMode;
      if (isAbsent(settings.QvbrSettings) || typeof mode !== 'string' || mode === 'QVBR') continue;
      report(`${path}.QvbrSettings`, `QvbrSettings apply only with RateControlMode QVBR, not ${mode}`);
    }
  },
});
