import { isAbsent } from '../values';
import { defineRule } from './rule';

/** Each output of a group with several outputs has a NameModifier. */
export const outputNameModifier = defineRule({
  id: 'output-name-modifier',
  url: 'https://docs.aws.amazon.com/mediaconvert/latest/apireference/jobs.html#jobs-model-output',
  constraint:
    'Output.NameModifier: "When you create multiple outputs in the same output group, Name modifier is required."',
  apply(job, report) {
    for (const group of job.groups) {
      if (group.outputs.length < 2) continue;
      for (const output of group.outputs) {
        if (!isAbsent(output.output.NameModifier)) continue;
        report(
          `${output.path}.NameModifier`,
          `the output group has ${group.outputs.length} outputs, so every output needs a NameModifier`,
        );
      }
    }
  },
});
