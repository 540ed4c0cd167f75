/**
 * single-decode: a job with several outputs runs as one ffmpeg process that decodes its input once.
 * Two jobs, each through the local engine (LocalMediaConvert over a directory-backed ObjectIO) vs
 * hand-written ffmpeg commands, alternating, on a generated 10 s source: 1080p30 at 8 Mbps, like a phone
 * upload (the headline figures), and the 720p25 clip of engine-vs-ffmpeg (whose decode is cheaper, so
 * decoding once saves less):
 * - "mp4+frames+gif": the job the builder makes for a 720p MP4 (preset 100030) with sampled snapshots
 *   riding along (preset 20: one JPEG every 10 %), plus a 320 px 10 fps GIF group (preset 20000's
 *   output over the whole clip). References: one hand-written command making the three outputs from one
 *   decode (goal: engine ≤ 1.10×), and the three outputs as three separate commands, as the engine ran
 *   them before (goal: engine ≤ 0.70×).
 * - "hls-ladder": the builder's adaptive-streaming job for presets 100210–100240 (360p–1080p). Reference:
 *   one hand-written single-decode command with a var_stream_map (goal: engine ≤ 1.10×).
 * Hand-written commands use the encoder settings the engine uses (x264 -preset veryfast, the job's
 * bitrates and GOP), so the ratios measure decoding and orchestration, not encoder choices.
 */
