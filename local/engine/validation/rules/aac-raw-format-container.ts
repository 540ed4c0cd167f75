import { audioSettingsOf } from './codec-settings';
import { defineRule } from './rule';

/** LATM/LOAS AAC is written without a container. */
export const aacRawFormatContainer = defineRule({
  id: 'aac-raw-format-container',
  url: 'https://docs.aws.amazon.com/mediaconvert/latest/apireference/jobs.html#jobs-model-aacsettings',
  constraint:
    'AacSettings.RawFormat: "if you use LATM/LOAS AAC in an output, you must choose ' +
    '\\"No container\\" for the output container."',
  apply(job, report) {
    for (const { path, settings, output } of audioSettingsOf(job, 'AAC')) {
      if (settings.RawFormat !== 'LATM_LOAS' || output.container === undefined || output.container === 'RAW')
        continue;
      report(
        `${path}.RawFormat`,
        `LATM/LOAS AAC needs Container RAW (no container), not ${output.container}`,
      );
    }
  },
});
