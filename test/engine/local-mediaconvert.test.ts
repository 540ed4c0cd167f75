import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  BadRequestException,
  CancelJobCommand,
  CreateJobCommand,
  type CreateJobCommandInput,
  GetJobCommand,
  NotFoundException,
} from '@aws-sdk/client-mediaconvert';
import jpeg from 'jpeg-js';
import { type JobStateChangeEvent, LocalMediaConvert } from '../../local/engine';
import { BAD_REQUEST_CODE, MediaConvertJobSubmitter } from '../../lambdas/adapters/mediaconvert-submitter';
import { MpsError } from '../../lambdas/core/errors';
import { parseJobStateEvent } from '../../lambdas/core/mediaconvert';
import {
  captureSequenceId,
  captureSequencesOf,
  finalJobStateDetail,
} from '../../lambdas/core/mediaconvert/recovered-job-event';
import { validateCreateJob } from '../../local/engine/validation';
import { frameCaptureJob, gifJob, hlsJob, mp4Job, watermarkJob } from './jobs';
import { DirObjectIO, ffprobe, makeClip, makePng, run, streamOf } from './support';
import { FFMPEG, TOOL_ENV } from '../support/ffmpeg';

jest.setTimeout(30_000);

let dir: string;
let io: DirObjectIO;
let engine: LocalMediaConvert;
const events: JobStateChangeEvent[] = [];
const waiters = new Map<string, () => void>();
const TERMINAL = ['COMPLETE', 'ERROR', 'CANCELED'];

function onEvent(e: JobStateChangeEvent): void {
  events.push(e);
  if (TERMINAL.includes(e.detail.status)) waiters.get(e.detail.jobId)?.();
}

const eventsOf = (jobId: string) => events.filter((e) => e.detail.jobId === jobId);

function ended(jobId: string): Promise<JobStateChangeEvent[]> {
  if (eventsOf(jobId).some((e) => TERMINAL.includes(e.detail.status)))
    return Promise.resolve(eventsOf(jobId));
  return new Promise((resolve) => waiters.set(jobId, () => resolve(eventsOf(jobId))));
}

async function runJob(job: CreateJobCommandInput, on = engine) {
  const { jobId } = await on.createJob(job);
  const evs = await ended(jobId);
  return { jobId, events: evs, last: evs[evs.length - 1] };
}

const local = (uri: string) => {
  const m = /^s3:\/\/([^/]+)\/(.*)$/.exec(uri)!;
  return io.pathOf(m[1], m[2]);
};
const fps = (r?: string) => {
  const [n, d] = (r ?? '0/1').split('/').map(Number);
  return n / d;
};
const CLIP = 's3://in/sources/clip.mp4';
const LONG = 's3://in/sources/long.mp4';

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'engine-test-'));
  io = new DirObjectIO(path.join(dir, 's3'));
  await Promise.all([
    makeClip(path.join(dir, 'clip.mp4'), { seconds: 2, size: '320x180' }),
    makeClip(path.join(dir, 'long.mp4'), { seconds: 20, size: '160x90', audio: false }),
    makePng(path.join(dir, 'logo.png'), 'red', '50x20'),
    writeFile(path.join(dir, 'notes.mp4'), 'this is not a video\n'.repeat(50)),
  ]);
  await io.put('in', 'sources/clip.mp4', path.join(dir, 'clip.mp4'));
  await io.put('in', 'sources/long.mp4', path.join(dir, 'long.mp4'));
  await io.put('in', 'sources/notes.mp4', path.join(dir, 'notes.mp4'));
  await io.put('assets', 'brand/logo.png', path.join(dir, 'logo.png'));
  engine = new LocalMediaConvert({
    io,
    workDir: path.join(dir, 'work'),
    concurrency: 2,
    region: 'eu-west-1',
    accountId: '111122223333',
    statusUpdateIntervalMs: 0,
    onEvent,
  });
});

afterAll(async () => {
  await engine?.shutdown();
  await rm(dir, { recursive: true, force: true });
});

