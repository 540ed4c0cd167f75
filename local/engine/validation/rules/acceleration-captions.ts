import { asList, asObject, asString } from '../values';
import { defineRule } from './rule';

/** Burn-in and SCTE-20 caption destinations. */
const UNSUPPORTED = new Set(['BURN_IN', 'EMBEDDED_PLUS_SCTE20', 'SCTE20_PLUS_EMBEDDED']);

/** Accelerated transcoding (Mode ENABLED) has no burn-in or SCTE-20 captions. */
export const accelerationCaptions = defineRule({
  id: 'acceleration-captions',
  url: 'https://docs.aws.amazon.com/mediaconvert/latest/ug/job-requirements.html',
  constraint:
    '"For accelerated transcoding, MediaConvert doesn\'t support the following output captions formats: ' +
    'Burn-in, SCTE-20" (Mode ENABLED only)',
  apply(job, report) {
    if (!job.accelerationEnabled) return;
    for (const output of job.explicitOutputs) {
      asList(output.output.CaptionDescriptions).forEach((caption, c) => {
        const type = asString(asObject(asObject(caption)?.DestinationSettings)?.DestinationType);
        if (type === undefined || !UNSUPPORTED.has(type)) return;
        report(
          `${output.path}.CaptionDescriptions[${c}].DestinationSettings.DestinationType`,
          `accelerated transcoding (Mode ENABLED) doesn't support ${type} captions (no burn-in or SCTE-20)`,
        );
      });
    }
  },
});
