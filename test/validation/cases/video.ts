import { edit, mp4Job, outputPath } from '../fixtures';
import type { RuleCases } from './rule-case';

const O = outputPath(0, 0);
const VIDEO = `${O}.VideoDescription`;
const CODEC = `${VIDEO}.CodecSettings`;
const H264 = `${CODEC}.H264Settings`;
const cbr = edit(mp4Job(), { [H264]: { RateControlMode: 'CBR', Bitrate: 4_000_000 } });
const vbrWithQvbr = edit(mp4Job(), {
  [H264]: {
    RateControlMode: 'VBR',
    Bitrate: 4_000_000,
    MaxBitrate: 6_000_000,
    QvbrSettings: { QvbrQualityLevel: 7 },
  },
});
const av1 = edit(mp4Job(), { [CODEC]: { Codec: 'AV1', Av1Settings: { MaxBitrate: 4_000_000 } } });
const par = edit(mp4Job(), { [`${H264}.ParControl`]: 'SPECIFIED', [`${H264}.ParNumerator`]: 40 });

export const VIDEO_CASES: RuleCases = {
  'video-codec-settings-object': [
    {
      name: 'Codec H_265 with H264Settings',
      breaks: edit(mp4Job(), { [`${CODEC}.Codec`]: 'H_265' }),
      at: [`${CODEC}.H265Settings`],
      passes: edit(mp4Job(), {
        [`${CODEC}.Codec`]: 'H_265',
        [`${CODEC}.H264Settings`]: undefined,
        [`${CODEC}.H265Settings`]: { RateControlMode: 'QVBR', MaxBitrate: 5_000_000 },
      }),
    },
  ],
  'rate-control-bitrate': [
    {
      name: 'H.264 CBR without Bitrate',
      breaks: edit(cbr, { [`${H264}.Bitrate`]: undefined }),
      at: [`${H264}.Bitrate`],
      passes: cbr,
    },
    {
      name: 'MPEG-2 VBR without Bitrate',
      breaks: edit(mp4Job(), { [CODEC]: { Codec: 'MPEG2', Mpeg2Settings: { RateControlMode: 'VBR' } } }),
      at: [`${CODEC}.Mpeg2Settings.Bitrate`],
      passes: edit(mp4Job(), {
        [CODEC]: { Codec: 'MPEG2', Mpeg2Settings: { RateControlMode: 'VBR', Bitrate: 8e6 } },
      }),
    },
  ],
  'rate-control-qvbr-max-bitrate': [
    {
      name: 'H.264 QVBR without MaxBitrate',
      breaks: edit(mp4Job(), { [`${H264}.MaxBitrate`]: undefined }),
      at: [`${H264}.MaxBitrate`],
      passes: mp4Job(),
    },
    {
      name: 'AV1 (QVBR only) without MaxBitrate',
      breaks: edit(av1, { [`${CODEC}.Av1Settings.MaxBitrate`]: undefined }),
      at: [`${CODEC}.Av1Settings.MaxBitrate`],
      passes: av1,
    },
  ],
  'qvbr-settings-only-with-qvbr': [
    {
      name: 'QvbrSettings with VBR',
      breaks: vbrWithQvbr,
      at: [`${H264}.QvbrSettings`],
      passes: edit(vbrWithQvbr, { [`${H264}.QvbrSettings`]: undefined }),
    },
  ],
  'par-control-specified': [
    {
      name: 'ParControl SPECIFIED without ParDenominator',
      breaks: par,
      at: [`${H264}.ParDenominator`],
      passes: edit(par, { [`${H264}.ParDenominator`]: 33 }),
    },
    {
      name: 'ParControl SPECIFIED without either',
      breaks: edit(par, { [`${H264}.ParNumerator`]: undefined }),
      at: [`${H264}.ParNumerator`, `${H264}.ParDenominator`],
      passes: edit(par, {
        [`${H264}.ParNumerator`]: undefined,
        [`${H264}.ParControl`]: 'INITIALIZE_FROM_SOURCE',
      }),
    },
  ],
  'max-output-resolution': [
    {
      name: 'H.264 at 3840x2880 (max 4096x2160 or 2160x4096)',
      breaks: edit(mp4Job(), { [`${VIDEO}.Width`]: 3840, [`${VIDEO}.Height`]: 2880 }),
      at: [VIDEO],
      passes: edit(mp4Job(), { [`${VIDEO}.Width`]: 3840, [`${VIDEO}.Height`]: 2160 }),
    },
    {
      name: 'H.264 4320 wide: too wide for either box, so Width is blamed',
      breaks: edit(mp4Job(), { [`${VIDEO}.Width`]: 4320, [`${VIDEO}.Height`]: 1080 }),
      at: [`${VIDEO}.Width`],
      passes: edit(mp4Job(), { [`${VIDEO}.Width`]: 2160, [`${VIDEO}.Height`]: 3840 }),
    },
  ],
};
