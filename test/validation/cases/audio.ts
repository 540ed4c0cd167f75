import type { Output } from '@aws-sdk/client-mediaconvert';
import { aacAudio, createJob, edit, fileGroup, mp4Job, outputPath } from '../fixtures';
import type { RuleCases } from './rule-case';

const O = outputPath(0, 0);
const AUDIO = `${O}.AudioDescriptions[0]`;
const CODEC = `${AUDIO}.CodecSettings`;
const AAC = `${CODEC}.AacSettings`;
const aac = (settings: Record<string, unknown>) => edit(mp4Job(), { [AAC]: settings });
const mono = (sampleRate: number, bitrate: number) =>
  aac({ RateControlMode: 'CBR', CodingMode: 'CODING_MODE_1_0', SampleRate: sampleRate, Bitrate: bitrate });
const stereo = (sampleRate: number, bitrate: number) =>
  aac({ RateControlMode: 'CBR', CodingMode: 'CODING_MODE_2_0', SampleRate: sampleRate, Bitrate: bitrate });

/** A RAW (no container) audio-only output: the audio-only container table has no row for it. */
const rawAudio = (codecSettings: Record<string, unknown>) => {
  const output: Output = { ContainerSettings: { Container: 'RAW' }, AudioDescriptions: [aacAudio()] };
  return edit(createJob([fileGroup([output])]), { [CODEC]: codecSettings });
};
const mp3Vbr = { Codec: 'MP3', Mp3Settings: { RateControlMode: 'VBR', Channels: 2, SampleRate: 48000 } };

/** A WebM output (VP9) with `codecSettings` as its audio. */
const webm = (codecSettings: Record<string, unknown>) =>
  edit(mp4Job(), {
    [`${O}.ContainerSettings`]: { Container: 'WEBM' },
    [`${O}.VideoDescription.CodecSettings`]: {
      Codec: 'VP9',
      Vp9Settings: { RateControlMode: 'VBR', Bitrate: 3_000_000 },
    },
    [CODEC]: codecSettings,
  });
const opus = (bitrate: number, sampleRate: number) =>
  webm({ Codec: 'OPUS', OpusSettings: { Bitrate: bitrate, SampleRate: sampleRate, Channels: 2 } });
const vorbis = (sampleRate: number) => webm({ Codec: 'VORBIS', VorbisSettings: { SampleRate: sampleRate } });
const TAGS = { ChannelTag: 'C' };

