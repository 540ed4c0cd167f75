import { defineRule } from './rule';

/** Accelerated transcoding (Mode ENABLED) has no audio-only outputs. */
export const accelerationAudioOnly = defineRule({
  id: 'acceleration-audio-only',
  url: 'https://docs.aws.amazon.com/mediaconvert/latest/ug/job-requirements.html',
  constraint:
    '"Your output must have a video component. MediaConvert doesn\'t support accelerated transcoding with ' +
    'audio-only outputs." (checked when AccelerationSettings.Mode is ENABLED)',
  apply(job, report) {
    if (!job.accelerationEnabled) return;
    for (const output of job.outputs) {
      if (output.audioOnly) {
        report(output.path, "accelerated transcoding (Mode ENABLED) doesn't support audio-only outputs");
      }
    }
  },
});
