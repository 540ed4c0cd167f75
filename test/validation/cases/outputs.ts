import { createJob, dashGroup, edit, fileGroup, mp4Job, mp4Output, outputPath } from '../fixtures';
import type { RuleCases } from './rule-case';

const O = outputPath(0, 0);
const GROUP = '$.Settings.OutputGroups[0].OutputGroupSettings';
const presetOnly = {
  [`${O}.Preset`]: 'System-Generic_Hd_Mp4_Av_Aac_16x9_1280x720p_24Hz_4.5Mbps',
  [`${O}.ContainerSettings`]: undefined,
  [`${O}.VideoDescription`]: undefined,
  [`${O}.AudioDescriptions`]: undefined,
};
const twoOutputs = createJob([fileGroup([mp4Output('_hd'), mp4Output('_sd')])]);
const onDemand = edit(createJob([dashGroup()]), {
  [`${GROUP}.DashIsoGroupSettings.MpdProfile`]: 'ON_DEMAND_PROFILE',
});
const cmafGroup = {
  Type: 'CMAF_GROUP_SETTINGS',
  CmafGroupSettings: {
    Destination: 's3://output-bucket/cmaf/',
    SegmentLength: 30,
    FragmentLength: 2,
    MpdProfile: 'ON_DEMAND_PROFILE',
    SegmentControl: 'SEGMENTED_FILES',
  },
};
const cmaf = edit(createJob([dashGroup()]), {
  [GROUP]: cmafGroup,
  [`${outputPath(0, 0)}.ContainerSettings`]: { Container: 'CMFC' },
  [`${outputPath(0, 1)}.ContainerSettings`]: { Container: 'CMFC' },
});

export const OUTPUT_CASES: RuleCases = {
  'output-group-settings-object': [
    {
      name: 'a File group without FileGroupSettings',
      breaks: edit(mp4Job(), { [`${GROUP}.FileGroupSettings`]: undefined }),
      at: [`${GROUP}.FileGroupSettings`],
      passes: mp4Job(),
    },
    {
      name: 'an HLS group carrying FileGroupSettings',
      breaks: edit(mp4Job(), { [`${GROUP}.Type`]: 'HLS_GROUP_SETTINGS' }),
      at: [`${GROUP}.HlsGroupSettings`],
      passes: edit(mp4Job(), {
        [`${GROUP}.Type`]: 'HLS_GROUP_SETTINGS',
        [`${GROUP}.HlsGroupSettings`]: { Destination: 's3://output-bucket/hls/', SegmentLength: 6 },
      }),
    },
  ],
  'output-container-or-preset': [
    {
      name: 'both a Preset and ContainerSettings',
      breaks: edit(mp4Job(), { [`${O}.Preset`]: 'my-preset' }),
      at: [`${O}.ContainerSettings`],
      passes: edit(mp4Job(), presetOnly),
    },
    {
      name: 'neither, unless a JobTemplate may supply them',
      breaks: edit(mp4Job(), { [`${O}.ContainerSettings`]: undefined }),
      at: [`${O}.ContainerSettings`],
      passes: edit(mp4Job(), { [`${O}.ContainerSettings`]: undefined, '$.JobTemplate': 'my-template' }),
    },
  ],
  'output-name-modifier': [
    {
      name: 'the second of two outputs without a NameModifier',
      breaks: edit(twoOutputs, { [`${outputPath(0, 1)}.NameModifier`]: undefined }),
      at: [`${outputPath(0, 1)}.NameModifier`],
      passes: edit(twoOutputs, { [`${outputPath(0, 1)}.NameModifier`]: '_low' }),
    },
    {
      name: 'a single output needs none',
      breaks: edit(twoOutputs, { [`${outputPath(0, 0)}.NameModifier`]: undefined }),
      at: [`${outputPath(0, 0)}.NameModifier`],
      passes: edit(mp4Job(), { [`${O}.NameModifier`]: undefined }),
    },
  ],
  'mpd-profile-on-demand': [
    {
      name: 'DASH ISO on-demand profile with segmented files',
      breaks: onDemand,
      at: [`${GROUP}.DashIsoGroupSettings.SegmentControl`],
      passes: edit(onDemand, { [`${GROUP}.DashIsoGroupSettings.SegmentControl`]: 'SINGLE_FILE' }),
    },
    {
      name: 'CMAF on-demand profile with segmented files',
      breaks: cmaf,
      at: [`${GROUP}.CmafGroupSettings.SegmentControl`],
      passes: edit(cmaf, { [`${GROUP}.CmafGroupSettings.SegmentControl`]: 'SINGLE_FILE' }),
    },
  ],
};
