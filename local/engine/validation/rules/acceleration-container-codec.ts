import { defineRule } from './rule';

/** Video codecs that accelerated transcoding supports, per container; absent containers support none. */
const ACCELERATED_CODECS: Readonly<Record<string, readonly string[]>> = {
  CMFC: ['AV1', 'H_264', 'H_265'],
  MPD: ['AV1', 'H_264', 'H_265'],
  MP4: ['AV1', 'H_264', 'H_265'],
  M3U8: ['H_264', 'H_265'],
  M2TS: ['H_264', 'H_265'],
  RAW: ['H_264', 'H_265'],
  F4V: ['H_264'],
  MXF: ['H_264'],
  MOV: ['H_264'],
  ISMV: ['H_264'],
  WEBM: ['VP8', 'VP9'],
};

/** Accelerated transcoding (Mode ENABLED) uses only the documented container and codec pairs. */
export const accelerationContainerCodec = defineRule({
  id: 'acceleration-container-codec',
  url: 'https://docs.aws.amazon.com/mediaconvert/latest/ug/job-requirements.html',
  constraint:
    '"Use only supported combinations of container and codec": CMAF, DASH, MP4: AV1, AVC, HEVC; ' +
    'HLS, MPEG-2 TS, Raw: AVC, HEVC; F4V, MXF, QuickTime, Smooth: AVC; WebM: VP8, VP9. ' +
    'So frame capture and GIF outputs are not accelerated. (Mode ENABLED only)',
  wholeJob: true,
  apply(job, report) {
    if (!job.accelerationEnabled) return;
    for (const output of job.explicitOutputs) {
      const { container, videoCodec } = output;
      if (container === undefined || videoCodec === undefined) continue;
      const supported = ACCELERATED_CODECS[container] ?? [];
      if (supported.includes(videoCodec)) continue;
      const allowed = `${container}: ${supported.length > 0 ? supported.join(', ') : 'no video codec'}`;
      report(
        `${output.path}.VideoDescription.CodecSettings.Codec`,
        `accelerated transcoding (Mode ENABLED) doesn't support ${videoCodec} in ${container} (${allowed})`,
      );
    }
  },
});
