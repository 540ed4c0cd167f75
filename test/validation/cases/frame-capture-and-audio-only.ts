import {
  aacAudio,
  audioOnlyOutput,
  createJob,
  edit,
  fileGroup,
  frameCaptureOutput,
  h264Video,
  hlsGroup,
  hlsOutput,
  mp4Output,
  outputPath,
} from '../fixtures';
import type { RuleCases } from './rule-case';

const CAPTIONS = [
  { CaptionSelectorName: 'Captions Selector 1', DestinationSettings: { DestinationType: 'WEBVTT' } },
];
const mp4AndThumbs = createJob([fileGroup([mp4Output()]), fileGroup([frameCaptureOutput()], 'thumbs')]);
const THUMBS = outputPath(1, 0);
const videoAndAudioOnly = createJob([fileGroup([mp4Output()]), fileGroup([audioOnlyOutput()], 'audio')]);
const AUDIO = outputPath(1, 0);

export const FRAME_CAPTURE_AND_AUDIO_ONLY_CASES: RuleCases = {
  'frame-capture-needs-regular-output': [
    {
      name: 'frame captures alone',
      breaks: createJob([fileGroup([frameCaptureOutput()], 'thumbs')]),
      at: ['$.Settings.OutputGroups'],
      passes: mp4AndThumbs,
    },
    {
      name: 'frame captures next to an audio-only output only',
      breaks: createJob([
        fileGroup([frameCaptureOutput()], 'thumbs'),
        fileGroup([audioOnlyOutput()], 'audio'),
      ]),
      at: ['$.Settings.OutputGroups'],
      passes: createJob([fileGroup([frameCaptureOutput()], 'thumbs'), fileGroup([mp4Output()], 'audio')]),
    },
  ],
  'frame-capture-output-shape': [
    {
      name: 'frame capture in an MP4 container',
      breaks: edit(mp4AndThumbs, { [`${THUMBS}.ContainerSettings`]: { Container: 'MP4', Mp4Settings: {} } }),
      at: [`${THUMBS}.ContainerSettings.Container`],
      passes: edit(mp4AndThumbs, { [`${THUMBS}.ContainerSettings`]: { Container: 'RAW' } }),
    },
    {
      name: 'frame capture with audio',
      breaks: edit(mp4AndThumbs, { [`${THUMBS}.AudioDescriptions`]: [aacAudio()] }),
      at: [`${THUMBS}.AudioDescriptions`],
      passes: edit(mp4AndThumbs, { [`${THUMBS}.AudioDescriptions`]: [] }),
    },
  ],
  'audio-only-status-update': [
    {
      name: 'status updates in a job with an audio-only file',
      breaks: edit(videoAndAudioOnly, { '$.StatusUpdateInterval': 'SECONDS_10' }),
      at: ['$.StatusUpdateInterval'],
      passes: videoAndAudioOnly,
    },
    {
      name: 'an all-audio HLS group is audio-only; an audio rendition next to video is not',
      breaks: createJob([hlsGroup([hlsOutput('_en'), hlsOutput('_fr')])], {
        StatusUpdateInterval: 'SECONDS_10',
      }),
      at: ['$.StatusUpdateInterval'],
      passes: createJob([hlsGroup([hlsOutput('_720p', h264Video()), hlsOutput('_fr')])], {
        StatusUpdateInterval: 'SECONDS_10',
      }),
    },
  ],
  'audio-only-captions': [
    {
      name: 'captions on an audio-only output',
      breaks: edit(videoAndAudioOnly, { [`${AUDIO}.CaptionDescriptions`]: CAPTIONS }),
      at: [`${AUDIO}.CaptionDescriptions`],
      passes: edit(videoAndAudioOnly, { [`${outputPath(0, 0)}.CaptionDescriptions`]: CAPTIONS }),
    },
  ],
  'audio-only-single-audio': [
    {
      name: 'two audio tracks in an audio-only output',
      breaks: edit(videoAndAudioOnly, { [`${AUDIO}.AudioDescriptions[1]`]: aacAudio() }),
      at: [`${AUDIO}.AudioDescriptions`],
      passes: edit(videoAndAudioOnly, { [`${outputPath(0, 0)}.AudioDescriptions[1]`]: aacAudio() }),
    },
  ],
  'audio-only-container-codec': [
    {
      name: 'MP3 in an audio-only MP4',
      breaks: edit(videoAndAudioOnly, {
        [`${AUDIO}.AudioDescriptions[0].CodecSettings`]: {
          Codec: 'MP3',
          Mp3Settings: { RateControlMode: 'CBR', Bitrate: 192000, Channels: 2, SampleRate: 48000 },
        },
      }),
      at: [`${AUDIO}.AudioDescriptions[0].CodecSettings.Codec`],
      passes: edit(videoAndAudioOnly, {
        [`${AUDIO}.AudioDescriptions[0].CodecSettings`]: {
          Codec: 'AC3',
          Ac3Settings: { Bitrate: 192000, CodingMode: 'CODING_MODE_2_0' },
        },
      }),
    },
    {
      name: 'EAC3 in an audio-only HLS group (HLS takes AAC or AC3)',
      breaks: edit(createJob([hlsGroup([hlsOutput('_en')])]), {
        [`${outputPath(0, 0)}.AudioDescriptions[0].CodecSettings`]: { Codec: 'EAC3', Eac3Settings: {} },
      }),
      at: [`${outputPath(0, 0)}.AudioDescriptions[0].CodecSettings.Codec`],
      passes: edit(createJob([hlsGroup([hlsOutput('_en')])]), {
        [`${outputPath(0, 0)}.AudioDescriptions[0].CodecSettings`]: { Codec: 'AC3', Ac3Settings: {} },
      }),
    },
  ],
};
