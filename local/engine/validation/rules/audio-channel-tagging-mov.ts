import { isAbsent } from '../values';
import { defineRule } from './rule';

const TAGGABLE_CODECS: readonly string[] = ['AAC', 'WAV', 'AIFF'];

/** Audio layout tagging only in MOV outputs with AAC, WAV or AIFF audio. */
export const audioChannelTaggingMov = defineRule({
  id: 'audio-channel-tagging-mov',
  url: 'https://docs.aws.amazon.com/mediaconvert/latest/apireference/jobs.html#jobs-model-audiodescription',
  constraint:
    'AudioDescription.AudioChannelTaggingSettings: "To use Audio layout tagging, your output must be in a ' +
    'QuickTime (MOV) container and your audio codec must be AAC, WAV, or AIFF."',
  apply(job, report) {
    for (const output of job.explicitOutputs) {
      for (const audio of output.audio) {
        if (isAbsent(audio.description.AudioChannelTaggingSettings)) continue;
        const wrongContainer = output.container !== undefined && output.container !== 'MOV';
        const wrongCodec = audio.codec !== undefined && !TAGGABLE_CODECS.includes(audio.codec);
        if (!wrongContainer && !wrongCodec) continue;
        const stated = `${output.container ?? '?'} with ${audio.codec ?? '?'}`;
        report(
          `${audio.path}.AudioChannelTaggingSettings`,
          `audio layout tagging needs a MOV container and AAC, WAV or AIFF audio, not ${stated}`,
        );
      }
    }
  },
});
