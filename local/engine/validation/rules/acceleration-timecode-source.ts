import { asObject, asString } from '../values';
import { defineRule } from './rule';

/** Accelerated jobs (Mode ENABLED) change the job-wide timecode source from its default, EMBEDDED. */
export const accelerationTimecodeSource = defineRule({
  id: 'acceleration-timecode-source',
  url: 'https://docs.aws.amazon.com/mediaconvert/latest/ug/setting-up-accelerated-transcoding.html',
  constraint:
    '"Change your timecode settings from the default value Embedded to Start at zero" ' +
    '(Settings.TimecodeConfig.Source; Mode ENABLED only)',
  wholeJob: true,
  apply(job, report) {
    if (!job.accelerationEnabled || !job.settings) return;
    const source = asString(asObject(job.settings?.TimecodeConfig)?.Source);
    if (source !== undefined && source !== 'EMBEDDED') return;
    const current = source ?? 'the default EMBEDDED';
    report(
      '$.Settings.TimecodeConfig.Source',
      `accelerated transcoding (Mode ENABLED) needs a timecode Source of ZEROBASED (or SPECIFIEDSTART), not ${current}`,
    );
  },
});