function expectLifecycle(evs: JobStateChangeEvent[], final: string): void {
  const statuses = evs.map((e) => e.detail.status);
  expect(statuses[0]).toBe('PROGRESSING');
  expect(statuses[statuses.length - 1]).toBe(final);
  expect(statuses.slice(1, -1).every((s) => s === 'STATUS_UPDATE')).toBe(true);
  const percents = evs
    .filter((e) => e.detail.status === 'STATUS_UPDATE')
    .map((e) => e.detail.jobProgress!.jobPercentComplete);
  percents.forEach((p, i) => i > 0 && expect(p).toBeGreaterThan(percents[i - 1]));
}

test('MP4 H.264 QVBR + AAC: EventBridge envelope, userMetadata, output probed', async () => {
  const job = mp4Job(CLIP);
  const { jobId, events: evs, last } = await runJob(job);
  expect(jobId).toMatch(/^\d{13}-[a-z0-9]{6}$/);
  expectLifecycle(evs, 'COMPLETE');
  expect(last).toMatchObject({
    version: '0',
    'detail-type': 'MediaConvert Job State Change',
    source: 'aws.mediaconvert',
    account: '111122223333',
    region: 'eu-west-1',
    resources: [`arn:aws:mediaconvert:eu-west-1:111122223333:jobs/${jobId}`],
    detail: {
      accountId: '111122223333',
      queue: 'arn:aws:mediaconvert:us-east-1:111122223333:queues/Default',
      jobId,
      status: 'COMPLETE',
      userMetadata: { project: 'demo', assetId: 'a-0001' },
    },
  });
  expect(last.id).toMatch(/^[0-9a-f-]{36}$/);
  expect(last.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const group = last.detail.outputGroupDetails![0];
  expect(group.type).toBe('FILE_GROUP');
  expect(group.outputDetails[0].outputFilePaths).toEqual(['s3://out/mp4/clip_1080p.mp4']);
  expect(group.outputDetails[0].videoDetails).toEqual({ widthInPx: 256, heightInPx: 144 });
  expect(group.outputDetails[0].durationInMs).toBeGreaterThan(1900);
  expect(group.outputDetails[0].durationInMs).toBeLessThan(2100);

  const p = await ffprobe(local('s3://out/mp4/clip_1080p.mp4'));
  expect(streamOf(p, 'video')).toMatchObject({ codec_name: 'h264', width: 256, height: 144 });
  expect(fps(streamOf(p, 'video')!.avg_frame_rate)).toBe(25);
  expect(streamOf(p, 'audio')).toMatchObject({ codec_name: 'aac', sample_rate: '48000', channels: 2 });
  expect(Number(p.format.duration)).toBeCloseTo(2, 1);
  expect(io.puts.find((x) => x.key === 'mp4/clip_1080p.mp4')?.contentType).toBe('video/mp4');
});

test('clipped input: PROGRESSING → rising STATUS_UPDATEs → COMPLETE, output as long as the clip', async () => {
  const job: CreateJobCommandInput = {
    Role: 'arn:aws:iam::111122223333:role/MediaConvertRole',
    UserMetadata: { mpsTaskId: 't-1' },
    Settings: {
      Inputs: [
        {
          FileInput: LONG,
          TimecodeSource: 'ZEROBASED',
          VideoSelector: {},
          InputClippings: [{ StartTimecode: '00:00:02:00', EndTimecode: '00:00:09:24' }],
        },
      ],
      OutputGroups: [
        {
          OutputGroupSettings: {
            Type: 'FILE_GROUP_SETTINGS',
            FileGroupSettings: { Destination: 's3://out/long/' },
          },
          Outputs: [
            {
              ContainerSettings: { Container: 'MOV' },
              VideoDescription: {
                Width: 320,
                CodecSettings: {
                  Codec: 'H_264',
                  H264Settings: {
                    RateControlMode: 'CBR',
                    Bitrate: 400000,
                    GopSize: 12,
                    GopSizeUnits: 'FRAMES',
                  },
                },
              },
            },
          ],
        },
      ],
    },
  };
  const { events: evs, last } = await runJob(job);
  expectLifecycle(evs, 'COMPLETE');
  const updates = evs.filter((e) => e.detail.status === 'STATUS_UPDATE');
  expect(updates.length).toBeGreaterThan(0);
  expect(updates[0].detail.jobProgress).toMatchObject({ currentPhase: 'TRANSCODING' });
  expect(updates[0].detail.userMetadata).toEqual({ mpsTaskId: 't-1' });
  expect(last.detail.outputGroupDetails![0].outputDetails[0].outputFilePaths).toEqual([
    's3://out/long/long.mov',
  ]);
  const p = await ffprobe(local('s3://out/long/long.mov'));
  expect(streamOf(p, 'video')).toMatchObject({ codec_name: 'h264', width: 320, height: 180 });
  expect(streamOf(p, 'audio')).toBeUndefined();
  expect(Number(p.format.duration)).toBeCloseTo(8, 1);
});

test('HLS with two renditions (GOP AUTO): variant playlists, segments, master playlist with CODECS', async () => {
  const job = hlsJob(CLIP);
  const { events: evs, last } = await runJob(job);
  expectLifecycle(evs, 'COMPLETE');
  const group = last.detail.outputGroupDetails![0];
  expect(group.type).toBe('HLS_GROUP');
  expect(group.playlistFilePaths).toEqual(['s3://out/hls/feature/index.m3u8']);
  expect(group.outputDetails.map((o) => o.outputFilePaths[0])).toEqual([
    's3://out/hls/feature/index_1080p.m3u8',
    's3://out/hls/feature/index_720p.m3u8',
  ]);
  expect(group.outputDetails.map((o) => o.videoDetails)).toEqual([
    { widthInPx: 320, heightInPx: 180 },
    { widthInPx: 160, heightInPx: 90 },
  ]);

  const master = await readFile(local('s3://out/hls/feature/index.m3u8'), 'utf8');
  const infs = [...master.matchAll(/#EXT-X-STREAM-INF:(.*)\n(.*)/g)];
  expect(infs.map((m) => m[2])).toEqual(['index_1080p.m3u8', 'index_720p.m3u8']);
  expect(infs[0][1]).toContain('RESOLUTION=320x180');
  expect(infs[1][1]).toContain('RESOLUTION=160x90');
  for (const m of infs) {
    expect(Number(/BANDWIDTH=(\d+)/.exec(m[1])![1])).toBeGreaterThan(10_000);
    expect(m[1]).toMatch(/CODECS="avc1\.64[0-9a-f]{4},mp4a\.40\.2"/);
  }

  for (const [name, width] of [
    ['index_1080p', 320],
    ['index_720p', 160],
  ] as const) {
    const variant = await readFile(local(`s3://out/hls/feature/${name}.m3u8`), 'utf8');
    const segments = variant.split('\n').filter((l) => l.endsWith('.ts'));
    expect(segments).toEqual([`${name}_00001.ts`, `${name}_00002.ts`]);
    const p = await ffprobe(local(`s3://out/hls/feature/${segments[0]}`));
    expect(streamOf(p, 'video')).toMatchObject({ codec_name: 'h264', width });
    expect(streamOf(p, 'audio')).toMatchObject({ codec_name: 'aac' });
  }
  // The master playlist is written last.
  const hlsPuts = io.puts.filter((x) => x.key.startsWith('hls/feature/'));
  expect(hlsPuts[hlsPuts.length - 1].key).toBe('hls/feature/index.m3u8');
});

test('frame capture: JPEGs named <dest><modifier>.NNNNNNN.jpg at the capture rate, with the MP4 of its job', async () => {
  const job = frameCaptureJob(CLIP);
  const { last } = await runJob(job);
  expect(last.detail.status).toBe('COMPLETE');
  const files = (await readdir(path.dirname(local('s3://out/thumbs/talk')))).sort();
  expect(files).toEqual(['talk_thumb.0000000.jpg', 'talk_thumb.0000001.jpg']);
  expect(last.detail.outputGroupDetails![0].outputDetails[0].outputFilePaths).toEqual([
    's3://out/thumbs/talk_thumb.0000001.jpg',
  ]);
  const p = await ffprobe(local('s3://out/thumbs/talk_thumb.0000001.jpg'));
  expect(streamOf(p, 'video')).toMatchObject({ codec_name: 'mjpeg', width: 160, height: 90 });
});

/** Average RGB of a region of the frame at `t` seconds. */
async function regionRgb(file: string, t: number, crop: string): Promise<number[]> {
  const { stdout } = await run(
    FFMPEG,
    [
      '-v',
      'error',
      '-ss',
      String(t),
      '-i',
      file,
      '-frames:v',
      '1',
      '-vf',
      `crop=${crop},scale=1:1:flags=area`,
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      'pipe:1',
    ],
    { env: TOOL_ENV, encoding: 'buffer' },
  );
  return [...(stdout as Buffer).subarray(0, 3)];
}

test('image inserter watermark: blended at the right place and time only', async () => {
  const job = watermarkJob(CLIP, 's3://assets/brand/logo.png');
  const { last } = await runJob(job);
  expect(last.detail.status).toBe('COMPLETE');
  const out = local('s3://out/watermarked/clip_wm.mp4');
  const p = await ffprobe(out);
  expect(fps(streamOf(p, 'video')!.avg_frame_rate)).toBeCloseTo(29.97, 2);
  const region = '100:40:200:40';
  const src = path.join(dir, 'clip.mp4');
  for (const t of [1.1, 0.3, 1.9]) {
    const [o, s] = await Promise.all([regionRgb(out, t, region), regionRgb(src, t, region)]);
    const expected = t === 1.1 ? s.map((c, i) => 0.6 * [255, 0, 0][i] + 0.4 * c) : s;
    o.forEach((c, i) => expect(Math.abs(c - expected[i])).toBeLessThan(25));
    if (t === 1.1) expect(Math.max(...s.map((c, i) => Math.abs(c - expected[i])))).toBeGreaterThan(50);
  }
  // Outside the image's rectangle nothing changes.
  const [o, s] = await Promise.all([
    regionRgb(out, 1.1, '60:40:20:120'),
    regionRgb(src, 1.1, '60:40:20:120'),
  ]);
  o.forEach((c, i) => expect(Math.abs(c - s[i])).toBeLessThan(25));
});

test('animated GIF: clipped, Width only keeps the aspect ratio, frame rate honoured', async () => {
  const job = gifJob(CLIP);
  const { last } = await runJob(job);
  expect(last.detail.status).toBe('COMPLETE');
  expect(last.detail.outputGroupDetails![0].outputDetails[0].outputFilePaths).toEqual([
    's3://out/gif/clip_preview.gif',
  ]);
  const p = await ffprobe(local('s3://out/gif/clip_preview.gif'), true);
  expect(streamOf(p, 'video')).toMatchObject({
    codec_name: 'gif',
    width: 160,
    height: 90,
    nb_read_frames: '10',
  });
  expect(Number(p.format.duration)).toBeCloseTo(1, 1);
});

function meanAbsDiff(a: Buffer, b: Buffer): number {
  const x = jpeg.decode(a, { useTArray: true });
  const y = jpeg.decode(b, { useTArray: true });
  expect([x.width, x.height]).toEqual([y.width, y.height]);
  let sum = 0;
  for (let i = 0; i < x.data.length; i++) sum += Math.abs(x.data[i] - y.data[i]);
  return sum / x.data.length;
}

test('time-offset snapshots: one clipped input per offset + 1 fps FRAME_CAPTURE land on the offsets', async () => {
  const offsets = [
    ['00:00:00:05', '00:00:01:04'], // 0.2 s, 1 s long
    ['00:00:01:10', '00:00:01:24'], // 1.4 s, 0.6 s long
    ['00:00:00:00', '00:00:00:24'], // beyond MaxCaptures
  ];
  const job: CreateJobCommandInput = {
    Role: 'arn:aws:iam::111122223333:role/MediaConvertRole',
    Settings: {
      Inputs: offsets.map(([s, e]) => ({
        FileInput: CLIP,
        TimecodeSource: 'ZEROBASED',
        VideoSelector: {},
        InputClippings: [{ StartTimecode: s, EndTimecode: e }],
      })),
      OutputGroups: [
        {
          OutputGroupSettings: {
            Type: 'FILE_GROUP_SETTINGS',
            FileGroupSettings: { Destination: 's3://out/snap/clip' },
          },
          Outputs: [
            {
              NameModifier: '_snapshot',
              Extension: 'jpg',
              ContainerSettings: { Container: 'RAW' },
              VideoDescription: {
                CodecSettings: {
                  Codec: 'FRAME_CAPTURE',
                  FrameCaptureSettings: {
                    FramerateNumerator: 1,
                    FramerateDenominator: 1,
                    MaxCaptures: 2,
                    Quality: 100,
                  },
                },
              },
            },
          ],
        },
        // MediaConvert runs frame captures only in jobs with a regular video output.
        {
          OutputGroupSettings: {
            Type: 'FILE_GROUP_SETTINGS',
            FileGroupSettings: { Destination: 's3://work/snap/companion' },
          },
          Outputs: [
            {
              ContainerSettings: { Container: 'MP4' },
              VideoDescription: {
                Width: 192,
                CodecSettings: { Codec: 'H_264', H264Settings: { RateControlMode: 'VBR', Bitrate: 64000 } },
              },
            },
          ],
        },
      ],
    },
  };
  const { last } = await runJob(job);
  expect(last.detail.status).toBe('COMPLETE');
  const files = (await readdir(path.dirname(local('s3://out/snap/clip')))).sort();
  expect(files).toEqual(['clip_snapshot.0000000.jpg', 'clip_snapshot.0000001.jpg']);
  const ref = async (t: number) => {
    const file = path.join(dir, `ref-${t}.jpg`);
    await run(
      FFMPEG,
      [
        '-v',
        'error',
        '-y',
        '-ss',
        String(t),
        '-i',
        path.join(dir, 'clip.mp4'),
        '-frames:v',
        '1',
        '-q:v',
        '2',
        file,
      ],
      { env: TOOL_ENV },
    );
    return readFile(file);
  };
  const [r02, r06, r14, r18] = await Promise.all([ref(0.2), ref(0.6), ref(1.4), ref(1.8)]);
  const shot0 = await readFile(local('s3://out/snap/clip_snapshot.0000000.jpg'));
  const shot1 = await readFile(local('s3://out/snap/clip_snapshot.0000001.jpg'));
  expect(meanAbsDiff(shot0, r02)).toBeLessThan(3);
  expect(meanAbsDiff(shot0, r06)).toBeGreaterThan(meanAbsDiff(shot0, r02) + 2);
  expect(meanAbsDiff(shot1, r14)).toBeLessThan(3);
  expect(meanAbsDiff(shot1, r18)).toBeGreaterThan(meanAbsDiff(shot1, r14) + 2);
});

test('VP9 + Opus in WEBM, and AV1 + AAC in MP4; Opus in MP4 is refused as MediaConvert documents no such output', async () => {
  const output = (container: 'WEBM' | 'MP4', codec: 'VP9' | 'AV1') => ({
    NameModifier: `_${codec.toLowerCase()}`,
    ContainerSettings: { Container: container },
    VideoDescription: {
      Width: 160,
      CodecSettings:
        codec === 'VP9'
          ? { Codec: codec, Vp9Settings: { RateControlMode: 'VBR' as const, Bitrate: 300000 } }
          : {
              Codec: codec,
              Av1Settings: {
                RateControlMode: 'QVBR' as const,
                MaxBitrate: 500000,
                QvbrSettings: { QvbrQualityLevel: 6 },
              },
            },
    },
    AudioDescriptions: [
      {
        AudioSourceName: 'Audio Selector 1',
        CodecSettings:
          container === 'WEBM'
            ? { Codec: 'OPUS' as const, OpusSettings: { Bitrate: 64000, Channels: 1, SampleRate: 48000 } }
            : {
                Codec: 'AAC' as const,
                AacSettings: {
                  Bitrate: 64000,
                  CodingMode: 'CODING_MODE_1_0' as const,
                  SampleRate: 48000,
                  RateControlMode: 'CBR' as const,
                },
              },
      },
    ],
  });
  const job: CreateJobCommandInput = {
    Role: 'arn:aws:iam::111122223333:role/MediaConvertRole',
    Settings: {
      Inputs: [{ FileInput: CLIP, AudioSelectors: { 'Audio Selector 1': { DefaultSelection: 'DEFAULT' } } }],
      OutputGroups: [
        {
          OutputGroupSettings: {
            Type: 'FILE_GROUP_SETTINGS',
            FileGroupSettings: { Destination: 's3://out/web/' },
          },
          Outputs: [output('WEBM', 'VP9'), output('MP4', 'AV1')],
        },
      ],
    },
  };
  const { last } = await runJob(job);
  expect(last.detail.status).toBe('COMPLETE');
  const [webm, mp4] = await Promise.all([
    ffprobe(local('s3://out/web/clip_vp9.webm')),
    ffprobe(local('s3://out/web/clip_av1.mp4')),
  ]);
  expect(webm.format.format_name).toContain('webm');
  expect(streamOf(webm, 'video')).toMatchObject({ codec_name: 'vp9', width: 160, height: 90 });
  expect(streamOf(webm, 'audio')).toMatchObject({ codec_name: 'opus', channels: 1 });
  expect(Number(webm.format.duration)).toBeCloseTo(2, 1);
  expect(streamOf(mp4, 'video')).toMatchObject({ codec_name: 'av1', width: 160, height: 90 });
  expect(streamOf(mp4, 'audio')).toMatchObject({ codec_name: 'aac', channels: 1 });
  const opusInMp4 = structuredClone(job);
  opusInMp4.Settings!.OutputGroups![0]!.Outputs![1]!.AudioDescriptions = output(
    'WEBM',
    'VP9',
  ).AudioDescriptions;
  const refused = await runJob(opusInMp4);
  expect(refused.last.detail).toMatchObject({ status: 'ERROR', errorCode: 1999 });
  expect(refused.last.detail.errorMessage).toContain('OPUS in MP4 (allowed: AAC)');
});

const simpleJob = (fileInput: string, vd: Record<string, unknown> = {}): CreateJobCommandInput => ({
  Role: 'arn:aws:iam::111122223333:role/MediaConvertRole',
  UserMetadata: { mpsSubtaskNo: '1' },
  Settings: {
    Inputs: [{ FileInput: fileInput, VideoSelector: {} }],
    OutputGroups: [
      {
        OutputGroupSettings: {
          Type: 'FILE_GROUP_SETTINGS',
          FileGroupSettings: { Destination: 's3://out/bad/' },
        },
        Outputs: [
          {
            ContainerSettings: { Container: 'MP4' },
            VideoDescription: {
              Width: 160,
              CodecSettings: {
                Codec: 'H_264',
                H264Settings: { RateControlMode: 'QVBR', MaxBitrate: 500000 },
              },
              ...vd,
            },
          },
        ],
      },
    ],
  },
});

test('an invalid request is refused as MediaConvert does: 400 BadRequestException, no job, no event', async () => {
  const before = { jobs: engine.receivedJobs.length, events: events.length };
  const frameCaptureOnly = frameCaptureJob(CLIP);
  frameCaptureOnly.Settings!.OutputGroups!.pop(); // the MP4 that frame captures need
  const tooWide = mp4Job(CLIP);
  tooWide.Settings!.OutputGroups![0]!.Outputs![0]!.VideoDescription!.Width = 9000;
  for (const [job, path, reason] of [
    [frameCaptureOnly, '$.Settings.OutputGroups', 'frame-capture-needs-regular-output'],
    [tooWide, '$.Settings.OutputGroups[0].Outputs[0].VideoDescription.Width', '8192'],
  ] as const) {
    const err = await engine.createJob(job).then(
      () => undefined,
      (e: unknown) => e as BadRequestException,
    );
    expect(err).toBeInstanceOf(BadRequestException);
    expect(err!.$metadata.httpStatusCode).toBe(400);
    expect(err!.message).toContain(`${path}: `);
    expect(err!.message).toContain(reason);
  }
  expect(engine.receivedJobs.length).toBe(before.jobs);
  await new Promise((r) => setTimeout(r, 50));
  expect(events.length).toBe(before.events);
});

test('a repeated ClientRequestToken gets the job it already created, not a second one', async () => {
  const before = engine.receivedJobs.length;
  const job = { ...slowJob(), ClientRequestToken: 'token-abc' };
  const first = await engine.createJob(job);
  const again = await engine.createJob(job);
  expect(again.jobId).toBe(first.jobId);
  expect(engine.receivedJobs.length).toBe(before + 1);
  const other = await engine.createJob({ ...job, ClientRequestToken: 'token-def' });
  expect(other.jobId).not.toBe(first.jobId);
  await Promise.all([engine.cancelJob(first.jobId), engine.cancelJob(other.jobId)]);
  await Promise.all([ended(first.jobId), ended(other.jobId)]);
});

test('send() answers CreateJobCommand and CancelJobCommand like the SDK client', async () => {
  const created = await engine.send(new CreateJobCommand(slowJob()));
  const jobId = created.Job!.Id!;
  expect(jobId).toMatch(/^\d{13}-[a-z0-9]{6}$/);
  await engine.send(new CancelJobCommand({ Id: jobId }));
  const evs = await ended(jobId);
  expect(evs[evs.length - 1]!.detail.status).toBe('CANCELED');
  await expect(engine.send(new CreateJobCommand({ ...slowJob(), Role: undefined }))).rejects.toThrow(
    BadRequestException,
  );
});

test('behind the same JobSubmitter adapter as AWS, a refused request fails the subtask (MediaConvert.BadRequest)', async () => {
  const submitter = new MediaConvertJobSubmitter(engine);
  const invalid = mp4Job(CLIP);
  invalid.Settings!.OutputGroups![0]!.Outputs![0]!.AudioDescriptions![0]!.CodecSettings!.AacSettings!.Bitrate = 100000;
  const err = await submitter.createJob(invalid).then(
    () => undefined,
    (e: unknown) => e as MpsError,
  );
  expect(err).toBeInstanceOf(MpsError);
  expect(err!.code).toBe(BAD_REQUEST_CODE);
  expect(err!.message).toContain('aac-bitrate-values');
  const { jobId } = await submitter.createJob(mp4Job(CLIP));
  await submitter.cancelJob(jobId);
  await ended(jobId);
});

test('a non-media or missing input ends in ERROR 1010, never a crash', async () => {
  const [notMedia, missing] = await Promise.all([
    runJob(simpleJob('s3://in/sources/notes.mp4')),
    runJob(simpleJob('s3://in/sources/nothing-here.mp4')),
  ]);
  for (const { events: evs, last } of [notMedia, missing]) {
    expect(evs.map((e) => e.detail.status)).toEqual(['PROGRESSING', 'ERROR']);
    expect(last.detail.errorCode).toBe(1010);
    expect(last.detail.userMetadata).toEqual({ mpsSubtaskNo: '1' });
  }
  expect(notMedia.last.detail.errorMessage).toContain('s3://in/sources/notes.mp4');
  expect(missing.last.detail.errorMessage).toContain('s3://in/sources/nothing-here.mp4');
  expect(io.puts.some((x) => x.key.startsWith('bad/'))).toBe(false);
});

test('an unsupported setting ends in ERROR 1999 naming its path', async () => {
  const interlaced = simpleJob(CLIP, {
    CodecSettings: {
      Codec: 'H_264',
      H264Settings: { RateControlMode: 'QVBR', MaxBitrate: 500000, InterlaceMode: 'TOP_FIELD' },
    },
  });
  const rotated = simpleJob(CLIP);
  rotated.Settings!.Inputs![0].VideoSelector = { Rotate: 'DEGREES_90' };
  const [a, b] = await Promise.all([runJob(interlaced), runJob(rotated)]);
  expect(a.last.detail).toMatchObject({ status: 'ERROR', errorCode: 1999 });
  expect(a.last.detail.errorMessage).toContain(
    'Settings.OutputGroups[0].Outputs[0].VideoDescription.CodecSettings.H264Settings.InterlaceMode',
  );
  expect(a.last.detail.errorMessage).toContain('TOP_FIELD');
  expect(b.last.detail).toMatchObject({ status: 'ERROR', errorCode: 1999 });
  expect(b.last.detail.errorMessage).toContain('Settings.Inputs[0].VideoSelector.Rotate');
});

function ffmpegChildren(): string {
  const r = spawnSync('pgrep', ['-P', String(process.pid), 'ffmpeg'], { encoding: 'utf8' });
  return r.stdout.trim();
}

const slowJob = () =>
  simpleJob(LONG, {
    Width: 1280,
    Height: 720,
    CodecSettings: {
      Codec: 'H_265',
      H265Settings: { RateControlMode: 'QVBR', MaxBitrate: 2000000, QvbrSettings: { QvbrQualityLevel: 9 } },
    },
  });

async function firstStatusUpdate(jobId: string): Promise<void> {
  while (!eventsOf(jobId).some((e) => e.detail.status === 'STATUS_UPDATE')) {
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('cancelJob kills ffmpeg and emits CANCELED (running and queued jobs)', async () => {
  const { jobId } = await engine.createJob(slowJob());
  await firstStatusUpdate(jobId);
  expect(ffmpegChildren()).not.toBe('');
  await engine.cancelJob(jobId);
  const evs = await ended(jobId);
  expect(evs[evs.length - 1].detail.status).toBe('CANCELED');
  expect(evs.some((e) => e.detail.status === 'COMPLETE' || e.detail.status === 'ERROR')).toBe(false);
  expect(ffmpegChildren()).toBe('');
  expect(await readdir(path.join(dir, 'work'))).toEqual([]);

  const single = new LocalMediaConvert({ io, workDir: path.join(dir, 'work1'), concurrency: 1, onEvent });
  const first = await single.createJob(slowJob());
  const queued = await single.createJob(slowJob());
  await single.cancelJob(queued.jobId);
  expect(eventsOf(queued.jobId).map((e) => e.detail.status)).toEqual(['CANCELED']);
  await single.cancelJob(first.jobId);
  expect(
    eventsOf(first.jobId)
      .map((e) => e.detail.status)
      .pop(),
  ).toBe('CANCELED');
  await single.shutdown();
});

test('shutdown kills running ffmpeg and waits; no orphans', async () => {
  const other = new LocalMediaConvert({
    io,
    workDir: path.join(dir, 'work2'),
    concurrency: 1,
    onEvent,
    statusUpdateIntervalMs: 0,
  });
  const { jobId } = await other.createJob(slowJob());
  await firstStatusUpdate(jobId);
  await other.shutdown();
  expect(ffmpegChildren()).toBe('');
  expect(eventsOf(jobId).some((e) => TERMINAL.includes(e.detail.status))).toBe(false);
  await expect(other.createJob(slowJob())).rejects.toThrow(/shut down/);
});

test('every job the tests submitted passes the MediaConvert CreateJob validator', () => {
  expect(engine.receivedJobs.length).toBeGreaterThan(10);
  expect(engine.receivedJobs.map((job) => validateCreateJob(job))).toEqual(engine.receivedJobs.map(() => []));
});

test('GetJob reports a job like MediaConvert; the event rebuilt from it equals the one the engine sent', async () => {
  const meta = { mpsStackId: 'stack', mpsTaskId: 't-1', mpsSubtasks: '1.1' };
  for (const job of [frameCaptureJob(CLIP), hlsJob(CLIP)]) {
    const { jobId, last } = await runJob({ ...job, UserMetadata: meta });
    expect(last.detail.status).toBe('COMPLETE');
    const got = (await engine.send(new GetJobCommand({ Id: jobId }))).Job!;
    expect(got).toMatchObject({ Id: jobId, Status: 'COMPLETE', UserMetadata: meta });
    expect(got.OutputGroupDetails).toHaveLength(job.Settings!.OutputGroups!.length);
    // The frame count is what S3 holds (here: what the engine wrote).
    const lastCaptures = new Map<string, string>();
    for (const sequence of captureSequencesOf(got)) {
      const keys = io.puts
        .filter((p) => p.bucket === sequence.bucket && p.key.startsWith(`${sequence.stem}.`))
        .map((p) => p.key)
        .sort();
      lastCaptures.set(captureSequenceId(sequence), `s3://${sequence.bucket}/${keys[keys.length - 1]}`);
    }
    const rebuilt = finalJobStateDetail(got, lastCaptures)!;
    const time = '2026-03-01T10:00:00Z';
    const sent = parseJobStateEvent(last.detail, time)!;
    expect(sent.outputs!.length).toBeGreaterThan(0);
    expect(parseJobStateEvent(rebuilt, time)).toEqual(sent);
  }
});

test('GetJob follows a job from SUBMITTED to CANCELED; an unknown job is NotFoundException', async () => {
  const busy = await Promise.all([engine.createJob(slowJob()), engine.createJob(slowJob())]);
  const queued = await engine.createJob(slowJob()); // concurrency 2: this one waits
  expect((await engine.getJob(queued.jobId))?.Status).toBe('SUBMITTED');
  await engine.cancelJob(queued.jobId);
  await ended(queued.jobId);
  expect((await engine.getJob(queued.jobId))?.Status).toBe('CANCELED');
  await expect(engine.send(new GetJobCommand({ Id: 'no-such-job' }))).rejects.toThrow(NotFoundException);
  await Promise.all(busy.map(async ({ jobId }) => (await engine.cancelJob(jobId), await ended(jobId))));
});
