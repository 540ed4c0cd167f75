/**
 * The cover job of an AI analysis on AWS (lambdas/core/ai/aws/cover-job.ts): one MediaConvert frame
 * capture of the chosen frame, valid for the project's validator (AWS's model and the documented
 * rules), clipped exactly, never past the end, and recognisable by its UserMetadata.
 */
import type { CreateJobCommandInput } from '@aws-sdk/client-mediaconvert';
import { AI_COVERS_PREFIX } from '../../../lambdas/contract';
import {
  coverClientToken,
  coverClipping,
  coverJobRequest,
  coverKeys,
} from '../../../lambdas/core/ai/aws/cover-job';
import { COMPANION_GROUP_NAME } from '../../../lambdas/core/mediaconvert/companion';
import { validateJobs } from '../../support/validate-job';
import { coverJobs } from '../mediaconvert/job-matrix';

const TOKEN = 't-20260301T100000Z-0123456789abcdef.2.1';
const SETTINGS = {
  roleArn: 'arn:aws:iam::111122223333:role/MpsMediaConvert',
  stackId: 'stack-1',
  workBucket: 'mps-work',
};

function job(
  atSeconds: number,
  durationSeconds: number,
  frameRate?: number,
  settings = {},
): CreateJobCommandInput {
  return coverJobRequest({
    input: { bucket: 'media-in', key: 'in/clip 1.mp4' },
    atSeconds,
    durationSeconds,
    ...(frameRate ? { frameRate } : {}),
    token: TOKEN,
    settings: { ...SETTINGS, ...settings },
  });
}

const clip = (j: CreateJobCommandInput) => j.Settings!.Inputs![0]!.InputClippings;

describe('coverJobRequest', () => {
  it('every cover job of the matrix passes the validator', () => {
    const jobs = coverJobs();
    expect(jobs.length).toBeGreaterThan(50);
    expect(validateJobs(jobs).flatMap((v, i) => v.map((x) => `#${i} ${x.path}: ${x.message}`))).toEqual([]);
  });

  it('one input clipped to one second from the exact frame, a single capture and the companion, in the work bucket', () => {
    const j = job(6.52, 12, 25);
    const keys = coverKeys(TOKEN);
    expect(j.Settings!.Inputs).toEqual([
      {
        FileInput: 's3://media-in/in/clip 1.mp4',
        VideoSelector: {},
        TimecodeSource: 'ZEROBASED',
        InputClippings: [{ StartTimecode: '00:00:06:13', EndTimecode: '00:00:07:12' }],
      },
    ]);
    const [frames, companion] = j.Settings!.OutputGroups!;
    expect(frames!.OutputGroupSettings!.FileGroupSettings!.Destination).toBe(`s3://mps-work/${keys.stem}`);
    expect(keys.frame).toBe(`${AI_COVERS_PREFIX}${TOKEN}/cover.0000000.jpg`);
    expect(frames!.Outputs).toEqual([
      {
        Extension: 'jpg',
        ContainerSettings: { Container: 'RAW' },
        VideoDescription: {
          ScalingBehavior: 'DEFAULT',
          CodecSettings: {
            Codec: 'FRAME_CAPTURE',
            FrameCaptureSettings: {
              FramerateNumerator: 1,
              FramerateDenominator: 1,
              MaxCaptures: 1,
              Quality: 90,
            },
          },
        },
      },
    ]);
    expect(companion!.Name).toBe(COMPANION_GROUP_NAME);
    expect(companion!.OutputGroupSettings!.FileGroupSettings!.Destination).toBe(
      `s3://mps-work/${AI_COVERS_PREFIX}${TOKEN}/companion`,
    );
  });

  it('frame-exact with a frame rate (NTSC rates count 30 frames per timecode second), whole seconds without', () => {
    expect(clip(job(6.52, 12, 29.97))).toEqual([
      { StartTimecode: '00:00:06:15', EndTimecode: '00:00:07:14' },
    ]);
    expect(clip(job(61.5, 120, 24))).toEqual([{ StartTimecode: '00:01:01:12', EndTimecode: '00:01:02:11' }]);
    expect(clip(job(6.52, 12))).toEqual([{ StartTimecode: '00:00:06:00', EndTimecode: '00:00:07:00' }]);
  });

  it('never past the end of the source', () => {
    // 12 s at 25 fps: frames 0–299; a clip from 11.9 s stops at the last frame.
    expect(clip(job(11.9, 12, 25))).toEqual([{ StartTimecode: '00:00:11:22', EndTimecode: '00:00:11:24' }]);
    // At (or beyond) the end: the last frame.
    expect(clip(job(12, 12, 25))).toEqual([{ StartTimecode: '00:00:11:24', EndTimecode: '00:00:11:24' }]);
    // Without a frame rate: the last whole second, running to the end.
    expect(clip(job(11.5, 12))).toEqual([{ StartTimecode: '00:00:11:00' }]);
    expect(clip(job(0.3, 0.8))).toEqual([{ StartTimecode: '00:00:00:00' }]);
    expect(coverClipping(9.99, 10.5)).toEqual({ StartTimecode: '00:00:09:00', EndTimecode: '00:00:10:00' });
  });

  it('UserMetadata names the stack and the cover token only; role, queue, acceleration and client token as for every job', () => {
    const j = job(3, 12, 25, {
      queueArn: 'arn:aws:mediaconvert:eu-west-1:111122223333:queues/mps',
      acceleration: 'ENABLED',
    });
    expect(j.UserMetadata).toEqual({ mpsStackId: 'stack-1', mpsAiCover: TOKEN });
    expect(j.UserMetadata).not.toHaveProperty('mpsTaskId');
    expect(j.Role).toBe(SETTINGS.roleArn);
    expect(j.Queue).toBe('arn:aws:mediaconvert:eu-west-1:111122223333:queues/mps');
    // Frame captures cannot be accelerated: ENABLED becomes PREFERRED, as for every job.
    expect(j.AccelerationSettings).toEqual({ Mode: 'PREFERRED' });
    expect(job(3, 12).AccelerationSettings).toBeUndefined();
    expect(j.ClientRequestToken).toBe(coverClientToken('stack-1', TOKEN));
    expect(j.ClientRequestToken!.length).toBeLessThanOrEqual(64);
    expect(job(4, 12).ClientRequestToken).toBe(j.ClientRequestToken);
    expect(coverClientToken('stack-2', TOKEN)).not.toBe(j.ClientRequestToken);
  });
});
