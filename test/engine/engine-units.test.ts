import type { CreateJobCommandInput } from '@aws-sdk/client-mediaconvert';
import { checkSupported } from '../../local/engine/settings-check';
import { EngineError, withObjectNames } from '../../local/engine/errors';
import { jobStateEvent, transcodingProgress } from '../../local/engine/events';
import { imageOverlayFilters } from '../../local/engine/ffmpeg-args/image-inserter';
import { planJob } from '../../local/engine/ffmpeg-args/job';
import { buildTimeline } from '../../local/engine/ffmpeg-args/timeline';
import type { PreparedInput } from '../../local/engine/ffmpeg-args/types';
import { rateControlArgs, targetSize } from '../../local/engine/ffmpeg-args/video';
import { type ProgressBlock, ProgressParser } from '../../local/engine/progress-parser';
import { timecodeToSeconds } from '../../local/engine/timecode';
import { frameCaptureJob, gifJob, hlsJob, mp4Job, watermarkJob } from './jobs';
import { FFPROBE } from '../support/ffmpeg';

function thrown(fn: () => unknown): EngineError {
  try {
    fn();
  } catch (e) {
    return e as EngineError;
  }
  throw new Error('expected an error');
}

test('timecodes: HH:MM:SS:FF at the input frame rate; bad ones rejected with the field', () => {
  expect(timecodeToSeconds('00:01:02:12', 25, 'f')).toBeCloseTo(62.48, 6);
  expect(timecodeToSeconds('01:00:00;15', 30, 'f')).toBeCloseTo(3600.5, 6);
  expect(() => timecodeToSeconds('1:00:00:00', 25, 'X.StartTimecode')).toThrow(/X.StartTimecode/);
  expect(() => timecodeToSeconds('00:00:01:25', 25, 'f')).toThrow(/frame 25/);
  expect(() => timecodeToSeconds('00:61:00:00', 25, 'f')).toThrow(/≥ 60/);
});

test('progress parser: blocks across chunk boundaries, out_time_us in seconds, end flag', () => {
  const blocks: ProgressBlock[] = [];
  const p = new ProgressParser((b) => blocks.push(b));
  p.push('frame=10\nout_time_us=400000\nout_time=00:00:00.4\nprog');
  p.push('ress=continue\nframe=50\nout_time_us=N/A\nprogress=continue\n');
  p.push('frame=75\nout_time_us=3000000\nprogress=end\n');
  expect(blocks).toEqual([
    { frame: 10, outTimeSeconds: 0.4, end: false },
    { frame: 50, end: false },
    { frame: 75, outTimeSeconds: 3, end: true },
  ]);
});

test('settings check: the example jobs pass; unknown members and values are named', () => {
  for (const job of [mp4Job, hlsJob, frameCaptureJob, gifJob].map((make) => make('s3://in/a.mp4'))) {
    expect(() => checkSupported(job)).not.toThrow();
  }
  expect(() => checkSupported(watermarkJob('s3://in/a.mp4', 's3://in/logo.png'))).not.toThrow();
  const job = {
    Role: 'r',
    Settings: { Inputs: [{ FileInput: 's3://b/k', DenoiseFilter: 'ENABLED' }], OutputGroups: [] },
  };
  const e = thrown(() => checkSupported(job));
  expect(e.code).toBe(1999);
  expect(e.message).toContain('Settings.Inputs[0].DenoiseFilter');
  const cmaf = { Settings: { OutputGroups: [{ OutputGroupSettings: { Type: 'CMAF_GROUP_SETTINGS' } }] } };
  expect(thrown(() => checkSupported(cmaf)).message).toMatch(
    /Settings\.OutputGroups\[0\]\.OutputGroupSettings\.Type: value "CMAF_GROUP_SETTINGS" is not supported/,
  );
  expect(() =>
    checkSupported({ Settings: { Inputs: [{ FileInput: 's3://b/k', DenoiseFilter: null }] } }),
  ).not.toThrow();
});

test('output size: one dimension keeps the source aspect ratio, sizes are even', () => {
  const src = { width: 320, height: 240 };
  expect(targetSize({ Width: 160 }, src)).toEqual({ width: 160, height: 120 });
  expect(targetSize({ Height: 101 }, src)).toEqual({ width: 134, height: 102 });
  expect(targetSize({}, { width: 321, height: 179 })).toEqual({ width: 322, height: 180 });
  expect(targetSize({ Width: 640, Height: 360 }, src)).toEqual({ width: 640, height: 360 });
});

