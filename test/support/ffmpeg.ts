/**
 * The ffmpeg and ffprobe the tests run to make and check media: the same ones the engine uses
 * (local/engine/ffmpeg-binaries.ts; MPS_FFMPEG=bundled runs everything on the npm-shipped binaries),
 * with the environment they need (`TOOL_ENV`: the bundled static builds need their own GCONV_PATH).
 */
import { binaryEnvironment, ffmpegBinaries } from '../../local/engine/ffmpeg-binaries';

const binaries = ffmpegBinaries();

/** ffmpeg to spawn. */
export const FFMPEG = binaries.ffmpeg.path;
/** ffprobe to spawn. */
export const FFPROBE = binaries.ffprobe.path;
/** The environment to spawn FFMPEG and FFPROBE with. */
export const TOOL_ENV = binaryEnvironment(FFPROBE);
