/**
 * The cover of an AI analysis on AWS: one small MediaConvert job that captures a single JPEG frame at
 * a chosen time (the middle of the longest non-black shot Amazon Rekognition Video segment detection
 * found, see ../cover-span.ts). Pure, like the other job builders:
 *
 * - one input, the source clipped to about one second starting at the chosen frame (frame-exact when
 *   the frame rate is known, else on the whole second; never past the end of the source);
 * - a frame-capture output (1 capture per second, at most one, source size, quality 90) writing
 *   `ai/covers/{token}/cover.0000000.jpg` to the work bucket, and the companion output MediaConvert
 *   needs beside frame captures, under the same prefix (the work bucket expires both);
 * - UserMetadata { mpsStackId, mpsAiCover: token }: no mpsTaskId, so the job-event service never takes
 *   its events for a subtask's job; job-events hands them to the AI completion instead.
 */
import type {
  CreateJobCommandInput,
  Input,
  JobSettings as SdkJobSettings,
} from '@aws-sdk/client-mediaconvert';
import { createHash } from 'node:crypto';
import { AI_COVERS_PREFIX } from '../../../contract';
import { accelerationFor } from '../../mediaconvert/acceleration';
import { companionGroup } from '../../mediaconvert/companion';
import { frameCaptureGroup, frameCaptureOutput } from '../../mediaconvert/frame-capture-job';
import type { JobSettings } from '../../mediaconvert/job-context';
import { s3Url } from '../../mediaconvert/job-context';
import { frameAt, timecodeBase, timecodeOfFrame } from '../../mediaconvert/timecode';

/** JPEG quality of the captured frame (MediaConvert FrameCaptureSettings.Quality, 1–100). */
export const COVER_QUALITY = 90;

/** The work-bucket keys of one subtask attempt's cover job: its frame, companion and marker. */
export function coverKeys(token: string): { frame: string; companion: string; marker: string; stem: string } {
  const dir = `${AI_COVERS_PREFIX}${token}/`;
  return {
    stem: `${dir}cover`,
    frame: `${dir}cover.0000000.jpg`,
    companion: `${dir}companion`,
    marker: `${dir}job.json`,
  };
}

/** MediaConvert's ClientRequestToken of a cover job (≤ 64 ASCII): this stack's, this attempt's. */
export function coverClientToken(stackId: string, token: string): string {
  return `mps-cover-${createHash('sha256').update(`${stackId}\n${token}`).digest('hex').slice(0, 48)}`;
}

/** The source clipped to about one second from the frame at `atSeconds` (never past the end). */
export function coverClipping(
  atSeconds: number,
  durationSeconds: number,
  frameRate?: number,
): NonNullable<Input['InputClippings']>[number] {
  const at = Math.max(0, Math.min(atSeconds, durationSeconds));
  if (frameRate && frameRate > 0) {
    const lastFrame = Math.max(0, Math.ceil(durationSeconds * frameRate - 1e-6) - 1);
    const first = Math.min(frameAt(at, frameRate), lastFrame);
    const last = Math.min(first + timecodeBase(frameRate) - 1, lastFrame);
    return {
      StartTimecode: timecodeOfFrame(first, frameRate),
      EndTimecode: timecodeOfFrame(last, frameRate),
    };
  }
  const lastSecond = Math.max(0, Math.ceil(durationSeconds - 1e-6) - 1);
  const s = Math.min(Math.floor(at + 1e-6), lastSecond);
  return {
    StartTimecode: timecodeOfFrame(s, 1),
    ...(s + 1 >= durationSeconds ? {} : { EndTimecode: timecodeOfFrame(s + 1, 1) }),
  };
}

export interface CoverJobArgs {
  input: { bucket: string; key: string };
  /** When the cover frame is shown (s). */
  atSeconds: number;
  durationSeconds: number;
  /** Frames per second, when known: the clip starts on the exact frame. */
  frameRate?: number;
  /** The subtask attempt, `{taskId}.{no}.{attempt}`. */
  token: string;
  settings: JobSettings;
}

/** The CreateJob request (SDK form) of the cover job of one AI analysis subtask attempt. */
export function coverJobRequest(args: CoverJobArgs): CreateJobCommandInput {
  const { settings } = args;
  const keys = coverKeys(args.token);
  const input: Input = {
    FileInput: s3Url(args.input.bucket, args.input.key),
    VideoSelector: {},
    TimecodeSource: 'ZEROBASED',
    InputClippings: [coverClipping(args.atSeconds, args.durationSeconds, args.frameRate)],
  };
  const frame = frameCaptureOutput(
    { width: 0, height: 0, quality: COVER_QUALITY },
    { numerator: 1, denominator: 1 },
    1,
    [],
    {},
  );
  const jobSettings: SdkJobSettings = {
    TimecodeConfig: { Source: 'ZEROBASED' },
    Inputs: [input],
    OutputGroups: [
      frameCaptureGroup(settings.workBucket, keys.stem, frame),
      companionGroup(settings.workBucket, keys.companion),
    ],
  };
  const acceleration = accelerationFor(settings.acceleration, jobSettings);
  return {
    Role: settings.roleArn,
    ...(settings.queueArn ? { Queue: settings.queueArn } : {}),
    ...(acceleration ? { AccelerationSettings: { Mode: acceleration } } : {}),
    ClientRequestToken: coverClientToken(settings.stackId, args.token),
    UserMetadata: { mpsStackId: settings.stackId, mpsAiCover: args.token },
    Settings: jobSettings,
  };
}
