import { asList } from '../values';
import { defineRule } from './rule';

/** An audio-only output has exactly one AudioDescription. */
export const audioOnlySingleAudio = defineRule({
  id: 'audio-only-single-audio',
  url: 'https://docs.aws.amazon.com/mediaconvert/latest/ug/audio-only.html',
  constraint: 'Audio-only outputs: "Include only one group of audio settings per output."',
  apply(job, report) {
    for (const output of job.outputs) {
      const count = asList(output.output.AudioDescriptions).length;
      if (output.audioOnly && count > 1) {
        report(
          `${output.path}.AudioDescriptions`,
          `an audio-only output takes one AudioDescription, not ${count}`,
        );
      }
    }
  },
});
