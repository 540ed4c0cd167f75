/**
 * An adaptive HLS ladder through the job builder and the local engine, with sampled snapshots and a
 * sprite riding along in the same MediaConvert job: the multivariant playlist carries BANDWIDTH,
 * RESOLUTION and CODECS, ffmpeg decodes it, and each subtask gets its own outputs.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { Task } from '../../lambdas/core/model';
import { sequenceKeys } from '../../lambdas/core/naming/output-paths';
import { ffprobe, generateClip, videoStream } from './media';
import { api, download, type E2eContext, startE2eRuntime, upload, waitFor } from './support';
import { FFMPEG, TOOL_ENV } from '../support/ffmpeg';

const run = promisify(execFile);
jest.setTimeout(180_000);

let ctx: E2eContext;
beforeAll(async () => {
  ctx = await startE2eRuntime();
});
afterAll(async () => {
  await ctx?.close();
});

/** Copies every object under `prefix` to `dir`, keeping the names after the prefix. */
async function mirror(bucket: string, prefix: string, dir: string): Promise<string[]> {
  const { rt } = ctx;
  const list = await rt.clients.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  const keys = (list.Contents ?? []).map((o) => o.Key!);
  mkdirSync(dir, { recursive: true });
  for (const key of keys) {
    const res = await rt.clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    writeFileSync(
      path.join(dir, key.slice(prefix.length)),
      Buffer.from(await res.Body!.transformToByteArray()),
    );
  }
  return keys;
}

it('runs a 360p–720p ladder with snapshots and a sprite in one job; the master playlist plays', async () => {
  const { rt } = ctx;
  const clip = path.join(ctx.tmp, 'clip.mp4');
  await generateClip(clip, { seconds: 8, width: 1280, height: 720 });
  await upload(rt, 'x/clip.mp4', readFileSync(clip));
  const before = rt.engine.receivedJobs.length;
  const created = await api<Task>(rt, 'POST', '/tasks', {
    input: { bucket: rt.resources.bucket, key: 'x/clip.mp4' },
    output: { directory: 'x-out/' },
    items: {
      adaptiveStreaming: [{ templateIds: [100210, 100220, 100230] }],
      sampleSnapshot: [{ templateId: 20 }],
      imageSprite: [{ templateId: 30 }],
    },
  });
  const task = await waitFor(
    'the ladder task to finish',
    async () => {
      const t = await api<Task>(rt, 'GET', `/tasks/${created.taskId}`);
      return t.status === 'FINISH' ? t : undefined;
    },
    150_000,
  );
  expect(task.subtasks.map((s) => [s.type, s.status, s.errorMessage])).toEqual([
    ['AdaptiveStreaming', 'SUCCESS', undefined],
    ['SampleSnapshot', 'SUCCESS', undefined],
    ['ImageSprite', 'SUCCESS', undefined],
  ]);
  // One MediaConvert job ran all three subtasks, with no companion output (the ladder hosts the frames).
  const jobs = rt.engine.receivedJobs.slice(before);
  expect(jobs).toHaveLength(1);
  expect(jobs[0]!.UserMetadata?.mpsSubtasks).toBe('1.1,2.1,3.1');
  expect(jobs[0]!.Settings!.OutputGroups!.map((g) => g.Name)).toEqual([
    'Apple HLS',
    'Frame Capture',
    'Frame Capture',
  ]);
  expect(
    jobs[0]!.Settings!.OutputGroups![0]!.Outputs![0]!.VideoDescription!.CodecSettings!.H264Settings!
      .GopSizeUnits,
  ).toBe('AUTO');
  const jobId = task.subtasks[0]!.jobId;
  for (const s of task.subtasks) expect(s).toMatchObject({ jobId, jobSubtasks: [1, 2, 3] });

  // The multivariant playlist: BANDWIDTH, RESOLUTION and CODECS per rendition, and ffmpeg decodes it.
  const prefix = 'x-out/clip_adaptive_100210/';
  const dir = path.join(ctx.tmp, 'hls');
  const keys = await mirror(rt.resources.bucket, prefix, dir);
  expect(keys).toContain(`${prefix}index.m3u8`);
  const master = readFileSync(path.join(dir, 'index.m3u8'), 'utf8');
  const variants = master.split('\n').filter((l) => l.startsWith('#EXT-X-STREAM-INF:'));
  expect(variants).toHaveLength(3);
  const resolutions = variants.map((v) => /RESOLUTION=(\d+x\d+)/.exec(v)?.[1]);
  expect(resolutions).toEqual(['640x360', '960x540', '1280x720']);
  for (const v of variants) {
    expect(Number(/[:,]BANDWIDTH=(\d+)/.exec(v)?.[1])).toBeGreaterThan(0);
    expect(v).toMatch(/CODECS="avc1\.64[0-9a-f]{4},mp4a\.40\.2"/);
  }
  const decoded = await run(
    FFMPEG,
    ['-v', 'error', '-i', path.join(dir, 'index.m3u8'), '-map', '0', '-f', 'null', '-'],
    { env: TOOL_ENV },
  );
  expect(decoded.stderr).toBe('');
  const variantProbe = await ffprobe(path.join(dir, 'index_100230.m3u8'));
  expect(videoStream(variantProbe)).toMatchObject({ codec_name: 'h264', width: 1280, height: 720 });
  expect(Number(variantProbe.format.duration)).toBeCloseTo(8, 0);

  // The sampled snapshots: one image every 10 % of the duration, as one sequence output.
  const [sample] = task.subtasks[1]!.outputs;
  expect(sample).toMatchObject({ kind: 'image', count: 10, key: 'x-out/clip_sample_20.0000000.jpg' });
  const last = await ffprobe(await download(ctx, sample!.bucket, sequenceKeys(sample!)[9]!));
  expect(videoStream(last)).toMatchObject({ codec_name: 'mjpeg', width: 1280, height: 720 });

  // The sprite: sheet + WebVTT, composed from frames the shared job captured.
  expect(task.subtasks[2]!.outputs.map((o) => [o.key, o.kind])).toEqual([
    ['x-out/clip_sprite_30.jpg', 'sprite'],
    ['x-out/clip_sprite_30.vtt', 'webvtt'],
  ]);
  // The captured frames are removed once the task records the sprite.
  const frames = await rt.clients.s3.send(
    new ListObjectsV2Command({ Bucket: rt.resources.bucket, Prefix: 'x-out/clip_sprite_30_frames/' }),
  );
  expect(frames.Contents ?? []).toEqual([]);
});