test('rate control: CBR/VBR need Bitrate; QVBR maps quality to CRF with the MaxBitrate cap', () => {
  expect(() => rateControlArgs({ RateControlMode: 'CBR' }, 'P.H264Settings', 'x264')).toThrow(
    /P\.H264Settings\.Bitrate/,
  );
  expect(rateControlArgs({ RateControlMode: 'CBR', Bitrate: 1000 }, 'p', 'x264')).toEqual([
    '-b:v',
    '1000',
    '-minrate',
    '1000',
    '-maxrate',
    '1000',
    '-bufsize',
    '2000',
  ]);
  const hi = rateControlArgs(
    { RateControlMode: 'QVBR', QvbrSettings: { QvbrQualityLevel: 9 }, MaxBitrate: 5000 },
    'p',
    'x264',
  );
  const lo = rateControlArgs({ RateControlMode: 'QVBR', QvbrSettings: { QvbrQualityLevel: 3 } }, 'p', 'x264');
  expect(Number(hi[1])).toBeLessThan(Number(lo[1]));
  expect(hi.slice(2)).toEqual(['-maxrate', '5000', '-bufsize', '10000']);
});

const input = (over: Partial<PreparedInput> = {}): PreparedInput => ({
  uri: 's3://in/a/movie.mov',
  file: '/tmp/movie.mov',
  info: { durationSeconds: 10, width: 640, height: 360, fps: 25, hasAudio: true },
  settings: {},
  path: 'Settings.Inputs[0]',
  ...over,
});

test('timeline: clippings are zero-based, End frame included; clips past the end are rejected', () => {
  const tl = buildTimeline([
    input({ settings: { InputClippings: [{ StartTimecode: '00:00:01:00', EndTimecode: '00:00:01:24' }] } }),
    input({ settings: { InputClippings: [{ StartTimecode: '00:00:09:00' }] }, path: 'Settings.Inputs[1]' }),
  ]);
  expect(tl.segments.map((s) => [s.start, Number(s.duration.toFixed(6))])).toEqual([
    [1, 1],
    [9, 1],
  ]);
  expect(tl.duration).toBeCloseTo(2, 6);
  const late = input({ settings: { InputClippings: [{ StartTimecode: '00:00:12:00' }] } });
  expect(thrown(() => buildTimeline([late])).message).toContain(
    'Settings.Inputs[0].InputClippings[0].StartTimecode',
  );
  const embedded = input({
    info: { ...input().info, timecode: '01:00:00:00' },
    settings: { InputClippings: [{ StartTimecode: '01:00:01:00' }] },
  });
  expect(thrown(() => buildTimeline([embedded])).message).toContain('Settings.Inputs[0].TimecodeSource');
});

test('job plan: AV1 without an AV1 encoder, and codec/container mismatches, are errors naming the path', () => {
  const timeline = buildTimeline([input()]);
  const env = {
    timeline,
    inputs: [input()],
    imageFiles: new Map(),
    ffmpegOptions: new Set(['fps_mode', 'stats_period']),
    ffprobePath: FFPROBE,
    outDirOf: (gi: number) => `/tmp/x${gi}`,
  };
  const group = (Container: string, Codec: string, Destination = 's3://out/x/') =>
    ({
      OutputGroupSettings: { Type: 'FILE_GROUP_SETTINGS', FileGroupSettings: { Destination } },
      Outputs: [{ ContainerSettings: { Container }, VideoDescription: { CodecSettings: { Codec } } }],
    }) as NonNullable<NonNullable<CreateJobCommandInput['Settings']>['OutputGroups']>[number];
  const av1 = thrown(() => planJob([group('MP4', 'AV1')], { ...env, encoders: new Set(['libx264']) }));
  expect(av1.code).toBe(1999);
  expect(av1.message).toMatch(
    /Settings\.OutputGroups\[0\]\.Outputs\[0\]\.VideoDescription\.CodecSettings\.Codec.*AV1 is unsupported in the local engine/,
  );
  const mismatch = thrown(() =>
    planJob([group('MP4', 'H_264'), group('WEBM', 'H_264')], { ...env, encoders: new Set() }),
  );
  expect(mismatch.message).toContain('Settings.OutputGroups[1].Outputs[0]');
  expect(mismatch.message).toContain('H_264 in WEBM');
  // Two groups, one ffmpeg command: the timeline is decoded once and split to both outputs.
  const plan = planJob([group('MP4', 'H_264'), group('MP4', 'H_264', 's3://out/y/clip')], {
    ...env,
    encoders: new Set(),
  });
  expect(plan.groups.map((g) => g.destination)).toEqual([
    { bucket: 'out', dirKey: 'x/', base: 'movie' },
    { bucket: 'out', dirKey: 'y/', base: 'clip' },
  ]);
  expect(plan.args.filter((a) => a === '-i')).toHaveLength(1);
  expect(plan.args).toContain('/tmp/x0/movie.mp4');
  expect(plan.args).toContain('/tmp/x1/clip.mp4');
  expect(plan.args[plan.args.indexOf('-filter_complex') + 1]).toContain('[tlv]split=2[g0v0][g1v0]');
});

