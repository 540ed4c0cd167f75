import {
  audioOnlyOutput,
  createJob,
  edit,
  fileGroup,
  frameCaptureOutput,
  gifOutput,
  mp4Job,
  mp4Output,
  outputPath,
} from '../fixtures';
import type { RuleCases } from './rule-case';

const O = outputPath(0, 0);
const ENABLED = { '$.AccelerationSettings': { Mode: 'ENABLED' } };
const PREFERRED = { '$.AccelerationSettings': { Mode: 'PREFERRED' } };
const enabled = mp4Job({ AccelerationSettings: { Mode: 'ENABLED' } });
const withCaptions = (type: string) => ({
  [`${O}.CaptionDescriptions`]: [
    { CaptionSelectorName: 'Captions Selector 1', DestinationSettings: { DestinationType: type } },
  ],
});
const m2ts = edit(enabled, { [`${O}.ContainerSettings`]: { Container: 'M2TS', M2tsSettings: {} } });
const mp4AndAudio = createJob([fileGroup([mp4Output()]), fileGroup([audioOnlyOutput()], 'audio')]);
const mp4AndThumbs = createJob([fileGroup([mp4Output()]), fileGroup([frameCaptureOutput()], 'thumbs')]);
const mp4AndGif = createJob([fileGroup([mp4Output()]), fileGroup([gifOutput()], 'gif')]);

export const ACCELERATION_CASES: RuleCases = {
  'acceleration-audio-only': [
    {
      name: 'an audio-only output in an accelerated job',
      breaks: edit(mp4AndAudio, ENABLED),
      at: [outputPath(1, 0)],
      passes: edit(mp4AndAudio, PREFERRED),
    },
  ],
  'acceleration-container-codec': [
    {
      name: 'frame capture in an accelerated job',
      breaks: edit(mp4AndThumbs, ENABLED),
      at: [`${outputPath(1, 0)}.VideoDescription.CodecSettings.Codec`],
      passes: edit(mp4AndThumbs, PREFERRED),
    },
    {
      name: 'GIF in an accelerated job',
      breaks: edit(mp4AndGif, ENABLED),
      at: [`${outputPath(1, 0)}.VideoDescription.CodecSettings.Codec`],
      passes: edit(mp4AndGif, { '$.AccelerationSettings': { Mode: 'DISABLED' } }),
    },
    {
      name: 'H.265 in MOV (QuickTime takes H.264 only)',
      breaks: edit(enabled, {
        [`${O}.ContainerSettings`]: { Container: 'MOV', MovSettings: {} },
        [`${O}.VideoDescription.CodecSettings`]: {
          Codec: 'H_265',
          H265Settings: { RateControlMode: 'QVBR', MaxBitrate: 5_000_000 },
        },
      }),
      at: [`${O}.VideoDescription.CodecSettings.Codec`],
      passes: edit(enabled, {
        [`${O}.VideoDescription.CodecSettings`]: {
          Codec: 'H_265',
          H265Settings: { RateControlMode: 'QVBR', MaxBitrate: 5_000_000 },
        },
      }),
    },
  ],
  'acceleration-dolby-atmos': [
    {
      name: 'Dolby Atmos audio in an accelerated job',
      breaks: edit(enabled, {
        [`${O}.AudioDescriptions[0].CodecSettings`]: { Codec: 'EAC3_ATMOS', Eac3AtmosSettings: {} },
      }),
      at: [`${O}.AudioDescriptions[0].CodecSettings.Codec`],
      passes: edit(enabled, {
        [`${O}.AudioDescriptions[0].CodecSettings`]: { Codec: 'EAC3', Eac3Settings: {} },
      }),
    },
  ],
  'acceleration-captions': [
    {
      name: 'burn-in captions in an accelerated job',
      breaks: edit(enabled, withCaptions('BURN_IN')),
      at: [`${O}.CaptionDescriptions[0].DestinationSettings.DestinationType`],
      passes: edit(enabled, withCaptions('EMBEDDED')),
    },
    {
      name: 'SCTE-20 captions in an accelerated job',
      breaks: edit(enabled, withCaptions('SCTE20_PLUS_EMBEDDED')),
      at: [`${O}.CaptionDescriptions[0].DestinationSettings.DestinationType`],
      passes: edit(edit(enabled, PREFERRED), withCaptions('SCTE20_PLUS_EMBEDDED')),
    },
  ],
  'acceleration-m2ts-rate-mode': [
    {
      name: 'MPEG-2 TS at the default CBR rate mode',
      breaks: m2ts,
      at: [`${O}.ContainerSettings.M2tsSettings.RateMode`],
      passes: edit(m2ts, { [`${O}.ContainerSettings.M2tsSettings.RateMode`]: 'VBR' }),
    },
  ],
  'acceleration-timecode-source': [
    {
      name: 'the default (embedded) timecode source',
      breaks: edit(enabled, { '$.Settings.TimecodeConfig': undefined }),
      at: ['$.Settings.TimecodeConfig.Source'],
      passes: enabled,
    },
    {
      name: 'an explicit EMBEDDED source',
      breaks: edit(enabled, { '$.Settings.TimecodeConfig.Source': 'EMBEDDED' }),
      at: ['$.Settings.TimecodeConfig.Source'],
      passes: edit(enabled, { '$.Settings.TimecodeConfig.Source': 'SPECIFIEDSTART' }),
    },
  ],
};
