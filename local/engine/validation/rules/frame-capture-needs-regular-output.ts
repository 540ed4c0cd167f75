import { defineRule } from './rule';

/** A job of frame captures alone fails: it needs another output with a video encode. */
export const frameCaptureNeedsRegularOutput = defineRule({
  id: 'frame-capture-needs-regular-output',
  url: 'https://docs.aws.amazon.com/mediaconvert/latest/ug/file-group-with-frame-capture-output.html',
  constraint:
    '"You can create frame capture outputs only in jobs that also have a regular audio and video output. ' +
    'MediaConvert doesn\'t support jobs that consist only of a frame capture output." ' +
    'Read as: at least one output with a video codec other than FRAME_CAPTURE.',
  wholeJob: true,
  apply(job, report) {
    const captures = job.explicitOutputs.filter((o) => o.videoCodec === 'FRAME_CAPTURE');
    if (captures.length === 0) return;
    const regular = job.outputs.some((o) => o.usesPreset || (o.video && o.videoCodec !== 'FRAME_CAPTURE'));
    if (regular) return;
    const which = captures.map((o) => o.path).join(', ');
    report(
      '$.Settings.OutputGroups',
      `the job's only video outputs are frame captures (${which}); add a regular output with a video codec`,
    );
  },
});
