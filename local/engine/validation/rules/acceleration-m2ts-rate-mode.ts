import { asObject } from '../values';
import { defineRule } from './rule';

/** Accelerated MPEG-2 TS outputs (Mode ENABLED) use RateMode VBR instead of the default CBR. */
export const accelerationM2tsRateMode = defineRule({
  id: 'acceleration-m2ts-rate-mode',
  url: 'https://docs.aws.amazon.com/mediaconvert/latest/ug/job-requirements.html',
  constraint:
    '"For MPEG-2 TS outputs, to use accelerated transcoding, you must change the default value of CBR for ' +
    'Transport stream settings > Rate mode to VBR." (Mode ENABLED only)',
  apply(job, report) {
    if (!job.accelerationEnabled) return;
    for (const output of job.explicitOutputs) {
      if (output.container !== 'M2TS') continue;
      const m2ts = asObject(asObject(output.output.ContainerSettings)?.M2tsSettings);
      if (m2ts?.RateMode === 'VBR') continue;
      report(
        `${output.path}.ContainerSettings.M2tsSettings.RateMode`,
        'accelerated transcoding (Mode ENABLED) needs M2tsSettings.RateMode VBR (the default is CBR)',
      );
    }
  },
});
