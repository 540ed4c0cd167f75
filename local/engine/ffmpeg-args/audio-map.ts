import type { Output } from '@aws-sdk/client-mediaconvert';
import { audioEncoderArgs } from './audio';

/** -map and encoder options for every AudioDescription of an output (stream-specific options). */
export function audioMapArgs(output: Output, path: string, labels: string[]): string[] {
  const args: string[] = [];
  (output.AudioDescriptions ?? []).forEach((ad, n) => {
    args.push('-map', `[${labels[n]}]`);
    const opts = audioEncoderArgs(ad, `${path}.AudioDescriptions[${n}]`);
    for (let i = 0; i < opts.length; i += 2) {
      const opt = opts[i].endsWith(':a') ? opts[i] : `${opts[i]}:a`;
      args.push(`${opt}:${n}`, opts[i + 1]);
    }
  });
  return args;
}
