/**
 * engine-vs-ffmpeg: the CreateJob that the job builder produces for preset 100030 (MP4 720p) run
 * through the local engine (LocalMediaConvert over a directory-backed ObjectIO) vs ffmpeg run bare,
 * alternating, on a generated 10 s 720p clip. Two bare references:
 * - "equivalent": the plain command a person would type for the job's settings (`-vf scale`,
 *   libx264 at the job's bitrate/GOP with the engine's x264 preset/profile, AAC at the job's
 *   bitrate/rate) — engine/equivalent is the headline ratio, goal ≤ 1.10;
 * - "same command": the exact ffmpeg command line the engine ran (captured through a shim), so
 *   engine/same is the orchestration overhead alone (copy in, ffprobe, planning, copy out, events)
 *   and same/equivalent the cost of the engine's filter graph (timeline concat, pad, resample).
 */
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { CreateJobCommandInput } from '@aws-sdk/client-mediaconvert';
import type { Template } from '../../lambdas/core/model';
import { DirObjectIO } from '../lib/dir-object-io';
import { FFMPEG, FFPROBE, generateClip, requireFfmpeg } from '../lib/media';
import { run, runOk } from '../lib/spawn';
import { median, timeMs } from '../lib/stats';
import { type BenchContext, type Row, rowsFor, SkipError, type Suite } from '../lib/types';

const PRESET = 100030;

/** The CreateJob input of a one-item transcode task for s3://in/clip.mp4 (builder from lambdas/core). */
export async function createJobFor(
  templateId: number,
  input: { bucket: string; key: string },
  output: { bucket: string; directory: string },
  sourceFile: string,
): Promise<CreateJobCommandInput> {
  const { getPreset } = await import('../../lambdas/core/templates');
  const { buildCreateJob, requiredSourceInfo } = await import('../../lambdas/core/mediaconvert');
  const { createTask } = await import('../../lambdas/core/tasks');
  const template = getPreset(templateId);
  if (!template) throw new SkipError(`preset ${templateId} does not exist`);
  const templates = new Map<number, Template>([[templateId, template]]);
  const task = createTask({
    origin: 'api',
    input,
    output,
    items: { transcode: [{ templateId }] },
    idempotencyKey: `bench-${templateId}`,
    now: new Date().toISOString(),
  });
  const subtask = task.subtasks[0]!;
  const needed = requiredSourceInfo(subtask, templates);
  const source = needed.length > 0 ? await ffprobeInfo(sourceFile) : {};
  return buildCreateJob({
    task,
    subtask,
    templates,
    source,
    roleArn: 'arn:aws:iam::123456789012:role/mps-mediaconvert',
    stackId: 'mps-bench',
    workBucket: 'work',
  });
}

async function ffprobeInfo(file: string) {
  const r = await runOk(FFPROBE, [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=width,height,r_frame_rate:format=duration',
    '-of',
    'json',
    file,
  ]);
  const j = JSON.parse(r.stdout) as {
    streams: { width: number; height: number; r_frame_rate: string }[];
    format: { duration: string };
  };
  const [num, den] = j.streams[0]!.r_frame_rate.split('/').map(Number);
  return {
    width: j.streams[0]!.width,
    height: j.streams[0]!.height,
    durationSeconds: Number(j.format.duration),
    frameRate: num! / (den || 1),
  };
}

/**
 * The plain ffmpeg command a person would write for the job's settings (size, bitrate, GOP, audio),
 * with the x264 speed preset/profile the engine chose (taken from its command) so that both do the
 * same encoding work.
 */
function handWrittenArgs(job: CreateJobCommandInput, src: string, out: string, x264: string[]): string[] {
  const o = job.Settings!.OutputGroups![0]!.Outputs![0]!;
  const vd = o.VideoDescription!;
  const h264 = vd.CodecSettings?.H264Settings ?? {};
  const aac = o.AudioDescriptions?.[0]?.CodecSettings?.AacSettings ?? {};
  const w = vd.Width ?? -2;
  const h = vd.Height ?? -2;
  const args = [
    '-hide_banner',
    '-loglevel',
    'error',
    '-nostdin',
    '-y',
    '-i',
    src,
    '-vf',
    `scale=${w}:${h}`,
    '-c:v',
    'libx264',
    ...x264,
    '-pix_fmt',
    'yuv420p',
  ];
  if (h264.Bitrate) args.push('-b:v', String(h264.Bitrate));
  if (h264.MaxBitrate)
    args.push('-maxrate', String(h264.MaxBitrate), '-bufsize', String(2 * h264.MaxBitrate));
  if (h264.GopSize)
    args.push('-g', String(h264.GopSizeUnits === 'SECONDS' ? Math.round(h264.GopSize * 25) : h264.GopSize));
  args.push(
    '-c:a',
    'aac',
    '-b:a',
    String(aac.Bitrate ?? 128000),
    '-ar',
    String(aac.SampleRate ?? 48000),
    '-ac',
    '2',
  );
  args.push('-movflags', '+faststart', out);
  return args;
}

