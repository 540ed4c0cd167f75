/**
 * The AI items end to end through the local runtime, on media generated here, with the offline engines:
 * - aiAnalysis (ffmpeg filters): a clip with a hard cut into 1 s of black and a hard cut out of it →
 *   shots and the black segment within ±0.2 s, a cover JPEG that is not black, labels reported as
 *   NotAvailableLocally; triggered by a schema whose outputs land in its own trigger directory and
 *   trigger nothing;
 * - aiRecognition (tesseract.js): words drawn with drawtext are found with their times; speech alone
 *   fails with NotAvailableLocally;
 * - contentReview (nsfwjs): a test pattern passes, with labels, confidences and times per segment.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import jpeg from 'jpeg-js';
import type { Task, Template } from '../../lambdas/core/model';
import { FFMPEG, TOOL_ENV } from '../support/ffmpeg';
import { generateClip } from './media';
import {
  api,
  createEnabledSchema,
  download,
  type E2eContext,
  ingestIdle,
  startE2eRuntime,
  tasksOfSchema,
  upload,
  waitFor,
  waitForFinishedTask,
} from './support';

jest.setTimeout(180_000);
const run = promisify(execFile);

let ctx: E2eContext;
beforeAll(async () => {
  ctx = await startE2eRuntime();
});
afterAll(async () => {
  await ctx?.close();
});

async function ffmpeg(args: string[]): Promise<void> {
  await run(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-y', ...args], { env: TOOL_ENV });
}

async function finished(taskId: string): Promise<Task> {
  return waitFor(
    `task ${taskId} to finish`,
    async () => {
      const t = await api<Task>(ctx.rt, 'GET', `/tasks/${taskId}`);
      return t.status === 'FINISH' ? t : undefined;
    },
    150_000,
  );
}

async function json<T>(bucket: string, key: string): Promise<T> {
  return JSON.parse(readFileSync(await download(ctx, bucket, key), 'utf8')) as T;
}

const near = (actual: number, expected: number) => Math.abs(actual - expected) <= 0.2;

it('analysis: shots, black segment and a non-black cover, from a schema whose outputs trigger nothing', async () => {
  const { rt } = ctx;
  const clip = path.join(ctx.tmp, 'cuts.mp4');
  // 2 s moving test pattern | 1 s black | 2 s colour bars: hard cuts at 2.0 s and 3.0 s.
  await ffmpeg([
    '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25:d=2',
    '-f', 'lavfi', '-i', 'color=black:size=320x240:rate=25:d=1',
    '-f', 'lavfi', '-i', 'smptebars=size=320x240:rate=25:d=2',
    '-filter_complex', '[0:v][1:v][2:v]concat=n=3:v=1:a=0,format=yuv420p[v]',
    '-map', '[v]', '-c:v', 'libx264', '-preset', 'ultrafast', clip,
  ]); // prettier-ignore
  const schema = await createEnabledSchema(rt, {
    name: 'ai-analysis',
    trigger: { bucket: rt.resources.bucket, directory: 'ai/' },
    items: { aiAnalysis: [{ templateId: 61 }] },
  });
  await upload(rt, 'ai/cuts.mp4', readFileSync(clip));
  const task = await waitForFinishedTask(rt, schema.id, 'ai/cuts.mp4', 150_000);
  const subtask = task.subtasks[0]!;
  expect(subtask).toMatchObject({ type: 'AiAnalysis', status: 'SUCCESS' });
  expect(subtask.summary).toEqual({ shots: 3, blackSegments: 1, labels: 'NotAvailableLocally', cover: true });
  expect(subtask.outputs.map((o) => [o.key, o.kind])).toEqual([
    ['ai/cuts_analysis_61.json', 'analysisResult'],
    ['ai/cuts_analysis_61.jpg', 'cover'],
  ]);

  const result = await json<{
    shots: Array<{ start: number; end: number }>;
    blackSegments: Array<{ start: number; end: number }>;
    labels: { code: string };
  }>(rt.resources.bucket, 'ai/cuts_analysis_61.json');
  expect(result.shots).toHaveLength(3);
  const bounds = result.shots.map((s) => [s.start, s.end]);
  for (const [actual, expected] of [
    [bounds[0]![0], 0], [bounds[0]![1], 2], [bounds[1]![0], 2],
    [bounds[1]![1], 3], [bounds[2]![0], 3], [bounds[2]![1], 5],
  ] as const) expect([actual, near(actual, expected)]).toEqual([actual, true]); // prettier-ignore
  expect(result.blackSegments).toHaveLength(1);
  expect(near(result.blackSegments[0]!.start, 2) && near(result.blackSegments[0]!.end, 3)).toBe(true);
  expect(result.labels.code).toBe('NotAvailableLocally');

  const cover = jpeg.decode(
    readFileSync(await download(ctx, rt.resources.bucket, 'ai/cuts_analysis_61.jpg')),
    {
      useTArray: true,
    },
  );
  expect([cover.width, cover.height]).toEqual([320, 240]);
  let luma = 0;
  for (let i = 0; i < cover.data.length; i += 4) {
    luma += 0.299 * cover.data[i]! + 0.587 * cover.data[i + 1]! + 0.114 * cover.data[i + 2]!;
  }
  expect(luma / (cover.width * cover.height)).toBeGreaterThan(40);

  // The JSON and the cover were written into the trigger directory: no task for them.
  await ingestIdle(rt);
  expect((await tasksOfSchema(rt, schema.id)).map((t) => t.input.key)).toEqual(['ai/cuts.mp4']);
});

it('recognition: drawn words found with their times; speech alone fails with NotAvailableLocally', async () => {
  const { rt } = ctx;
  const clip = path.join(ctx.tmp, 'text.mp4');
  const text = (words: string, from: number, to: number) =>
    `drawtext=text='${words}':fontsize=56:fontcolor=black:x=(w-tw)/2:y=(h-th)/2:enable='between(t,${from},${to})'`;
  await ffmpeg([
    '-f', 'lavfi', '-i', `color=white:size=640x360:rate=25:d=6,${text('HELLO WORLD', 1, 2.9)},${text('MEDIA 2026', 4, 5.9)}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', clip,
  ]); // prettier-ignore
  await upload(rt, 'ocr/text.mp4', readFileSync(clip));
  const created = await api<Task>(rt, 'POST', '/tasks', {
    input: { bucket: rt.resources.bucket, key: 'ocr/text.mp4' },
    output: { directory: 'ocr-out/' },
    items: { aiRecognition: [{ templateId: 50 }, { templateId: 51 }] },
  });
  const task = await finished(created.taskId);
  const [ocr, speech] = task.subtasks;
  expect(ocr).toMatchObject({ status: 'SUCCESS', summary: { textSegments: 2 } });
  expect(speech).toMatchObject({ status: 'FAIL', errorCode: 'NotAvailableLocally' });
  expect(speech!.errorMessage).toMatch(/speech to text has no offline engine/);

  const result = await json<{
    ocr: { segments: Array<{ text: string; start: number; end: number; confidence: number }> };
  }>(rt.resources.bucket, 'ocr-out/text_recognition_50.json');
  expect(result.ocr.segments.map((s) => [s.text, s.start, s.end])).toEqual([
    ['HELLO WORLD', 1, 3],
    ['MEDIA 2026', 4, 6],
  ]);
  for (const s of result.ocr.segments) expect(s.confidence).toBeGreaterThan(80);
});

it('content review: a test pattern passes, with per-segment labels, times and confidences', async () => {
  const { rt } = ctx;
  const clip = path.join(ctx.tmp, 'pattern.mp4');
  await generateClip(clip, { seconds: 3, width: 320, height: 240 });
  await upload(rt, 'review/pattern.mp4', readFileSync(clip));
  const strict = await api<Template>(rt, 'POST', '/templates/contentReview', {
    name: 'strict',
    sampleIntervalSeconds: 1.5,
    reviewThreshold: 1,
    blockThreshold: 99,
  });
  const created = await api<Task>(rt, 'POST', '/tasks', {
    input: { bucket: rt.resources.bucket, key: 'review/pattern.mp4' },
    output: { directory: 'review-out/' },
    items: { contentReview: [{ templateId: 40 }, { templateId: strict.id }] },
  });
  const task = await finished(created.taskId);
  expect(task.subtasks.map((s) => s.status)).toEqual(['SUCCESS', 'SUCCESS']);
  expect(task.subtasks[0]!.summary).toMatchObject({ verdict: 'pass', segments: 3 });

  type Review = {
    verdict: string;
    segments: Array<{ start: number; end: number; labels: Array<{ name: string; confidence: number }> }>;
  };
  const preset = await json<Review>(rt.resources.bucket, 'review-out/pattern_review_40.json');
  expect(preset.segments.map((s) => [s.start, s.end])).toEqual([
    [0, 1],
    [1, 2],
    [2, 3],
  ]);
  for (const s of preset.segments) {
    expect(s.labels.map((l) => l.name).sort()).toEqual(['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy']);
    const total = s.labels.reduce((n, l) => n + l.confidence, 0);
    expect(Math.abs(total - 100)).toBeLessThan(1);
    expect(s.labels.find((l) => l.name === 'Porn')!.confidence).toBeLessThan(50);
  }
  // The verdict follows the template's thresholds over the same model output.
  const custom = await json<Review>(rt.resources.bucket, `review-out/pattern_review_${strict.id}.json`);
  // The first frame at least 1.5 s after the previous one: 25 fps frames are 0.04 s apart.
  expect(custom.segments.map((s) => s.start)).toEqual([0, 1.52]);
  const maxUnsafe = Math.max(
    ...custom.segments
      .flatMap((s) => s.labels.filter((l) => l.name !== 'Neutral' && l.name !== 'Drawing'))
      .map((l) => l.confidence),
  );
  expect(custom.verdict).toBe(maxUnsafe >= 99 ? 'block' : maxUnsafe >= 1 ? 'review' : 'pass');
});
