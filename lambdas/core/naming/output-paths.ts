/**
 * Output naming: where every subtask writes, and the loop guard that keeps the service's own outputs
 * from triggering schemas.
 *
 * `prefix` = `{outputDir}{base}_{kind}_{templateId}` (plus `_{subtaskNo}` when an earlier subtask of the
 * same task has the same kind and template), `base` = {@link inputBaseName} of the input key.
 *
 * | subtask              | kind       | keys written                                                      |
 * | -------------------- | ---------- | ----------------------------------------------------------------- |
 * | Transcode mp4/mov/webm | transcode | `{prefix}.mp4` / `.mov` / `.webm`                                |
 * | Transcode hls        | transcode  | `{prefix}/index.m3u8`, `{prefix}/index_{templateId}.m3u8`, segments `{prefix}/index_{templateId}_00001.ts` … |
 * | AdaptiveStreaming    | adaptive   | `{prefix}/index.m3u8` (master, prefix uses the first template id) + one rendition per template as above |
 * | AnimatedGraphics     | gif        | `{prefix}.gif`                                                    |
 * | SnapshotByTimeOffset | snapshot   | `{prefix}.0000000.jpg`, `{prefix}.0000001.jpg` … (one per offset, ascending time) |
 * | SampleSnapshot       | sample     | `{prefix}.0000000.jpg` … (MediaConvert appends `.NNNNNNN.jpg`)    |
 * | ImageSprite          | sprite     | `{prefix}.jpg` (+ `{prefix}-1.jpg`, `{prefix}-2.jpg` … when the frames fill several sheets), `{prefix}.vtt`; frames captured under `{prefix}_frames/frame.NNNNNNN.jpg` |
 * | ContentReview        | review     | `{prefix}.json` (verdict, per-segment labels with times and confidence)  |
 * | AiRecognition        | recognition | `{prefix}.json` (OCR text with times, transcript); with speech also `{prefix}.vtt` and `{prefix}.srt` subtitles |
 * | AiAnalysis           | analysis   | `{prefix}.json` (shots, black segments, labels); with a cover `{prefix}.jpg` |
 */
import type { Subtask, SubtaskType, Task, Template } from '../model';

export type OutputKind =
  'transcode' | 'adaptive' | 'gif' | 'snapshot' | 'sample' | 'sprite' | 'review' | 'recognition' | 'analysis';

export const OUTPUT_KIND_BY_SUBTASK: Readonly<Record<SubtaskType, OutputKind>> = {
  Transcode: 'transcode',
  AdaptiveStreaming: 'adaptive',
  AnimatedGraphics: 'gif',
  SnapshotByTimeOffset: 'snapshot',
  SampleSnapshot: 'sample',
  ImageSprite: 'sprite',
  ContentReview: 'review',
  AiRecognition: 'recognition',
  AiAnalysis: 'analysis',
};

/** Longest base name kept, in code points (S3 keys are limited to 1024 bytes). */
export const MAX_BASE_NAME_LENGTH = 100;
const FALLBACK_BASE_NAME = 'input';

/**
 * The last path segment of `key` without its extension, made safe for output keys: NFC-normalised,
 * every run of characters other than letters, digits, marks, '.', '_' and '-' replaced by '_',
 * leading/trailing '.', '_' and '-' trimmed, at most 100 code points. Never contains '/'; an empty
 * result (e.g. for "..") becomes "input".
 */
export function inputBaseName(key: string): string {
  const segment = key.split('/').pop() ?? '';
  const dot = segment.lastIndexOf('.');
  const stem = dot > 0 ? segment.slice(0, dot) : segment;
  const safe = stem
    .normalize('NFC')
    .replace(/[^\p{L}\p{M}\p{N}._-]+/gu, '_')
    .replace(/^[._-]+/, '');
  const capped = Array.from(safe)
    .slice(0, MAX_BASE_NAME_LENGTH)
    .join('')
    .replace(/[._-]+$/, '');
  return capped || FALLBACK_BASE_NAME;
}

/** `{outputDir}{base}_{kind}_{templateId}`. */
export function outputPrefix(
  outputDir: string,
  inputKey: string,
  kind: OutputKind,
  templateId: number,
): string {
  return `${outputDir}${inputBaseName(inputKey)}_${kind}_${templateId}`;
}

/** The template id that names a subtask's outputs (the first one for adaptive streaming). */
export function subtaskTemplateId(subtask: Subtask): number {
  return subtask.type === 'AdaptiveStreaming' ? (subtask.item.templateIds[0] ?? 0) : subtask.item.templateId;
}

/**
 * The output prefix of one subtask of `task`. A subtask repeating the kind and template of an earlier
 * one (e.g. two clips with the same template) gets `_{no}` appended so outputs never overwrite.
 */
