import type { Input, Output } from '@aws-sdk/client-mediaconvert';
import type { MediaInfo } from '../probe';

/** A downloaded and probed job input. */
export interface PreparedInput {
  uri: string;
  file: string;
  info: MediaInfo;
  settings: Input;
  /** JSON path, e.g. `Settings.Inputs[1]`. */
  path: string;
}

/** One stretch of one input on the job's (concatenated) timeline. */
export interface Segment {
  input: PreparedInput;
  /** Seconds into the input file. */
  start: number;
  duration: number;
}

export interface Timeline {
  segments: Segment[];
  /** Seconds. */
  duration: number;
  /** Frame size and rate of the first input (every segment is conformed to its size). */
  width: number;
  height: number;
  fps: number;
  hasAudio: boolean;
}

/** Collects extra ffmpeg inputs (inserted images) and returns their input index. */
export interface InputAllocator {
  add(args: string[]): number;
}

export interface OutputContext {
  output: Output;
  /** JSON path, e.g. `Settings.OutputGroups[0].Outputs[1]`. */
  path: string;
  timeline: Timeline;
  /** Filter-graph labels of this output's copy of the timeline video and of each AudioDescription. */
  videoLabel?: string;
  audioLabels: string[];
  inputs: InputAllocator;
  /** ImageInserterInput URI → local file. */
  imageFiles: ReadonlyMap<string, string>;
  /** Encoders this ffmpeg has (from `ffmpeg -encoders`). */
  encoders: ReadonlySet<string>;
  /** This ffmpeg's main options (from `ffmpeg -h long`): 4.1 lacks `fps_mode` and `stats_period`. */
  ffmpegOptions: ReadonlySet<string>;
  ffprobePath: string;
}

/** What one output adds to the group's ffmpeg command, and how to describe its result afterwards. */
export interface BuiltOutput {
  filters: string[];
  /** -map …, codec options, format and the output file path. */
  args: string[];
  /** Video size of the output (absent for audio-only outputs). */
  width?: number;
  height?: number;
  /** Called after ffmpeg succeeded. */
  details(): Promise<LocalOutputDetail>;
}

export interface LocalOutputDetail {
  /** Local files reported in outputFilePaths (the media file, the last frame, the variant playlist). */
  files: string[];
  durationInMs: number;
  width?: number;
  height?: number;
}
