import { defineRule } from './rule';

/** Accelerated transcoding (Mode ENABLED) can't encode Dolby Atmos. */
export const accelerationDolbyAtmos = defineRule({
  id: 'acceleration-dolby-atmos',
  url: 'https://docs.aws.amazon.com/mediaconvert/latest/ug/job-requirements.html',
  constraint:
    '"Use any output audio codec other than Dolby Atmos. MediaConvert doesn\'t support accelerated transcoding ' +
    'with Dolby Atmos." (Mode ENABLED only)',
  apply(job, report) {
    if (!job.accelerationEnabled) return;
    for (const output of job.explicitOutputs) {
      for (const audio of output.audio) {
        if (audio.codec === 'EAC3_ATMOS') {
          report(
            `${audio.path}.CodecSettings.Codec`,
            "accelerated transcoding (Mode ENABLED) doesn't support Dolby Atmos (EAC3_ATMOS)",
          );
        }
      }
    }
  },
});
