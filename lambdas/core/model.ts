/**
 * Domain model of mps-aws: templates, schemas (workflows), tasks and subtasks, job-state events.
 *
 * Pure types only: no AWS imports. Every other core module and every adapter speaks these shapes.
 * Times are ISO-8601 UTC strings; durations and offsets are seconds unless the name says otherwise.
 */

// ---------------------------------------------------------------------------------------------
// Templates
// ---------------------------------------------------------------------------------------------

export type TemplateType =
  | 'transcode'
  | 'watermark'
  | 'snapshot'
  | 'sampleSnapshot'
  | 'sprite'
  | 'animatedGraphics'
  | 'contentReview'
  | 'aiRecognition'
  | 'aiAnalysis';

export type Container = 'mp4' | 'hls' | 'mov' | 'webm';
export type VideoCodec = 'h264' | 'h265' | 'av1' | 'vp9';
export type AudioCodec = 'aac' | 'opus';
export type RateControl = 'VBR' | 'CBR' | 'QVBR';

/** A length given in pixels or as a percentage of the video frame ("16px", "5%"). */
export interface Length {
  value: number;
  unit: 'px' | '%';
}

/** A point in time given in seconds or as a percentage of the source duration ("3.5s", "10%"). */
export interface TimeOffset {
  value: number;
  unit: 's' | '%';
}

export interface S3Location {
  bucket: string;
  key: string;
}

