import { isObject } from '../values';
import { AUDIO_SETTINGS_MEMBER } from './codec-settings';
import { defineRule } from './rule';

/** An audio Codec comes with its settings object (AAC -> AacSettings, ...). */
export const audioCodecSettingsObject = defineRule({
  id: 'audio-codec-settings-object',
  url: 'https://docs.aws.amazon.com/mediaconvert/latest/apireference/jobs.html#jobs-model-audiocodecsettings',
  constraint:
    'AudioCodecSettings: "AacSettings: Required when you set Codec to the value AAC", and likewise for AC3, ' +
    'AC4, AIFF, EAC3, EAC3_ATMOS, FLAC, MP2, MP3, OPUS, VORBIS and WAV.',
  apply(job, report) {
    for (const output of job.explicitOutputs) {
      for (const audio of output.audio) {
        const member = audio.codec === undefined ? undefined : AUDIO_SETTINGS_MEMBER[audio.codec];
        if (member === undefined || isObject(audio.codecSettings?.[member])) continue;
        report(`${audio.path}.CodecSettings.${member}`, `Codec ${audio.codec} requires the ${member} object`);
      }
    }
  },
});
