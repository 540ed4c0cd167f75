import { asList } from '../values';
import { defineRule } from './rule';

/** Audio-only outputs carry no captions. */
export const audioOnlyCaptions = defineRule({
  id: 'audio-only-captions',
  url: 'https://docs.aws.amazon.com/mediaconvert/latest/ug/feature-limitations-for-audio-only.html',
  constraint: '"In any audio-only output, you can\'t use these features: Captions"',
  apply(job, report) {
    for (const output of job.outputs) {
      if (output.audioOnly && asList(output.output.CaptionDescriptions).length > 0) {
        report(`${output.path}.CaptionDescriptions`, "an audio-only output can't have captions");
      }
    }
  },
});