interface TemplateCommon {
  /** Stable numeric id. Presets use the ids of the product model; user templates start at 1_000_000. */
  id: number;
  /** 1–64 characters. */
  name: string;
  /** 0–256 characters. */
  comment?: string;
  /** True for built-in presets, which can never be modified or deleted. */
  preset: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface VideoSettings {
  codec: VideoCodec;
  /** 0 (keep aspect ratio / source) or 128–4096. */
  width: number;
  /** 0 (keep aspect ratio / source) or 128–4096. */
  height: number;
  /** 0 (same as source) or 1–120. */
  fps: number;
  /** 0 (automatic) or 128–100000 kbps. */
  bitrateKbps: number;
  rateControl: RateControl;
  /** GOP length in seconds (0.1–10); omitted = encoder default (2 s). */
  gopSeconds?: number;
  /** QVBR quality level 1–10, only with rateControl QVBR. */
  qvbrQuality?: number;
}

export interface AudioSettings {
  codec: AudioCodec;
  /** 0 (automatic) or 26–256 kbps; AAC: a bitrate of MediaConvert's CBR table, Opus: multiples of 8. */
  bitrateKbps: number;
  /** 0 (automatic, 48000) or one of 8000, 16000, 22050, 32000, 44100, 48000 (Opus: 16000, 48000). */
  sampleRate: number;
  /** 1 or 2. */
  channels: 1 | 2;
}

export interface TranscodeTemplate extends TemplateCommon {
  type: 'transcode';
  container: Container;
  /** Absent only when removeVideo is true. */
  video?: VideoSettings;
  /** Absent only when removeAudio is true. */
  audio?: AudioSettings;
  removeVideo: boolean;
  removeAudio: boolean;
  /** HLS only: segment length in seconds (1–60); default 6. */
  segmentSeconds?: number;
}

export type Anchor = 'TopLeft' | 'TopRight' | 'BottomLeft' | 'BottomRight';

export interface WatermarkTemplate extends TemplateCommon {
  type: 'watermark';
  /** PNG or JPEG image in a bucket the service can read. */
  image: S3Location;
  anchor: Anchor;
  /** Horizontal distance from the anchor corner. */
  xOffset: Length;
  /** Vertical distance from the anchor corner. */
  yOffset: Length;
  /**
   * Rendered width. Omitted: it follows `height` keeping the image's aspect ratio, or, with no height
   * either, the image is drawn at its own pixel size (cropped at the frame's edge, like MediaConvert).
   */
  width?: Length;
  /** Rendered height; omitted = it follows `width` keeping the image's aspect ratio (see `width`). */
  height?: Length;
  /**
   * Pixel size of the image file, read from its PNG/TGA header when the template is created or updated
   * through the control API (declared templates give it); needed when width or height is omitted.
   */
  imageWidth?: number;
  imageHeight?: number;
  /** 0–100, default 100. */
  opacity: number;
  /** Seconds from the start of the output when the watermark appears; default 0. */
  startTime?: number;
  /** Seconds from the start when it disappears; omitted = until the end. */
  endTime?: number;
}

export type ImageFormat = 'jpg';

export interface SnapshotTemplate extends TemplateCommon {
  type: 'snapshot';
  /** 0 (source) or 128–4096. */
  width: number;
  height: number;
  format: ImageFormat;
  /** JPEG quality 1–100, default 80. */
  quality: number;
}

export interface SampleSnapshotTemplate extends TemplateCommon {
  type: 'sampleSnapshot';
  width: number;
  height: number;
  format: ImageFormat;
  quality: number;
  /** 'percent': one image every `interval` % of the duration; 'time': every `interval` seconds. */
  sampleType: 'percent' | 'time';
  interval: number;
}

export interface SpriteTemplate extends TemplateCommon {
  type: 'sprite';
  /** Size of one cell (0 = derived from the other / source). */
  width: number;
  height: number;
  format: ImageFormat;
  quality: number;
  sampleType: 'percent' | 'time';
  interval: number;
  /** 1–10 each. */
  rows: number;
  columns: number;
}

export interface AnimatedGraphicsTemplate extends TemplateCommon {
  type: 'animatedGraphics';
  format: 'gif';
  /** 1–30. */
  fps: number;
  /** 0 or 128–4096; at least one of width/height set, or both 0 for source size. */
  width: number;
  height: number;
}

/**
 * Content moderation (MPS "AI content review"): frames sampled every `sampleIntervalSeconds` are
 * classified; each segment gets labels with a confidence (0–100) and the task a verdict: `block` when
 * an unsafe label reaches `blockThreshold`, else `review` when one reaches `reviewThreshold`, else `pass`.
 */
export interface ContentReviewTemplate extends TemplateCommon {
  type: 'contentReview';
  /** 0.5–60 seconds; default 1. */
  sampleIntervalSeconds: number;
  /** 1–100; default 50. */
  reviewThreshold: number;
  /** 1–100, greater than reviewThreshold; default 85. */
  blockThreshold: number;
}

/** Content recognition (MPS "AI recognition"): text in frames (OCR) and speech to text. At least one. */
export interface AiRecognitionTemplate extends TemplateCommon {
  type: 'aiRecognition';
  /** Text in frames, with the times it is shown. */
  ocr: boolean;
  /** Speech to text: transcript JSON + WebVTT and SRT subtitles. */
  speech: boolean;
  /** Language of the text and speech (BCP-47); 'en-US' only for now. */
  language: 'en-US';
  /** OCR: seconds between two sampled frames, 0.5–60; default 1. */
  sampleIntervalSeconds: number;
}

/** Content analysis (MPS "AI analysis"): shots, black segments, a cover image, labels. At least one. */
export interface AiAnalysisTemplate extends TemplateCommon {
  type: 'aiAnalysis';
  /** Shot boundaries (hard cuts). */
  shots: boolean;
  /** Black segments (technical cues). */
  blackFrames: boolean;
  /** A representative, non-black frame written as a JPEG. */
  cover: boolean;
  /** Labels/tags with confidence. */
  labels: boolean;
}

/** The template types of the AI items (contentReview, aiRecognition, aiAnalysis). */
export type AiTemplate = ContentReviewTemplate | AiRecognitionTemplate | AiAnalysisTemplate;

export type Template =
  | ContentReviewTemplate
  | AiRecognitionTemplate
  | AiAnalysisTemplate
  | TranscodeTemplate
  | WatermarkTemplate
  | SnapshotTemplate
  | SampleSnapshotTemplate
  | SpriteTemplate
  | AnimatedGraphicsTemplate;

// ---------------------------------------------------------------------------------------------
// Processing items (what a schema or a ProcessMedia call asks for)
// ---------------------------------------------------------------------------------------------

export interface WatermarkRef {
  templateId: number;
}

export interface TranscodeItem {
  templateId: number;
  /** Up to 10. */
  watermarks?: WatermarkRef[];
  /** Clip start/end in seconds of the source. */
  startTime?: number;
  endTime?: number;
}

/** One HLS output group with a master playlist and one rendition per (HLS transcode) template. */
export interface AdaptiveStreamingItem {
  templateIds: number[];
  watermarks?: WatermarkRef[];
}

export interface SnapshotByTimeOffsetItem {
  templateId: number;
  /** 1–100 points; seconds or % of the duration. */
  offsets: TimeOffset[];
  watermarks?: WatermarkRef[];
}

export interface SampleSnapshotItem {
  templateId: number;
  watermarks?: WatermarkRef[];
}

export interface ImageSpriteItem {
  templateId: number;
}

export interface AnimatedGraphicsItem {
  templateId: number;
  /** Seconds of the source; endTime > startTime, at most 60 s apart. */
  startTime: number;
  endTime: number;
}

/** A contentReview, aiRecognition or aiAnalysis item: the template says what to find. */
export interface AiItem {
  templateId: number;
}

export interface ProcessingItems {
  transcode?: TranscodeItem[];
  adaptiveStreaming?: AdaptiveStreamingItem[];
  animatedGraphics?: AnimatedGraphicsItem[];
  snapshotByTimeOffset?: SnapshotByTimeOffsetItem[];
  sampleSnapshot?: SampleSnapshotItem[];
  imageSprite?: ImageSpriteItem[];
  contentReview?: AiItem[];
  aiRecognition?: AiItem[];
  aiAnalysis?: AiItem[];
}

// ---------------------------------------------------------------------------------------------
// Notifications
// ---------------------------------------------------------------------------------------------

export type NotificationType = 'queue' | 'topic' | 'url' | 'function';

export interface NotificationConfig {
  type: NotificationType;
  /** Queue URL or ARN, topic ARN, https URL, or function name/ARN. */
  target: string;
  /** 'finish' (default): one event when the task finishes; 'change': one per task state change. */
  mode: 'finish' | 'change';
}

// ---------------------------------------------------------------------------------------------
// Schemas (workflows)
// ---------------------------------------------------------------------------------------------

export type SchemaStatus = 'enabled' | 'disabled';

export interface Schema {
  /** Stable id, e.g. "sch-…". */
  id: string;
  /** 1–128 characters: CJK, Latin letters, digits, '_' and '-'. Unique. */
  name: string;
  trigger: {
    bucket: string;
    /** '' (whole bucket) or a key prefix ending in '/', without a leading '/'. */
    directory: string;
    /** Lower-case extensions without dot; empty/absent = common video and audio formats. */
    extensions?: string[];
  };
  output: {
    bucket: string;
    /** '' or ends with '/'. Defaults to the trigger directory. */
    directory: string;
  };
  items: ProcessingItems;
  notification?: NotificationConfig;
  status: SchemaStatus;
  /** When the schema was last enabled; only uploads at or after this time are processed. */
  enabledAt?: string;
  createdAt: string;
  updatedAt: string;
}

// ---------------------------------------------------------------------------------------------
// Tasks
// ---------------------------------------------------------------------------------------------

export type TaskStatus = 'WAITING' | 'PROCESSING' | 'FINISH';
export type SubtaskStatus = 'WAITING' | 'PROCESSING' | 'SUCCESS' | 'FAIL' | 'ABORTED';
export type SubtaskType =
  | 'Transcode'
  | 'AdaptiveStreaming'
  | 'AnimatedGraphics'
  | 'SnapshotByTimeOffset'
  | 'SampleSnapshot'
  | 'ImageSprite'
  | 'ContentReview'
  | 'AiRecognition'
  | 'AiAnalysis';

/** The subtask types run by the AI engine (not MediaConvert jobs). */
export type AiSubtaskType = 'ContentReview' | 'AiRecognition' | 'AiAnalysis';

/** Aggregated result of a finished task. */
export type TaskResult = 'SUCCESS' | 'PARTIAL_FAILURE' | 'FAIL' | 'ABORTED';

export interface SubtaskOutput {
  bucket: string;
  key: string;
  /** e.g. 'video', 'playlist', 'image', 'sprite', 'webvtt'. */
  kind: string;
  sizeBytes?: number;
  width?: number;
  height?: number;
  durationMs?: number;
  bitrateKbps?: number;
  container?: string;
  /**
   * Numbered image sequences (frame captures) are one entry, so a task record stays small however
   * many images a job writes: `key` is the first file (`{stem}.0000000.jpg`), `lastKey` the last, and
   * the files are `{stem}.{index, 7 digits}.jpg` for index 0 … count − 1 (see `sequenceKeys`).
   */
  count?: number;
  lastKey?: string;
}

export interface SubtaskAttempt {
  attempt: number;
  jobId?: string;
  jobSubtasks?: number[];
  status: SubtaskStatus;
  startedAt?: string;
  finishedAt?: string;
  errorCode?: string;
  errorMessage?: string;
}

export type SubtaskItem =
  | { type: 'Transcode'; item: TranscodeItem }
  | { type: 'AdaptiveStreaming'; item: AdaptiveStreamingItem }
  | { type: 'AnimatedGraphics'; item: AnimatedGraphicsItem }
  | { type: 'SnapshotByTimeOffset'; item: SnapshotByTimeOffsetItem }
  | { type: 'SampleSnapshot'; item: SampleSnapshotItem }
  | { type: 'ImageSprite'; item: ImageSpriteItem }
  | { type: AiSubtaskType; item: AiItem };

export type Subtask = SubtaskItem & {
  /** 1-based, stable. */
  no: number;
  status: SubtaskStatus;
  /** 1 for the first run, incremented by each restart. */
  attempt: number;
  /** MediaConvert (or local engine) job id of the current attempt. */
  jobId?: string;
  /**
   * The subtasks (numbers, this one included) whose outputs the job writes, when it runs more than
   * this subtask: frame captures ride along in a job that has a regular video output (MediaConvert
   * runs no frame-capture-only jobs). MediaConvert fails or cancels a job as a whole.
   */
  jobSubtasks?: number[];
  progress: number;
  startedAt?: string;
  finishedAt?: string;
  outputs: SubtaskOutput[];
  /** AI subtasks, on success: the result in brief (verdict, counts, parts not available…); the JSON output has it all. */
  summary?: AiSummary;
  errorCode?: string;
  errorMessage?: string;
  /** Earlier attempts, oldest first. */
  history: SubtaskAttempt[];
};

export type TaskOrigin = 'schema' | 'api' | 'manual';

export interface Task {
  taskId: string;
  origin: TaskOrigin;
  schemaId?: string;
  schemaName?: string;
  input: S3Location;
  output: { bucket: string; directory: string };
  status: TaskStatus;
  result?: TaskResult;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  subtasks: Subtask[];
  notification?: NotificationConfig;
  /** Caller's dedupe key (ProcessMedia SessionId) and context echoed in events (≤ 1000 chars). */
  sessionId?: string;
  sessionContext?: string;
  /** The key that makes task creation idempotent (bucket, key, version/etag/sequencer, schema). */
  idempotencyKey: string;
  /** Optimistic-lock counter, incremented by every write. */
  version: number;
  /**
   * The transactional outbox: events decided by a write and stored by that same conditional write,
   * by eventId, until they are on the NotifyQueue (core/notifications/outbox.ts). Never shown by the API.
   */
  outbox?: Record<string, PendingEvent>;
}

/** One task event waiting in a task's outbox. */
export interface PendingEvent {
  eventType: 'TaskChanged' | 'TaskFinished';
  /** The task version whose write decided the event (with the type, it gives the eventId). */
  version: number;
  /** When the event was decided: the event's `time`. */
  time: string;
  /** Where it goes: one NotifyQueue message per target. */
  targets: { type: NotificationType; target: string }[];
}

// ---------------------------------------------------------------------------------------------
// Job-state events (MediaConvert's EventBridge events, normalised)
// ---------------------------------------------------------------------------------------------

export type JobEventStatus = 'PROGRESSING' | 'STATUS_UPDATE' | 'COMPLETE' | 'ERROR' | 'CANCELED';

/** One subtask attempt a job runs (from the job's UserMetadata). */
export interface JobMember {
  no: number;
  attempt: number;
}

export interface JobStateEvent {
  jobId: string;
  status: JobEventStatus;
  /** Event time. */
  time: string;
  taskId: string;
  /** The subtask attempts the job runs, the lead (whose settings the job's inputs follow) first. */
  members: JobMember[];
  /** 0–100, STATUS_UPDATE / COMPLETE. */
  progress?: number;
  /** COMPLETE only: every file the job wrote (all members'; assigned to subtasks by output prefix). */
  outputs?: SubtaskOutput[];
  /** COMPLETE of an AI job only: the result in brief, recorded on the subtask. */
  summary?: AiSummary;
  /** ERROR only. */
  errorCode?: string;
  errorMessage?: string;
}

/** A flat summary of an AI result: small values only (it is stored on the task record). */
export type AiSummary = Record<string, string | number | boolean>;

/** Source facts some settings need (percent offsets, watermark corners with source-sized output). */
export interface SourceInfo {
  width?: number;
  height?: number;
  durationSeconds?: number;
  /** Frames per second of the video track (e.g. 25, 29.97); places snapshot offsets on exact frames. */
  frameRate?: number;
}
