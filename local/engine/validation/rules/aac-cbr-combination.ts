import { asNumber } from '../values';
import { LC_MONO, LC_STEREO, LC_STEREO_48K_MIN_BITRATE } from './aac-cbr-table';
import { audioSettingsOf } from './codec-settings';
import { defineRule } from './rule';

/** AAC CBR profile x coding mode x sample rate x bitrate is a combination the UG lists. */
export const aacCbrCombination = defineRule({
  id: 'aac-cbr-combination',
  url: 'https://docs.aws.amazon.com/mediaconvert/latest/ug/aac-support.html',
  constraint:
    '"MediaConvert supports the following combinations of AAC settings when your output Bitrate control mode ' +
    'is CBR" (rows checked: LC 1.0 at every sample rate; LC 2.0 at 8000 to 44100 Hz; LC 2.0 at 48000 Hz ' +
    'from 64000 bit/s up; other rows are not checked)',
  apply(job, report) {
    for (const { path, settings } of audioSettingsOf(job, 'AAC')) {
      const profile = settings.CodecProfile ?? 'LC';
      const mode = settings.CodingMode;
      const rate = asNumber(settings.SampleRate);
      const bitrate = asNumber(settings.Bitrate);
      if (settings.RateControlMode !== 'CBR' || profile !== 'LC' || rate === undefined) continue;
      if (mode === 'CODING_MODE_1_0' && !LC_MONO.has(rate)) {
        const supported = [...LC_MONO.keys()].join(', ');
        report(`${path}.SampleRate`, `AAC CBR LC 1.0 doesn't support ${rate} Hz; supported: ${supported}`);
        continue;
      }
      if (bitrate === undefined) continue;
      if (mode === 'CODING_MODE_2_0' && rate === 48000) {
        if (bitrate < LC_STEREO_48K_MIN_BITRATE) {
          report(
            `${path}.Bitrate`,
            `AAC CBR LC 2.0 at 48000 Hz needs a Bitrate of at least 64000, not ${bitrate}`,
          );
        }
        continue;
      }
      const table = mode === 'CODING_MODE_1_0' ? LC_MONO : mode === 'CODING_MODE_2_0' ? LC_STEREO : undefined;
      const supported = table?.get(rate);
      if (!supported || supported.includes(bitrate)) continue;
      const label = mode === 'CODING_MODE_1_0' ? '1.0' : '2.0';
      report(
        `${path}.Bitrate`,
        `AAC CBR LC ${label} at ${rate} Hz supports bitrates ${supported.join(', ')}, not ${bitrate}`,
      );
    }
  },
});