export const AUDIO_CASES: RuleCases = {
  'audio-codec-settings-object': [
    {
      name: 'Codec AAC without AacSettings',
      breaks: edit(mp4Job(), { [AAC]: undefined }),
      at: [AAC],
      passes: mp4Job(),
    },
    {
      name: 'Codec AC3 with AacSettings',
      breaks: edit(mp4Job(), { [`${CODEC}.Codec`]: 'AC3' }),
      at: [`${CODEC}.Ac3Settings`],
      passes: edit(mp4Job(), { [CODEC]: { Codec: 'AC3', Ac3Settings: { Bitrate: 192000 } } }),
    },
  ],
  'aac-bitrate-values': [
    {
      name: 'a bitrate within the model range but not in the documented set',
      breaks: stereo(48000, 130000),
      at: [`${AAC}.Bitrate`],
      passes: stereo(48000, 128000),
    },
  ],
  'aac-cbr-combination': [
    {
      name: 'LC 1.0 at 22050 Hz with 32000 (it takes 24000 or 28000)',
      breaks: mono(22050, 32000),
      at: [`${AAC}.Bitrate`],
      passes: mono(22050, 28000),
    },
    {
      name: 'LC 1.0 at 11025 Hz, which has no row',
      breaks: mono(11025, 24000),
      at: [`${AAC}.SampleRate`],
      passes: mono(12000, 14000),
    },
    {
      name: 'LC 2.0 at 48000 Hz with 56000 (the row starts at 64000)',
      breaks: stereo(48000, 56000),
      at: [`${AAC}.Bitrate`],
      passes: stereo(48000, 64000),
    },
    {
      name: 'LC 2.0 at 44100 Hz with 576000 (the row ends at 512000)',
      breaks: stereo(44100, 576000),
      at: [`${AAC}.Bitrate`],
      passes: stereo(44100, 512000),
    },
  ],
  'aac-rate-control-groups': [
    {
      name: 'VBR with a Bitrate',
      breaks: aac({
        RateControlMode: 'VBR',
        VbrQuality: 'HIGH',
        Bitrate: 128000,
        CodingMode: 'CODING_MODE_2_0',
      }),
      at: [`${AAC}.Bitrate`],
      passes: aac({ RateControlMode: 'VBR', VbrQuality: 'HIGH', CodingMode: 'CODING_MODE_2_0' }),
    },
    {
      name: 'CBR with a VbrQuality',
      breaks: aac({ RateControlMode: 'CBR', Bitrate: 128000, VbrQuality: 'HIGH' }),
      at: [`${AAC}.VbrQuality`],
      passes: aac({ RateControlMode: 'CBR', Bitrate: 128000 }),
    },
  ],
  'aac-raw-format-container': [
    {
      name: 'LATM/LOAS AAC in MP4',
      breaks: edit(mp4Job(), { [`${AAC}.RawFormat`]: 'LATM_LOAS' }),
      at: [`${AAC}.RawFormat`],
      passes: rawAudio({ Codec: 'AAC', AacSettings: { RawFormat: 'LATM_LOAS', Bitrate: 96000 } }),
    },
  ],
  'mp3-vbr-quality': [
    {
      name: 'MP3 VBR without VbrQuality',
      breaks: rawAudio(mp3Vbr),
      at: [`${CODEC}.Mp3Settings.VbrQuality`],
      passes: rawAudio(edit(mp3Vbr, { '$.Mp3Settings.VbrQuality': 4 })),
    },
  ],
  'opus-values': [
    {
      name: 'an Opus bitrate that is not a multiple of 8000',
      breaks: opus(100000, 48000),
      at: [`${CODEC}.OpusSettings.Bitrate`],
      passes: opus(96000, 48000),
    },
    {
      name: 'Opus at 44100 Hz',
      breaks: opus(96000, 44100),
      at: [`${CODEC}.OpusSettings.SampleRate`],
      passes: opus(96000, 24000),
    },
  ],
  'vorbis-sample-rate': [
    {
      name: 'Vorbis at 24000 Hz',
      breaks: vorbis(24000),
      at: [`${CODEC}.VorbisSettings.SampleRate`],
      passes: vorbis(22050),
    },
  ],
  'audio-channel-tagging-mov': [
    {
      name: 'channel tags in MP4',
      breaks: edit(mp4Job(), { [`${AUDIO}.AudioChannelTaggingSettings`]: TAGS }),
      at: [`${AUDIO}.AudioChannelTaggingSettings`],
      passes: edit(mp4Job(), {
        [`${AUDIO}.AudioChannelTaggingSettings`]: TAGS,
        [`${O}.ContainerSettings`]: { Container: 'MOV', MovSettings: {} },
      }),
    },
    {
      name: 'channel tags on AC3 audio in MOV',
      breaks: edit(mp4Job(), {
        [`${AUDIO}.AudioChannelTaggingSettings`]: TAGS,
        [`${O}.ContainerSettings`]: { Container: 'MOV', MovSettings: {} },
        [CODEC]: { Codec: 'AC3', Ac3Settings: { Bitrate: 192000 } },
      }),
      at: [`${AUDIO}.AudioChannelTaggingSettings`],
      passes: edit(mp4Job(), {
        [`${AUDIO}.AudioChannelTaggingSettings`]: TAGS,
        [`${O}.ContainerSettings`]: { Container: 'MOV', MovSettings: {} },
        [CODEC]: { Codec: 'WAV', WavSettings: {} },
      }),
    },
  ],
};
