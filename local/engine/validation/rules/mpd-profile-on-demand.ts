import { asObject } from '../values';
import { defineRule } from './rule';

/** DASH ISO and CMAF groups with the on-demand MPD profile write single files. */
export const mpdProfileOnDemand = defineRule({
  id: 'mpd-profile-on-demand',
  url: 'https://docs.aws.amazon.com/mediaconvert/latest/apireference/jobs.html#jobs-model-dashisogroupsettings',
  constraint:
    'MpdProfile (DASH ISO and CMAF groups): "When you choose On-demand, you must also set the output group ' +
    'setting Segment control to Single file."',
  apply(job, report) {
    for (const group of job.groups) {
      for (const member of ['DashIsoGroupSettings', 'CmafGroupSettings']) {
        const settings = asObject(group.settings?.[member]);
        if (settings?.MpdProfile !== 'ON_DEMAND_PROFILE' || settings.SegmentControl === 'SINGLE_FILE')
          continue;
        const current = typeof settings.SegmentControl === 'string' ? settings.SegmentControl : 'unset';
        report(
          `${group.path}.OutputGroupSettings.${member}.SegmentControl`,
          `MpdProfile ON_DEMAND_PROFILE requires SegmentControl SINGLE_FILE (it is ${current})`,
        );
      }
    }
  },
});
