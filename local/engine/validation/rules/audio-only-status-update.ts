import { isAbsent } from '../values';
import { defineRule } from './rule';

/** Jobs with audio-only outputs can't send job progress status updates. */
export const audioOnlyStatusUpdate = defineRule({
  id: 'audio-only-status-update',
  url: 'https://docs.aws.amazon.com/mediaconvert/latest/ug/feature-limitations-for-audio-only.html',
  constraint:
    '"In any job that contains audio-only outputs, you can\'t use these features: Job progress status update"',
  apply(job, report) {
    if (isAbsent(job.request.StatusUpdateInterval)) return;
    const audioOnly = job.outputs.find((o) => o.audioOnly);
    if (!audioOnly) return;
    report(
      '$.StatusUpdateInterval',
      `the job has an audio-only output (${audioOnly.path}), so it can't use status updates; remove StatusUpdateInterval`,
    );
  },
});