export function subtaskOutputPrefix(
  task: Pick<Task, 'input' | 'output' | 'subtasks'>,
  subtask: Subtask,
): string {
  const kind = OUTPUT_KIND_BY_SUBTASK[subtask.type];
  const templateId = subtaskTemplateId(subtask);
  const prefix = outputPrefix(task.output.directory, task.input.key, kind, templateId);
  const repeated = task.subtasks.some(
    (s) =>
      s.no < subtask.no && OUTPUT_KIND_BY_SUBTASK[s.type] === kind && subtaskTemplateId(s) === templateId,
  );
  return repeated ? `${prefix}_${subtask.no}` : prefix;
}

/** `{prefix}.NNNNNNN.jpg`: the key of frame capture number `index` (0-based). */
export function frameCaptureKey(prefix: string, index: number): string {
  return `${prefix}.${String(index).padStart(7, '0')}.jpg`;
}

/** The ending of a frame capture's key, `.NNNNNNN.jpg`, capturing its index. */
export const FRAME_CAPTURE_INDEX = /\.(\d{7})\.jpg$/;

/** The last frame capture of `prefix` among `keys` (`{prefix}.NNNNNNN.jpg`, highest index), if any. */
export function lastFrameCaptureKey(prefix: string, keys: readonly string[]): string | undefined {
  return keys
    .filter((k) => k.startsWith(prefix) && FRAME_CAPTURE_INDEX.exec(k)?.index === prefix.length)
    .sort()
    .pop();
}

/** The HLS master playlist of a prefix: `{prefix}/index.m3u8`. */
export function hlsMasterKey(prefix: string): string {
  return `${prefix}/${HLS_BASE}.m3u8`;
}

/** The HLS base name inside the folder; MediaConvert writes `{base}.m3u8` and `{base}{modifier}…`. */
export const HLS_BASE = 'index';

/** The variant playlist of the rendition with `nameModifier` (e.g. "_100030"). */
export function hlsRenditionKey(prefix: string, nameModifier: string): string {
  return `${prefix}/${HLS_BASE}${nameModifier}.m3u8`;
}

/** Folder the sprite's frame captures go to (MediaConvert output, input to the sprite composer). */
export function spriteFramesPrefix(prefix: string): string {
  return `${prefix}_frames/frame`;
}

/**
 * Sprite sheet `index` (0-based): `{prefix}.jpg`, then `{prefix}-1.jpg`, `{prefix}-2.jpg` … ('-' so a sheet
 * number never reads as the `_{no}` of a repeated subtask).
 */
export function spriteSheetKey(prefix: string, index: number): string {
  return index === 0 ? `${prefix}.jpg` : `${prefix}-${index}.jpg`;
}

/** The sprite's WebVTT: `{prefix}.vtt`. */
export function spriteVttKey(prefix: string): string {
  return `${prefix}.vtt`;
}

