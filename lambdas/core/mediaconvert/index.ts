/** MediaConvert: the CreateJob builder, the source facts it needs, job-state event parsing. */
export { accelerationBlockers, accelerationFor, hostsFrameCaptures } from './acceleration';
export { audioCodecSettings, AUDIO_SELECTOR } from './audio-codec';
export {
  buildCreateJob,
  buildTaskJobs,
  clientRequestToken,
  jobRequest,
  membersOf,
  type TaskJobs,
} from './build-create-job';
export { COMPANION_GROUP_NAME, COMPANION_PREFIX, companionGroup, companionKey } from './companion';
export { INVALID_TIME_OFFSET, offsetSeconds, samplingPlan } from './frame-capture-job';
export { outputFrameSize, type FrameSize } from './frame-size';
export type { JobContext, JobSettings, PartContext } from './job-context';
export { planJobs, type JobPlan, type PlanOptions } from './job-plan';
export {
  audioOnlyOutputs,
  hasAudioOnlyOutput,
  hasRegularVideoOutput,
  isFrameCapture,
  isRegularVideo,
} from './output-kinds';
export { outputKindOf, parseJobStateEvent } from './parse-job-event';
export { requiredSourceInfo } from './required-source-info';
export { buildSubtaskPart, type JobPart, type PartRole } from './subtask-part';
export { frameRateFraction, timecodeAt } from './timecode';
export { DEFAULT_HLS_SEGMENT_SECONDS } from './transcode-job';
export { watermarkNeedsFrameSize } from './watermarks';
