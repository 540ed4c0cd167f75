/** MediaConvert: the CreateJob builder, the source facts it needs, job-state event parsing. */
export { audioCodecSettings, AUDIO_SELECTOR } from './audio-codec';
export { buildCreateJob, clientRequestToken } from './build-create-job';
export { INVALID_TIME_OFFSET, offsetSeconds, samplingPlan } from './frame-capture-job';
export { outputFrameSize, type FrameSize } from './frame-size';
export type { JobContext } from './job-context';
export { outputKindOf, parseJobStateEvent } from './parse-job-event';
export { requiredSourceInfo } from './required-source-info';
export { frameRateFraction, timecodeAt } from './timecode';
export { DEFAULT_HLS_SEGMENT_SECONDS } from './transcode-job';
export { watermarkNeedsFrameSize } from './watermarks';
