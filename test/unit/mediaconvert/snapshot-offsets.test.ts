import type { CreateJobCommandInput } from '@aws-sdk/client-mediaconvert';
import type { SourceInfo, TimeOffset } from '../../../lambdas/core/model';
import { buildCreateJob } from '../../../lambdas/core/mediaconvert';
import { frameRateFraction, timecodeBase } from '../../../lambdas/core/mediaconvert/timecode';
import { catchValidation } from '../templates/catch-validation';
import { subtask, task, templateMap } from './fixtures';

const templates = templateMap();

function snapshotJob(offsets: TimeOffset[], source: SourceInfo, templateId = 10): CreateJobCommandInput {
  const s = subtask({ type: 'SnapshotByTimeOffset', item: { templateId, offsets } });
  return buildCreateJob({
    task: task([s]),
    subtask: s,
    templates,
    source,
    roleArn: 'r',
    stackId: 'stack',
    workBucket: 'w',
  });
}

const sec = (value: number): TimeOffset => ({ value, unit: 's' });
const pct = (value: number): TimeOffset => ({ value, unit: '%' });

/** Frame index of an HH:MM:SS:FF timecode at `fps`. */
function frameOf(tc: string, fps: number): number {
  const [hh, mm, ss, ff] = tc.split(':').map(Number) as [number, number, number, number];
  return (hh * 3600 + mm * 60 + ss) * timecodeBase(fps) + ff;
}

function clips(job: CreateJobCommandInput) {
  return job.Settings!.Inputs!.map((i) => {
    expect(i.InputClippings).toHaveLength(1);
    expect(i.FileInput).toBe('s3://in-bucket/uploads/My Movie.mp4');
    expect(i.TimecodeSource).toBe('ZEROBASED');
    return i.InputClippings![0]!;
  });
}

function capture(job: CreateJobCommandInput) {
  return job.Settings!.OutputGroups![0]!.Outputs![0]!.VideoDescription!.CodecSettings!.FrameCaptureSettings!;
}

describe('snapshots at time offsets', () => {
  it('stitches one clip per offset, ordered by time, with one capture per clip', () => {
    const job = snapshotJob([sec(10), sec(2), pct(50)], { durationSeconds: 60, frameRate: 25 });
    expect(clips(job)).toEqual([
      { StartTimecode: '00:00:02:00', EndTimecode: '00:00:02:24' },
      { StartTimecode: '00:00:10:00', EndTimecode: '00:00:10:24' },
      { StartTimecode: '00:00:30:00', EndTimecode: '00:00:30:24' },
    ]);
    expect(capture(job)).toEqual({
      FramerateNumerator: 1,
      FramerateDenominator: 1,
      MaxCaptures: 3,
      Quality: 80,
    });
    expect(job.Settings!.OutputGroups![0]!.OutputGroupSettings?.FileGroupSettings?.Destination).toBe(
      's3://out-bucket/results/My_Movie_snapshot_10',
    );
  });

  it.each([
    [23.976, [sec(0.5), pct(33.3), sec(47.25), pct(99)], 120],
    [29.97, [sec(1), pct(50), pct(100)], 95.5],
    [59.94, [sec(3.3), sec(3.3), sec(71)], 3600],
    [30, [sec(0), sec(1), sec(2), sec(59.9)], 60],
    [12.5, [pct(10), pct(20), pct(30)], 10],
  ])('lands capture k on the first frame of offset k (fps %p)', (fps, offsets, duration) => {
    const job = snapshotJob(offsets, { durationSeconds: duration, frameRate: fps });
    const { FramerateNumerator: n, FramerateDenominator: d, MaxCaptures } = capture(job);
    expect(MaxCaptures).toBe(offsets.length);
    const wanted = offsets
      .map((o) => (o.unit === '%' ? (o.value / 100) * duration : o.value))
      .sort((a, b) => a - b);
    const lastFrame = Math.ceil(duration * fps - 1e-6) - 1;
    const exact = frameRateFraction(fps);
    let stitchedFrames = 0;
    clips(job).forEach((clip, k) => {
      const first = frameOf(clip.StartTimecode!, fps);
      // The clip starts on the frame shown at the requested time (the last frame for 100 %).
      expect(first).toBe(Math.min(Math.floor(wanted[k]! * fps + 1e-6), lastFrame));
      // Capture k happens k periods (d/n s) into the stitched output: exactly where clip k starts.
      expect((stitchedFrames * exact.denominator) / exact.numerator).toBeCloseTo((k * d!) / n!, 9);
      stitchedFrames += frameOf(clip.EndTimecode!, fps) - first + 1;
    });
  });

  it('cuts the last clip at the end of the source', () => {
    const job = snapshotJob([sec(9.9), pct(100)], { durationSeconds: 10, frameRate: 25 });
    expect(clips(job)).toEqual([
      { StartTimecode: '00:00:09:22', EndTimecode: '00:00:09:24' },
      { StartTimecode: '00:00:09:24', EndTimecode: '00:00:09:24' },
    ]);
  });

  it('places a single whole-second offset without probing', () => {
    const job = snapshotJob([sec(7)], {});
    expect(clips(job)).toEqual([{ StartTimecode: '00:00:07:00', EndTimecode: '00:00:08:00' }]);
    expect(capture(job)).toMatchObject({ FramerateNumerator: 1, FramerateDenominator: 1, MaxCaptures: 1 });
    expect(clips(snapshotJob([], {}))).toEqual([
      { StartTimecode: '00:00:00:00', EndTimecode: '00:00:01:00' },
    ]);
    expect(clips(snapshotJob([sec(7)], { durationSeconds: 7.5 }))).toEqual([
      { StartTimecode: '00:00:07:00' },
    ]);
  });

  it('rejects offsets at or beyond the end with InvalidInput.InvalidTimeOffset', () => {
    const err = catchValidation(() => snapshotJob([sec(5), sec(60)], { durationSeconds: 60, frameRate: 25 }));
    expect(err.code).toBe('InvalidInput.InvalidTimeOffset');
    expect(err.field).toBe('offsets[1]');
    expect(err.message).toBe(
      'offsets[1] 60s is at or beyond the end of the source (60s); offsets must be less than the duration',
    );
  });

  it('asks for the facts it lacks', () => {
    const noDuration = catchValidation(() => snapshotJob([pct(50)], { frameRate: 25 }));
    expect(noDuration.field).toBe('source.durationSeconds');
    const noRate = catchValidation(() => snapshotJob([sec(1), sec(2)], { durationSeconds: 10 }));
    expect(noRate.field).toBe('source.frameRate');
    expect(catchValidation(() => snapshotJob([sec(1.5)], {})).field).toBe('source.frameRate');
  });

  it('captures at the template size and quality', () => {
    const job = snapshotJob([sec(1)], {}, 1_000_020);
    const video = job.Settings!.OutputGroups![0]!.Outputs![0]!.VideoDescription!;
    expect(video).toMatchObject({ Width: 640, Height: 360 });
    expect(capture(job).Quality).toBe(90);
  });
});
