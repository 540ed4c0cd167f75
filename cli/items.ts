/**
 * Processing items from command-line flags (shared by `mps schema create` and `mps process`):
 *   --transcode 100030,100040   one transcode item per id (repeatable)
 *   --watermark 1000001         watermarks added to every transcode / snapshot / sample item
 *   --adaptive 100210,100230    one adaptive-streaming (HLS) item with these renditions (repeatable)
 *   --snapshot 10 --offsets 1s,50%
 *   --gif 20000 --start 0 --end 2
 *   --sample ID   --sprite ID
 *   --review 40   --recognition 50   --analysis 60   (AI items: content review, recognition, analysis)
 * The server validates the result; this only shapes it.
 */
import type { Command } from 'commander';
import { UsageError } from './errors';

export interface ItemFlags {
  transcode?: string[];
  watermark?: string[];
  adaptive?: string[];
  snapshot?: string[];
  offsets?: string;
  gif?: string[];
  start?: string;
  end?: string;
  sample?: string[];
  sprite?: string[];
  review?: string[];
  recognition?: string[];
  analysis?: string[];
}

/** Collects repeated options into a list. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function addItemOptions(cmd: Command): Command {
  return cmd
    .option('--transcode <ids>', 'transcode template id(s), comma-separated; repeatable', collect)
    .option(
      '--watermark <ids>',
      'watermark template id(s) applied to transcode/snapshot/sample items',
      collect,
    )
    .option(
      '--adaptive <ids>',
      'HLS adaptive streaming with these transcode template ids; repeatable',
      collect,
    )
    .option('--snapshot <ids>', 'snapshot-by-time-offset template id(s); repeatable', collect)
    .option('--offsets <list>', 'snapshot time points, e.g. 1s,50% (seconds or % of the duration)')
    .option('--gif <ids>', 'animated graphics template id(s); repeatable', collect)
    .option('--start <seconds>', 'animated graphics start (seconds of the source)')
    .option('--end <seconds>', 'animated graphics end (seconds of the source)')
    .option('--sample <ids>', 'sampled snapshot template id(s); repeatable', collect)
    .option('--sprite <ids>', 'image sprite template id(s); repeatable', collect)
    .option('--review <ids>', 'content review (moderation) template id(s), e.g. 40; repeatable', collect)
    .option(
      '--recognition <ids>',
      'content recognition (OCR, speech) template id(s), e.g. 50; repeatable',
      collect,
    )
    .option(
      '--analysis <ids>',
      'content analysis (shots, black segments, cover, labels) template id(s), e.g. 60; repeatable',
      collect,
    );
}

function ids(values: string[] | undefined, flag: string): number[] {
  const out: number[] = [];
  for (const part of (values ?? []).flatMap((v) => v.split(','))) {
    const text = part.trim();
    if (text === '') continue;
    if (!/^\d+$/.test(text))
      throw new UsageError(`${flag} takes template ids (integers); got ${JSON.stringify(text)}`);
    out.push(Number(text));
  }
  return out;
}

function seconds(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim().replace(/s$/, '');
  const n = Number(text);
  if (text === '' || !Number.isFinite(n))
    throw new UsageError(`${flag} takes seconds, e.g. 2.5; got ${JSON.stringify(value)}`);
  return n;
}

function offsetList(value: string | undefined): Array<string | number> {
  if (value === undefined) return [];
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => (/^\d+(\.\d+)?$/.test(s) ? Number(s) : s));
}

/** True when any item flag was given. */
export function hasItemFlags(f: ItemFlags): boolean {
  return [
    f.transcode,
    f.adaptive,
    f.snapshot,
    f.gif,
    f.sample,
    f.sprite,
    f.review,
    f.recognition,
    f.analysis,
  ].some((v) => v && v.length > 0);
}

export function itemsFromFlags(f: ItemFlags): Record<string, unknown> {
  const watermarks = ids(f.watermark, '--watermark').map((templateId) => ({ templateId }));
  const withWatermarks = watermarks.length > 0 ? { watermarks } : {};
  const items: Record<string, unknown[]> = {};
  const transcode = ids(f.transcode, '--transcode');
  if (transcode.length) items.transcode = transcode.map((templateId) => ({ templateId, ...withWatermarks }));
  const adaptive = (f.adaptive ?? []).map((v) => ids([v], '--adaptive'));
  if (adaptive.length)
    items.adaptiveStreaming = adaptive.map((templateIds) => ({ templateIds, ...withWatermarks }));
  const gif = ids(f.gif, '--gif');
  if (gif.length) {
    const startTime = seconds(f.start, '--start') ?? 0;
    const endTime = seconds(f.end, '--end');
    if (endTime === undefined)
      throw new UsageError('--gif needs --end <seconds> (and optionally --start, default 0)');
    items.animatedGraphics = gif.map((templateId) => ({ templateId, startTime, endTime }));
  } else if (f.start !== undefined || f.end !== undefined) {
    throw new UsageError('--start/--end apply to --gif; give --gif <template id> too');
  }
  const snapshot = ids(f.snapshot, '--snapshot');
  if (snapshot.length) {
    const offsets = offsetList(f.offsets);
    items.snapshotByTimeOffset = snapshot.map((templateId) => ({ templateId, offsets, ...withWatermarks }));
  } else if (f.offsets !== undefined) {
    throw new UsageError('--offsets applies to --snapshot; give --snapshot <template id> too');
  }
  const sample = ids(f.sample, '--sample');
  if (sample.length) items.sampleSnapshot = sample.map((templateId) => ({ templateId, ...withWatermarks }));
  const sprite = ids(f.sprite, '--sprite');
  if (sprite.length) items.imageSprite = sprite.map((templateId) => ({ templateId }));
  const ai = [
    ['contentReview', f.review, '--review'],
    ['aiRecognition', f.recognition, '--recognition'],
    ['aiAnalysis', f.analysis, '--analysis'],
  ] as const;
  for (const [kind, values, flag] of ai) {
    const list = ids(values, flag);
    if (list.length) items[kind] = list.map((templateId) => ({ templateId }));
  }
  return items;
}