import { mkdir, rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { CreateJobCommandInput } from '@aws-sdk/client-mediaconvert';
import type { ProcessingItems, Template } from '../../lambdas/core/model';
import { DirObjectIO } from '../lib/dir-object-io';
import { FFMPEG, FFPROBE, generateClip, requireFfmpeg } from '../lib/media';
import { runOk } from '../lib/spawn';
import { median, timeMs } from '../lib/stats';
import { type BenchContext, type Row, rowsFor, type Suite } from '../lib/types';

/** The sources: the first gives the headline figures. */
const SOURCES = [
  { label: '1080p source', width: 1920, height: 1080, fps: 30, bitrateKbps: 8000 },
  { label: '720p source', width: 1280, height: 720, fps: 25 },
] as const;
type Source = (typeof SOURCES)[number];
const X264 = ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-profile:v', 'high'];
const AAC = (kbps: number) => ['-c:a', 'aac', '-b:a', `${kbps}k`, '-ar', '48000', '-ac', '2'];
const QUIET = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'];

/** The jobs the builder makes for `items` on s3://in/clip.mp4 (probed facts of the generated clip). */
async function builderJobs(
  items: ProcessingItems,
  seconds: number,
  src: Source,
): Promise<CreateJobCommandInput[]> {
  const { PRESETS } = await import('../../lambdas/core/templates');
  const { buildTaskJobs } = await import('../../lambdas/core/mediaconvert');
  const { createTask } = await import('../../lambdas/core/tasks');
  const task = createTask({
    origin: 'api',
    input: { bucket: 'in', key: 'clip.mp4' },
    output: { bucket: 'out', directory: 'out/' },
    items,
    idempotencyKey: 'bench',
    now: new Date().toISOString(),
  });
  const { jobs, failures } = buildTaskJobs({
    task,
    subtasks: task.subtasks,
    templates: new Map<number, Template>(PRESETS.map((p) => [p.id, p])),
    source: { width: src.width, height: src.height, durationSeconds: seconds, frameRate: src.fps },
    settings: {
      roleArn: 'arn:aws:iam::123456789012:role/mps-mediaconvert',
      stackId: 'bench',
      workBucket: 'work',
    },
  });
  if (failures.length > 0) throw failures[0]!.error;
  return jobs.map((j) => j.request);
}

/** The MP4 + sampled snapshots job, with a GIF group of the whole clip added (one job, three outputs). */
async function mp4FramesGifJob(seconds: number, src: Source): Promise<CreateJobCommandInput> {
  const [job] = await builderJobs(
    { transcode: [{ templateId: 100030 }], sampleSnapshot: [{ templateId: 20 }] },
    seconds,
    src,
  );
  const { gifOutput } = await import('../../lambdas/core/mediaconvert/gif-job');
  const { fileGroup } = await import('../../lambdas/core/mediaconvert/transcode-job');
  const { getPreset } = await import('../../lambdas/core/templates');
  const gif = getPreset(20000);
  if (job === undefined || gif?.type !== 'animatedGraphics')
    throw new Error('presets 100030, 20 and 20000 are needed');
  job.Settings!.OutputGroups!.push(fileGroup('out', 'out/clip_gif_20000', gifOutput(gif), 'GIF'));
  return job;
}

/** Hand-written commands making the same three outputs (MP4 720p, a JPEG every 10 %, GIF 320 px). */
function mp4FramesGifCommands(src: string, dir: string, seconds: number, fps: number) {
  const period = seconds / 10;
  const mp4 = ['-map', '[v]', '-map', '0:a', ...X264, '-b:v', '1800k', '-g', String(2 * fps), ...AAC(128)];
  const mp4Out = [...mp4, '-movflags', '+faststart', path.join(dir, 'clip.mp4')];
  const jpegOut = [
    '-map',
    '[s]',
    '-fps_mode',
    'passthrough',
    '-c:v',
    'mjpeg',
    '-q:v',
    '7',
    '-frames:v',
    '10',
  ];
  const jpegFiles = [...jpegOut, '-f', 'image2', '-start_number', '0', path.join(dir, 'clip.%07d.jpg')];
  const gifOut = ['-map', '[g]', '-c:v', 'gif', '-loop', '0', path.join(dir, 'clip.gif')];
  const mp4Graph = '[0:v]scale=-2:720[v]';
  const jpegGraph = `[0:v]select='gte(t,${period}*selected_n-0.001)'[s]`;
  const gifGraph = '[0:v]fps=10,scale=320:-2,split[g1][g2];[g1]palettegen[p];[g2][p]paletteuse[g]';
  const one = [
    ...QUIET,
    '-i',
    src,
    '-filter_complex',
    '[0:v]split=3[a][b][c];' +
      `${mp4Graph.replace('[0:v]', '[a]')};${jpegGraph.replace('[0:v]', '[b]')};${gifGraph.replace('[0:v]', '[c]')}`,
    ...mp4Out,
    ...jpegFiles,
    ...gifOut,
  ];
  const separate = [
    [...QUIET, '-i', src, '-filter_complex', mp4Graph, ...mp4Out],
    [...QUIET, '-i', src, '-filter_complex', jpegGraph, ...jpegFiles],
    [...QUIET, '-i', src, '-filter_complex', gifGraph, ...gifOut],
  ];
  return { one, separate };
}

/** One hand-written single-decode command for the 360p–1080p ladder (one HLS muxer, var_stream_map). */
function ladderCommand(src: string, dir: string, fps: number): string[] {
  const rungs = [
    { h: 360, kbps: 400, audio: 64 },
    { h: 540, kbps: 1000, audio: 96 },
    { h: 720, kbps: 1800, audio: 128 },
    { h: 1080, kbps: 2500, audio: 128 },
  ];
  const graph =
    `[0:v]split=4${rungs.map((_, i) => `[s${i}]`).join('')};` +
    rungs.map((r, i) => `[s${i}]scale=-2:${r.h}[v${i}]`).join(';') +
    `;[0:a]asplit=4${rungs.map((_, i) => `[a${i}]`).join('')}`;
  const args = [...QUIET, '-i', src, '-filter_complex', graph];
  rungs.forEach((r, i) => {
    args.push('-map', `[v${i}]`, '-map', `[a${i}]`);
    args.push(`-b:v:${i}`, `${r.kbps}k`, `-b:a:${i}`, `${r.audio}k`);
  });
  args.push(...X264, '-g', String(2 * fps), '-force_key_frames', 'expr:gte(t,n_forced*6)');
  args.push('-c:a', 'aac', '-ar', '48000', '-ac', '2');
  args.push('-f', 'hls', '-hls_time', '6', '-hls_playlist_type', 'vod', '-hls_list_size', '0');
  args.push('-var_stream_map', rungs.map((r, i) => `v:${i},a:${i},name:_${r.h}`).join(' '));
  args.push('-master_pl_name', 'index.m3u8', '-hls_segment_filename', path.join(dir, 'index%v_%05d.ts'));
  args.push(path.join(dir, 'index%v.m3u8'));
  return args;
}

export const singleDecode: Suite = {
  name: 'single-decode',
  description:
    'jobs with several outputs (MP4+frames+GIF; 4-rendition HLS) through the engine vs hand-written ffmpeg (goals ≤ 1.10, ≤ 0.70)',
  async run(ctx: BenchContext): Promise<Row[]> {
    const row = rowsFor('single-decode');
    requireFfmpeg();
    const engineMod = await import('../../local/engine');
    const io = new DirObjectIO(path.join(ctx.tmpDir, 'buckets'));
    const clip = io.fileOf('in', 'clip.mp4');
    await mkdir(path.dirname(clip), { recursive: true });
    const seconds = ctx.quick ? 4 : 10;

    const ends = new Map<string, (status: string) => void>();
    const engine = new engineMod.LocalMediaConvert({
      io,
      workDir: path.join(ctx.tmpDir, 'work'),
      concurrency: 1,
      ffmpegPath: FFMPEG,
      ffprobePath: FFPROBE,
      onEvent: (e) => {
        if (['COMPLETE', 'ERROR', 'CANCELED'].includes(e.detail.status))
          ends.get(e.detail.jobId)?.(e.detail.status);
      },
    });
    const runEngine = (job: CreateJobCommandInput) =>
      timeMs(async () => {
        await rm(io.fileOf('out', 'out'), { recursive: true, force: true });
        // A fresh token per run: a repeated one gets the job it already created, as in MediaConvert.
        const { jobId } = await engine.createJob({ ...job, ClientRequestToken: randomUUID() });
        const status = await new Promise<string>((resolve) => ends.set(jobId, resolve));
        if (status !== 'COMPLETE') throw new Error(`the engine's job ended ${status}`);
      });
    const handDir = path.join(ctx.tmpDir, 'hand');
    const runHand = (commands: string[][]) =>
      timeMs(async () => {
        await rm(handDir, { recursive: true, force: true });
        await mkdir(handDir, { recursive: true });
        for (const args of commands) await runOk(FFMPEG, args);
      });
    const runs = ctx.quick ? 1 : 3;

    /** Alternates the variants `runs` times (rotating the order); returns the median ms of each. */
    async function compare(name: string, variants: Array<() => Promise<number>>): Promise<number[]> {
      const times: number[][] = variants.map(() => []);
      for (const v of variants) await v(); // warm-up: caches, the engine's encoder list
      for (let i = 0; i < runs; i++) {
        ctx.log(`${name}: round ${i + 1}/${runs}`);
        for (let k = 0; k < variants.length; k++) {
          const j = (i + k) % variants.length;
          times[j]!.push(await variants[j]!());
        }
      }
      return times.map(median);
    }

    const rows: Row[] = [row('clip length', seconds, 's', `testsrc2 + sine; median of ${runs} runs each`)];
    try {
      for (const src of SOURCES) {
        await generateClip(clip, { seconds, ...src });
        const name = `${src.label} (${src.width}x${src.height} ${src.fps} fps)`;
        const mixed = await mp4FramesGifJob(seconds, src);
        const hand = mp4FramesGifCommands(clip, handDir, seconds, src.fps);
        const [e1, one, separate] = await compare(`${src.label}: mp4+frames+gif`, [
          () => runEngine(mixed),
          () => runHand([hand.one]),
          () => runHand(hand.separate),
        ]);
        const [ladder] = await builderJobs(
          { adaptiveStreaming: [{ templateIds: [100210, 100220, 100230, 100240] }] },
          seconds,
          src,
        );
        const [e2, ladderHand] = await compare(`${src.label}: hls-ladder`, [
          () => runEngine(ladder!),
          () => runHand([ladderCommand(clip, handDir, src.fps)]),
        ]);
        const m = (metric: string) => `${src.label}: ${metric}`;
        rows.push(
          row(m('mp4+frames+gif, engine'), e1, 'ms', `${name}: 720p MP4 + 10 JPEGs + 320 px GIF, one job`),
          row(
            m('mp4+frames+gif, one ffmpeg command'),
            one,
            'ms',
            'hand-written, one decode split three ways',
          ),
          row(m('mp4+frames+gif, three ffmpeg commands'), separate, 'ms', 'hand-written, one per output'),
          row(m('mp4+frames+gif, engine / one command'), e1! / one!, 'x', 'goal ≤ 1.10'),
          row(m('mp4+frames+gif, engine / three commands'), e1! / separate!, 'x', 'goal ≤ 0.70'),
          row(m('hls-ladder, engine'), e2, 'ms', `${name}: 360p, 540p, 720p, 1080p + master playlist`),
          row(m('hls-ladder, one ffmpeg command'), ladderHand, 'ms', 'hand-written, var_stream_map'),
          row(m('hls-ladder, engine / one command'), e2! / ladderHand!, 'x', 'goal ≤ 1.10'),
        );
      }
      return rows;
    } finally {
      await engine.shutdown();
    }
  },
};
