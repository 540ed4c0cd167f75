import { isAbsent } from '../values';
import { defineRule } from './rule';

/** An output states exactly one of ContainerSettings and Preset. */
export const outputContainerOrPreset = defineRule({
  id: 'output-container-or-preset',
  url: 'https://docs.aws.amazon.com/mediaconvert/latest/apireference/jobs.html#jobs-model-output',
  constraint:
    'Output.Preset: "You can specify either Preset or Container settings, but not both." Without either, the ' +
    'service answers "containerSettings is a required property" (not checked when a JobTemplate is named).',
  apply(job, report) {
    for (const output of job.outputs) {
      const hasContainer = !isAbsent(output.output.ContainerSettings);
      const path = `${output.path}.ContainerSettings`;
      if (hasContainer && output.usesPreset) {
        report(path, 'an output takes either a Preset or ContainerSettings, not both');
      } else if (!hasContainer && !output.usesPreset && !job.usesJobTemplate) {
        report(path, 'an output needs ContainerSettings (or a Preset)');
      }
    }
  },
});