/** The file name part of a key (what a WebVTT next to it references). */
export function fileNameOf(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/** The JSON result of an AI subtask: `{prefix}.json`. */
export function aiResultKey(prefix: string): string {
  return `${prefix}.json`;
}

/** The cover image of an AiAnalysis subtask: `{prefix}.jpg`. */
export function aiCoverKey(prefix: string): string {
  return `${prefix}.jpg`;
}

/** The subtitles of an AiRecognition subtask with speech: `{prefix}.vtt` and `{prefix}.srt`. */
export function aiSubtitleKeys(prefix: string): { vtt: string; srt: string } {
  return { vtt: `${prefix}.vtt`, srt: `${prefix}.srt` };
}

// `companion`: the companion outputs of frame-capture jobs (mediaconvert/companion.ts).
const KIND = '(transcode|adaptive|gif|snapshot|sample|sprite|review|recognition|analysis|companion)';
const TAIL = `_${KIND}_\\d+(?:_\\d+)?`;
const FILE_PATTERNS: readonly RegExp[] = [
  new RegExp(`.${TAIL}\\.(mp4|mov|webm|gif|vtt|srt|json|jpg)$`, 'u'),
  new RegExp(`.${TAIL}\\.\\d{7}\\.jpg$`, 'u'),
  new RegExp(`._sprite_\\d+(?:_\\d+)?-\\d+\\.jpg$`, 'u'),
];
const FOLDER_PATTERN = new RegExp(`^.+${TAIL}(?:_frames)?$`, 'u');

/**
 * True for every key the service writes (see the table above): a file named like an output, or any
 * file directly inside an HLS or sprite-frames output folder. Ordinary uploads ("clip.mp4",
 * "a_transcode.mp4") are false. An upload that copies the output naming exactly is treated as output.
 */
export function isServiceOutputKey(key: string): boolean {
  const segments = key.split('/');
  const file = segments[segments.length - 1] ?? '';
  if (FILE_PATTERNS.some((p) => p.test(file))) return true;
  const folder = segments.length >= 2 ? segments[segments.length - 2]! : '';
  return FOLDER_PATTERN.test(folder);
}

/** NameModifier of each HLS rendition, in template order (`_{id}`, repeats get `_{id}_{n}`). */
export function hlsNameModifiers(templateIds: readonly number[]): string[] {
  const seen = new Map<number, number>();
  return templateIds.map((id) => {
    const n = (seen.get(id) ?? 0) + 1;
    seen.set(id, n);
    return n === 1 ? `_${id}` : `_${id}_${n}`;
  });
}

/**
 * The keys a subtask's job will write that are known before it runs: the MP4/MOV/WebM or GIF file,
 * the HLS master and variant playlists (segments excluded), one JPEG per snapshot offset. For
 * sampled snapshots and sprites the count depends on the duration: pass `captures` (the frame count)
 * or get undefined. Sprite keys are the composed sheet(s) and WebVTT, not the intermediate frames.
 */
export function expectedOutputKeys(
  task: Pick<Task, 'input' | 'output' | 'subtasks'>,
  subtask: Subtask,
  templates: ReadonlyMap<number, Template>,
  captures?: number,
): string[] | undefined {
  const prefix = subtaskOutputPrefix(task, subtask);
  switch (subtask.type) {
    case 'Transcode': {
      const template = templates.get(subtask.item.templateId);
      if (template?.type !== 'transcode') return undefined;
      if (template.container === 'hls') {
        const [modifier] = hlsNameModifiers([template.id]);
        return [hlsMasterKey(prefix), hlsRenditionKey(prefix, modifier!)];
      }
      return [`${prefix}.${template.container}`];
    }
    case 'AdaptiveStreaming':
      return [
        hlsMasterKey(prefix),
        ...hlsNameModifiers(subtask.item.templateIds).map((m) => hlsRenditionKey(prefix, m)),
      ];
    case 'AnimatedGraphics':
      return [`${prefix}.gif`];
    case 'SnapshotByTimeOffset': {
      const count = Math.max(1, subtask.item.offsets.length);
      return Array.from({ length: count }, (_, i) => frameCaptureKey(prefix, i));
    }
    case 'SampleSnapshot':
      return captures === undefined
        ? undefined
        : Array.from({ length: captures }, (_, i) => frameCaptureKey(prefix, i));
    case 'ImageSprite': {
      const template = templates.get(subtask.item.templateId);
      if (captures === undefined || template?.type !== 'sprite') return undefined;
      const sheets = Math.max(1, Math.ceil(captures / (template.rows * template.columns)));
      return [...Array.from({ length: sheets }, (_, i) => spriteSheetKey(prefix, i)), spriteVttKey(prefix)];
    }
    case 'ContentReview':
      return [aiResultKey(prefix)];
    case 'AiRecognition': {
      const template = templates.get(subtask.item.templateId);
      if (template?.type !== 'aiRecognition') return undefined;
      const subtitles = aiSubtitleKeys(prefix);
      return [aiResultKey(prefix), ...(template.speech ? [subtitles.vtt, subtitles.srt] : [])];
    }
    case 'AiAnalysis': {
      const template = templates.get(subtask.item.templateId);
      if (template?.type !== 'aiAnalysis') return undefined;
      return [aiResultKey(prefix), ...(template.cover ? [aiCoverKey(prefix)] : [])];
    }
  }
}

/**
 * True when `key` in `bucket` is a file of `subtask`'s job share: in the task's output bucket and
 * directly under the subtask's prefix (`{prefix}.…`, `{prefix}/…`, or the sprite frames
 * `{prefix}_frames/…`). A repeated subtask's `{prefix}_{no}` is another prefix, so no file belongs to
 * two subtasks.
 */
export function subtaskOwnsKey(
  task: Pick<Task, 'input' | 'output' | 'subtasks'>,
  subtask: Subtask,
  bucket: string,
  key: string,
): boolean {
  if (bucket !== task.output.bucket) return false;
  const prefix = subtaskOutputPrefix(task, subtask);
  if (!key.startsWith(prefix)) return false;
  const rest = key.slice(prefix.length);
  return rest.startsWith('.') || rest.startsWith('/') || rest.startsWith('-') || rest.startsWith('_frames/');
}

/** Every key of an output: the numbered files of a sequence (`count` set), else the one key. */
export function sequenceKeys(output: { key: string; count?: number }): string[] {
  if (output.count === undefined) return [output.key];
  const capture = FRAME_CAPTURE_INDEX.exec(output.key);
  if (!capture) return [output.key];
  const stem = output.key.slice(0, capture.index);
  return Array.from({ length: output.count }, (_, i) => frameCaptureKey(stem, i));
}
