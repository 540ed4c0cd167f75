/**
 * What an ffmpeg binary can do, asked once per binary: its encoders (`-encoders`) and its command-line
 * options (`-h long`). The system ffmpeg (Debian: 5.1) and the bundled one (4.1) differ, e.g. 4.1 has
 * no `-stats_period`.
 */
import { runTool } from './ffmpeg-process';

const encoderSets = new Map<string, Promise<ReadonlySet<string>>>();
const optionSets = new Map<string, Promise<ReadonlySet<string>>>();

function once(
  cache: Map<string, Promise<ReadonlySet<string>>>,
  ffmpegPath: string,
  args: string[],
  pattern: RegExp,
): Promise<ReadonlySet<string>> {
  let found = cache.get(ffmpegPath);
  if (!found) {
    found = runTool(ffmpegPath, ['-hide_banner', ...args]).then(
      ({ stdout }) => {
        const names = stdout.split('\n').map((l) => pattern.exec(l)?.[1]);
        return new Set(names.filter((n): n is string => !!n));
      },
      () => new Set<string>(),
    );
    cache.set(ffmpegPath, found);
  }
  return found;
}

/** Encoder names (`libx264`, `aac`, …); empty when ffmpeg cannot be run. */
export function ffmpegEncoders(ffmpegPath: string): Promise<ReadonlySet<string>> {
  return once(encoderSets, ffmpegPath, ['-encoders'], /^\s*[VAS][A-Z.]{5}\s+(\S+)/);
}

/** Main option names without the dash (`progress`, `stats_period`, …). */
export function ffmpegOptions(ffmpegPath: string): Promise<ReadonlySet<string>> {
  return once(optionSets, ffmpegPath, ['-h', 'long'], /^-(\S+)/);
}
