import { asList } from '../values';
import { defineRule } from './rule';

/** A frame capture output is a RAW (no container) output without audio. */
export const frameCaptureOutputShape = defineRule({
  id: 'frame-capture-output-shape',
  url: 'https://docs.aws.amazon.com/mediaconvert/latest/ug/file-group-with-frame-capture-output.html',
  constraint:
    'For a frame capture output "you remove the audio component, choose No container for the container, ' +
    'and then choose Frame capture to JPEG for the video codec."',
  apply(job, report) {
    for (const output of job.explicitOutputs) {
      if (output.videoCodec !== 'FRAME_CAPTURE') continue;
      if (output.container !== undefined && output.container !== 'RAW') {
        report(
          `${output.path}.ContainerSettings.Container`,
          `a frame capture output takes Container RAW (no container), not ${output.container}`,
        );
      }
      if (asList(output.output.AudioDescriptions).length > 0) {
        report(
          `${output.path}.AudioDescriptions`,
          'a frame capture output has no audio; remove AudioDescriptions',
        );
      }
    }
  },
});
