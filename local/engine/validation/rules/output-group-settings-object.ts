import { isObject } from '../values';
import { defineRule } from './rule';

/** OutputGroupSettings.Type -> the settings object it requires. */
const SETTINGS_MEMBER: Readonly<Record<string, string>> = {
  FILE_GROUP_SETTINGS: 'FileGroupSettings',
  HLS_GROUP_SETTINGS: 'HlsGroupSettings',
  DASH_ISO_GROUP_SETTINGS: 'DashIsoGroupSettings',
  MS_SMOOTH_GROUP_SETTINGS: 'MsSmoothGroupSettings',
  CMAF_GROUP_SETTINGS: 'CmafGroupSettings',
};

/** An output group states the settings object its Type names. */
export const outputGroupSettingsObject = defineRule({
  id: 'output-group-settings-object',
  url: 'https://docs.aws.amazon.com/mediaconvert/latest/apireference/jobs.html#jobs-model-jobsettings',
  constraint:
    'OutputGroups: "This required object depends on the value you set for Type": FILE_GROUP_SETTINGS, ' +
    'FileGroupSettings; HLS_GROUP_SETTINGS, HlsGroupSettings; DASH_ISO_GROUP_SETTINGS, DashIsoGroupSettings; ' +
    'MS_SMOOTH_GROUP_SETTINGS, MsSmoothGroupSettings; CMAF_GROUP_SETTINGS, CmafGroupSettings.',
  apply(job, report) {
    for (const group of job.groups) {
      const member = group.type === undefined ? undefined : SETTINGS_MEMBER[group.type];
      if (member === undefined || isObject(group.settings?.[member])) continue;
      report(
        `${group.path}.OutputGroupSettings.${member}`,
        `Type ${group.type} requires the ${member} object`,
      );
    }
  },
});