test('frame capture keeps every selected frame with -fps_mode on ffmpeg 5.1+, -vsync on 4.x', () => {
  const timeline = buildTimeline([input()]);
  const groups = frameCaptureJob('s3://in/a.mp4').Settings!.OutputGroups!;
  const env = (options: string[]) => ({
    timeline,
    inputs: [input()],
    imageFiles: new Map(),
    encoders: new Set(['libx264', 'aac', 'mjpeg']),
    ffmpegOptions: new Set(options),
    ffprobePath: FFPROBE,
    outDirOf: (gi: number) => `/tmp/x${gi}`,
  });
  const modern = planJob(groups, env(['fps_mode', 'stats_period'])).args;
  expect(modern[modern.indexOf('-fps_mode') + 1]).toBe('passthrough');
  expect(modern).not.toContain('-vsync');
  const old = planJob(groups, env(['vsync'])).args;
  expect(old[old.indexOf('-vsync') + 1]).toBe('passthrough');
  expect(old).not.toContain('-fps_mode');
});

test('event envelope: EventBridge shape, job ARN, whole-second time, progress below 100 while transcoding', () => {
  const e = jobStateEvent(
    { jobId: '1-abc', region: 'us-west-2', accountId: '123', queue: 'q', userMetadata: { a: 'b' } },
    'STATUS_UPDATE',
    { jobProgress: transcodingProgress(100) },
    new Date('2026-01-02T03:04:05.678Z'),
  );
  expect(e).toMatchObject({
    version: '0',
    'detail-type': 'MediaConvert Job State Change',
    source: 'aws.mediaconvert',
    account: '123',
    time: '2026-01-02T03:04:05Z',
    region: 'us-west-2',
    resources: ['arn:aws:mediaconvert:us-west-2:123:jobs/1-abc'],
    detail: { timestamp: 1767323045678, jobId: '1-abc', status: 'STATUS_UPDATE', userMetadata: { a: 'b' } },
  });
  expect(e.detail.jobProgress).toMatchObject({ jobPercentComplete: 99, currentPhase: 'TRANSCODING' });
});

test('failure messages name the s3:// object, never the scratch path', () => {
  const jobDir = '/data/work/1-abc';
  const names = new Map([
    [`${jobDir}/input-1.mp4`, 's3://in/a.mp4'],
    [`${jobDir}/input-10.mp4`, 's3://in/b.mp4'],
  ]);
  const probe = withObjectNames(
    new EngineError(1010, `Unable to open input file [s3://in/b.mp4]: ${jobDir}/input-10.mp4: Invalid data`),
    names,
    jobDir,
  );
  expect(probe).toBeInstanceOf(EngineError);
  expect((probe as EngineError).code).toBe(1010);
  expect(probe.message).toBe('Unable to open input file [s3://in/b.mp4]: s3://in/b.mp4: Invalid data');
  const ffmpeg = withObjectNames(
    new Error(`ffmpeg failed: ${jobDir}/input-1.mp4 → ${jobDir}/group-0/out.mp4: No space left`),
    names,
    jobDir,
  );
  expect(ffmpeg.message).toBe('ffmpeg failed: s3://in/a.mp4 → group-0/out.mp4: No space left');
  expect(ffmpeg.message).not.toContain('/data/work');
});

test("image inserter: a blank Width or Height is the image's own, as in MediaConvert (not its aspect ratio)", () => {
  const scaleOf = (size: { Width?: number; Height?: number }) => {
    const { filters } = imageOverlayFilters(
      [{ ImageInserterInput: 's3://a/logo.png', ImageX: 0, ImageY: 0, ...size }],
      'P',
      'v',
      new Map([['s3://a/logo.png', '/tmp/logo.png']]),
      { add: () => 1 },
      { fps: 25, duration: 2 },
    );
    return /scale=([^,]+)/.exec(filters[0]!)?.[1];
  };
  expect(scaleOf({ Width: 100 })).toBe('100:ih');
  expect(scaleOf({ Height: 40 })).toBe('iw:40');
  expect(scaleOf({ Width: 100, Height: 50 })).toBe('100:50');
  expect(scaleOf({})).toBeUndefined();
});
