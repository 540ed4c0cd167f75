/**
 * Text in frames, offline: tesseract.js (Tesseract's LSTM engine compiled to WebAssembly) with the English
 * model of the npm package @tesseract.js-data/eng (no download at run time). Frames are sampled every
 * `interval` seconds; the same line of text on consecutive frames becomes one segment with its times.
 */
import type { SampledFrame } from './frames';

/** Words recognised with less confidence (0–100) are dropped. */
export const MIN_WORD_CONFIDENCE = 60;

export interface TextSegment {
  text: string;
  /** Seconds: the first frame it was seen on … the frame after the last one (or the video's end). */
  start: number;
  end: number;
  /** Mean word confidence, 0–100. */
  confidence: number;
}

/** One recognised line of a frame. */
export interface FrameLine {
  text: string;
  confidence: number;
}

interface TesseractWord {
  text: string;
  confidence: number;
}
interface TesseractWorker {
  recognize(
    image: string,
    options: object,
    output: object,
  ): Promise<{
    data: { blocks: Array<{ paragraphs: Array<{ lines: Array<{ words: TesseractWord[] }> }> }> | null };
  }>;
  terminate(): Promise<unknown>;
}

/** The lines of one frame: words above MIN_WORD_CONFIDENCE with at least one letter or digit. */
function linesOf(blocks: Awaited<ReturnType<TesseractWorker['recognize']>>['data']['blocks']): FrameLine[] {
  const lines: FrameLine[] = [];
  for (const block of blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        const words = line.words.filter(
          (w) => w.confidence >= MIN_WORD_CONFIDENCE && /[\p{L}\p{N}]/u.test(w.text),
        );
        if (words.length === 0) continue;
        const confidence = words.reduce((n, w) => n + w.confidence, 0) / words.length;
        lines.push({
          text: words.map((w) => w.text.trim()).join(' '),
          confidence: Math.round(confidence * 10) / 10,
        });
      }
    }
  }
  return lines;
}

/**
 * Segments from per-frame lines: a line seen on consecutive frames is one segment from its first
 * frame's time to the next frame after its last (the video's end for the last frame).
 */
export function textSegments(
  frames: ReadonlyArray<{ time: number; lines: readonly FrameLine[] }>,
  durationSeconds: number,
): TextSegment[] {
  const done: TextSegment[] = [];
  let open = new Map<string, { start: number; confidences: number[] }>();
  frames.forEach((frame, i) => {
    const next = new Map<string, { start: number; confidences: number[] }>();
    for (const line of frame.lines) {
      const seen = open.get(line.text) ?? next.get(line.text);
      next.set(line.text, {
        start: seen?.start ?? frame.time,
        confidences: [...(seen?.confidences ?? []), line.confidence],
      });
    }
    for (const [text, o] of open) if (!next.has(text)) done.push(close(text, o, frame.time));
    open = next;
    if (i === frames.length - 1) for (const [text, o] of open) done.push(close(text, o, durationSeconds));
  });
  return done.sort((a, b) => a.start - b.start || a.text.localeCompare(b.text));
}

function close(text: string, o: { start: number; confidences: number[] }, end: number): TextSegment {
  const mean = o.confidences.reduce((a, b) => a + b, 0) / o.confidences.length;
  return { text, start: o.start, end, confidence: Math.round(mean * 10) / 10 };
}

/** Recognises the text of each frame with one tesseract.js worker (English). */
export async function recognizeFrames(
  frames: readonly SampledFrame[],
  cancelled: () => boolean,
): Promise<Array<{ time: number; lines: FrameLine[] }>> {
  const { createWorker } = (await import('tesseract.js')) as unknown as {
    createWorker(lang: string, oem: number, options: object): Promise<TesseractWorker>;
  };
  const data = (await import('@tesseract.js-data/eng')).default;
  // OEM 1: LSTM only, the model @tesseract.js-data/eng ships; cacheMethod none: nothing written or fetched.
  const worker = await createWorker('eng', 1, {
    langPath: data.langPath,
    gzip: data.gzip,
    cacheMethod: 'none',
  });
  try {
    const out: Array<{ time: number; lines: FrameLine[] }> = [];
    for (const frame of frames) {
      if (cancelled()) break;
      const result = await worker.recognize(frame.file, {}, { blocks: true, text: false });
      out.push({ time: frame.time, lines: linesOf(result.data.blocks) });
    }
    return out;
  } finally {
    await worker.terminate();
  }
}
