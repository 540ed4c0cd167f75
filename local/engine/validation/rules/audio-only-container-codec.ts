import { defineRule } from './rule';
import type { OutputView } from './job-view';

/** Supported audio codecs of audio-only outputs, for the rows of the UG table that were read. */
const CODECS_BY_OUTPUT_TYPE: Readonly<Record<string, readonly string[]>> = {
  DASH: ['AAC', 'AC3', 'EAC3', 'EAC3_ATMOS'],
  HLS: ['AAC', 'AC3'],
  MP4: ['AAC', 'AC3', 'EAC3'],
  M2TS: ['AAC', 'AC3', 'EAC3', 'MP2'],
};

/** The table row of an output: its streaming group, or its container in a File group. */
function outputType(output: OutputView): string | undefined {
  if (output.group.type === 'HLS_GROUP_SETTINGS') return 'HLS';
  if (output.group.type === 'DASH_ISO_GROUP_SETTINGS') return 'DASH';
  if (output.group.type === 'FILE_GROUP_SETTINGS') return output.container;
  return undefined;
}

/** Audio-only DASH, HLS, MP4 and MPEG-TS outputs use a codec the UG lists for them. */
export const audioOnlyContainerCodec = defineRule({
  id: 'audio-only-container-codec',
  url: 'https://docs.aws.amazon.com/mediaconvert/latest/ug/audio-only-output.html',
  constraint:
    'Supported audio-only outputs: DASH: AAC, AC3, EAC3, EAC3 JOC (Atmos); HLS: AAC, AC3; MP4: AAC, AC3, EAC3; ' +
    'MPEG-TS: AAC, AC3, EAC3, MPEG-2 audio (MP2). Other containers are not checked.',
  apply(job, report) {
    for (const output of job.outputs) {
      const type = output.audioOnly ? outputType(output) : undefined;
      const supported = type === undefined ? undefined : CODECS_BY_OUTPUT_TYPE[type];
      if (!supported) continue;
      for (const audio of output.audio) {
        if (audio.codec === undefined || supported.includes(audio.codec)) continue;
        report(
          `${audio.path}.CodecSettings.Codec`,
          `an audio-only ${type} output can't use ${audio.codec}; supported: ${supported.join(', ')}`,
        );
      }
    }
  },
});
