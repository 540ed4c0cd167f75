/**
 * The companion output: MediaConvert runs frame captures only in jobs that also have a regular video
 * output ("MediaConvert doesn't support jobs that consist only of a frame capture output", UG
 * file-group-with-frame-capture-output). A job whose subtasks are all frame captures, and that found
 * no transcode of the same task to ride along with, gets this output: the cheapest regular encode
 * MediaConvert offers (single-pass H.264 VBR 64 kbps, 1 frame per second, 192x108, no audio: an SD,
 * ≤ 30 fps, AVC output in the lowest price class), written to the stack's work
 * bucket, where a lifecycle rule deletes it after a day. It is never a subtask output.
 */
import type { OutputGroup } from '@aws-sdk/client-mediaconvert';
import type { JobMember } from '../model';
import { s3Url } from './job-context';

/** Name of the companion's output group (how tests and `explain` readers recognise it). */
export const COMPANION_GROUP_NAME = 'Companion';

/** Key prefix of companion outputs in the work bucket. */
export const COMPANION_PREFIX = 'companions/';

/**
 * `companions/{taskId}/job_companion_{no}_{attempt}` (MediaConvert adds `.mp4`): one per job, named after
 * its lead subtask attempt, and named like a service output so that it can never trigger a schema.
 */
export function companionKey(taskId: string, lead: JobMember): string {
  return `${COMPANION_PREFIX}${taskId}/job_companion_${lead.no}_${lead.attempt}`;
}

/** The companion output group writing `{key}.mp4` to `bucket`. */
export function companionGroup(bucket: string, key: string): OutputGroup {
  return {
    Name: COMPANION_GROUP_NAME,
    OutputGroupSettings: {
      Type: 'FILE_GROUP_SETTINGS',
      FileGroupSettings: { Destination: s3Url(bucket, key) },
    },
    Outputs: [
      {
        ContainerSettings: { Container: 'MP4', Mp4Settings: {} },
        VideoDescription: {
          // Both sides fixed: the size never follows the source, so it is always even (MediaConvert
          // refuses odd sizes), and nobody watches the stretched picture.
          Width: 192,
          Height: 108,
          ScalingBehavior: 'STRETCH_TO_OUTPUT',
          CodecSettings: {
            Codec: 'H_264',
            H264Settings: {
              RateControlMode: 'VBR',
              Bitrate: 64_000,
              FramerateControl: 'SPECIFIED',
              FramerateNumerator: 1,
              FramerateDenominator: 1,
              FramerateConversionAlgorithm: 'DUPLICATE_DROP',
              CodecProfile: 'MAIN',
              CodecLevel: 'AUTO',
            },
          },
        },
      },
    ],
  };
}
