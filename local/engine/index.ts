export { LocalMediaConvert, type LocalMediaConvertOptions } from './local-mediaconvert';
export { S3ObjectIO } from './s3-object-io';
export type { ObjectIO } from './object-io';
export type {
  JobStateChangeEvent,
  JobStateDetail,
  OutputGroupDetail,
  OutputDetail,
  JobStatus,
} from './events';
export { ERROR_INPUT_UNREADABLE, ERROR_UNSUPPORTED, ERROR_UNKNOWN } from './errors';
export { CREATE_JOB_SPEC, checkSupported } from './settings-check';
export {
  describeBinaries,
  ffmpegBinaries,
  FfmpegNotFoundError,
  type FfmpegBinaries,
  type ResolvedBinary,
} from './ffmpeg-binaries';