export const engineVsFfmpeg: Suite = {
  name: 'engine-vs-ffmpeg',
  description: `preset ${PRESET} CreateJob through the local engine vs bare ffmpeg on a 10 s 720p clip (goal ≤ 1.10)`,
  async run(ctx: BenchContext): Promise<Row[]> {
    const row = rowsFor('engine-vs-ffmpeg');
    requireFfmpeg();
    let engineMod: typeof import('../../local/engine');
    try {
      engineMod = await import('../../local/engine');
    } catch (err) {
      throw new SkipError(`local/engine cannot be loaded: ${(err as Error).message.split('\n')[0]}`);
    }
    const io = new DirObjectIO(path.join(ctx.tmpDir, 'buckets'));
    const src = io.fileOf('in', 'clip.mp4');
    await mkdir(path.dirname(src), { recursive: true });
    const seconds = ctx.quick ? 4 : 10;
    await generateClip(src, { seconds, width: 1280, height: 720, fps: 25 });
    const job = await createJobFor(
      PRESET,
      { bucket: 'in', key: 'clip.mp4' },
      { bucket: 'out', directory: 'out/' },
      src,
    );

    // ffmpeg behind a recording shim for one untimed run: the engine's exact command line.
    const argsFile = path.join(ctx.tmpDir, 'ffmpeg-args');
    const shim = path.join(ctx.tmpDir, 'ffmpeg-shim.sh');
    writeFileSync(
      shim,
      `#!/bin/sh\ncase "$*" in *-encoders*) ;; *) printf '%s\\0' "$@" > '${argsFile}' ;; esac\nexec '${FFMPEG}' "$@"\n`,
    );
    chmodSync(shim, 0o755);

    const workDir = path.join(ctx.tmpDir, 'work');
    type End = { status: string; detail: unknown };
    /** One engine per ffmpeg path, kept for all its runs (as in the runtime: encoder list cached). */
    const engines = new Map<string, InstanceType<typeof engineMod.LocalMediaConvert>>();
    const waiters = new Map<string, (end: End) => void>();
    const ends = new Map<string, End>();
    const onEvent = (e: { detail: { jobId: string; status: string } }) => {
      const { jobId, status } = e.detail;
      if (status !== 'COMPLETE' && status !== 'ERROR' && status !== 'CANCELED') return;
      const waiter = waiters.get(jobId);
      if (waiter) waiter({ status, detail: e.detail });
      else ends.set(jobId, { status, detail: e.detail });
    };
    const engineFor = (ffmpegPath: string) => {
      let engine = engines.get(ffmpegPath);
      if (!engine) {
        engine = new engineMod.LocalMediaConvert({
          io,
          workDir,
          concurrency: 1,
          ffmpegPath,
          ffprobePath: FFPROBE,
          onEvent,
        });
        engines.set(ffmpegPath, engine);
      }
      return engine;
    };
    const runEngine = async (ffmpegPath: string): Promise<number> => {
      await rm(io.fileOf('out', 'out'), { recursive: true, force: true });
      return timeMs(async () => {
        // A fresh token per run: a repeated one gets the job it already created, as in MediaConvert.
        const { jobId } = await engineFor(ffmpegPath).createJob({ ...job, ClientRequestToken: randomUUID() });
        const end = ends.get(jobId) ?? (await new Promise<End>((resolve) => waiters.set(jobId, resolve)));
        if (end.status !== 'COMPLETE') {
          throw new Error(
            `the engine's job ended ${end.status}: ${JSON.stringify(end.detail).slice(0, 400)}`,
          );
        }
      });
    };

    try {
      return await measure();
    } finally {
      for (const engine of engines.values()) await engine.shutdown();
    }

    async function measure(): Promise<Row[]> {
      await runEngine(shim);
      if (!existsSync(argsFile)) throw new Error('the engine ran no ffmpeg transcode (no command captured)');
      const captured = readFileSync(argsFile, 'utf8').split('\0').slice(0, -1);
      // Replay in a directory of its own: the job dir (<workDir>/<jobId>/) is gone after the job.
      const jobDir = captured
        .map((a) => new RegExp(`^(${workDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/[^/]+)/`).exec(a)?.[1])
        .find(Boolean);
      if (!jobDir)
        throw new Error(
          `cannot find the job directory in the captured ffmpeg command: ${captured.join(' ')}`,
        );
      const bareDir = path.join(ctx.tmpDir, 'bare');
      const bareArgs = captured.map((a) => a.split(jobDir).join(bareDir));
      const inputs = captured.filter((a) => a.startsWith(`${jobDir}/input-`));
      const prepareBare = async () => {
        await rm(bareDir, { recursive: true, force: true });
        await mkdir(bareDir, { recursive: true });
        for (const d of new Set(
          bareArgs.filter((a) => a.startsWith(bareDir + '/')).map((a) => path.dirname(a)),
        )) {
          await mkdir(d, { recursive: true });
        }
        // The engine's inputs are copies of the source; link them (not timed either way).
        for (const i of inputs)
          await runOk('/bin/cp', ['--reflink=auto', src, i.split(jobDir).join(bareDir)]);
      };
      const handOut = path.join(ctx.tmpDir, 'hand.mp4');
      const optionOf = (name: string) =>
        captured.includes(name) ? [name, captured[captured.indexOf(name) + 1]!] : [];
      const x264 = [...optionOf('-preset'), ...optionOf('-profile:v')];
      const handArgs = handWrittenArgs(job, src, handOut, x264);

      const runs = ctx.quick ? 1 : 3;
      const engineMs: number[] = [];
      const bareMs: number[] = [];
      const handMs: number[] = [];
      // Untimed: the timed engine's first job also lists ffmpeg's encoders (cached afterwards).
      await runEngine(FFMPEG);
      // Rotate the order each round so that no variant always runs first.
      const variants = [
        async () => engineMs.push(await runEngine(FFMPEG)),
        async () => {
          await prepareBare();
          const bare = await run(FFMPEG, bareArgs);
          if (bare.code !== 0) {
            throw new Error(`bare ffmpeg (engine's command) failed: ${bare.stderr.slice(-300)}`);
          }
          bareMs.push(bare.ms);
        },
        async () => {
          const hand = await run(FFMPEG, handArgs);
          if (hand.code !== 0) {
            throw new Error(`equivalent ffmpeg command failed: ${hand.stderr.slice(-300)}`);
          }
          handMs.push(hand.ms);
        },
      ];
      for (let i = 0; i < runs; i++) {
        ctx.log(`round ${i + 1}/${runs}`);
        for (let v = 0; v < variants.length; v++) await variants[(i + v) % variants.length]!();
      }
      const e = median(engineMs);
      const b = median(bareMs);
      const h = median(handMs);
      const outKey = job.Settings!.OutputGroups![0]!;
      const engineOut = io.fileOf('out', 'out');
      let outBytes: number | undefined;
      try {
        const { readdirSync } = await import('node:fs');
        const f = readdirSync(engineOut).find((n) => n.endsWith('.mp4'));
        outBytes = f ? statSync(path.join(engineOut, f)).size : undefined;
      } catch {
        outBytes = undefined;
      }
      const encoder = captured[captured.indexOf('-c:v') + 1] ?? captured[captured.indexOf('-codec:v') + 1];
      const presetArg = captured.includes('-preset') ? captured[captured.indexOf('-preset') + 1] : 'default';
      ctx.log(`engine's ffmpeg command: ffmpeg ${captured.join(' ')}`);
      ctx.log(`equivalent command: ffmpeg ${handArgs.join(' ')}`);
      return [
        row('clip', seconds, 's', `1280x720 25 fps testsrc2 + sine; ${outKey.OutputGroupSettings?.Type}`),
        row('engine (LocalMediaConvert)', e, 'ms', `median of ${runs}; createJob → COMPLETE event`),
        row(
          'bare ffmpeg, equivalent command',
          h,
          'ms',
          `median of ${runs}; ${encoder ?? '?'} -preset ${presetArg}`,
        ),
        row('engine / equivalent', e / h, 'x', 'goal ≤ 1.10'),
        row(
          'engine / equivalent, best runs',
          Math.min(...engineMs) / Math.min(...handMs),
          'x',
          'fastest of each: least disturbed by other load',
        ),
        row('bare ffmpeg, engine’s own command', b, 'ms', `median of ${runs}; captured, replayed`),
        row('engine / own command', e / b, 'x', 'orchestration only'),
        row('engine orchestration overhead', e - b, 'ms', 'copy in/out, ffprobe, planning, events'),
        row('own command / equivalent', b / h, 'x', 'engine filter graph vs plain -vf scale'),
        row('engine output size', outBytes, 'bytes', `equivalent: ${statSync(handOut).size} bytes`),
      ];
    }
  },
};
