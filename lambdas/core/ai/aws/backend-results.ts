/**
 * Amazon Rekognition Video Get* pages and Amazon Transcribe transcripts → the sections of an AI
 * subtask's result JSON, in the same form as the local engines' (local/ai/): seconds, confidences 0–100,
 * segments sorted by start.
 */
import type {
  GetContentModerationResponse,
  GetLabelDetectionResponse,
  GetSegmentDetectionResponse,
  GetTextDetectionResponse,
} from '@aws-sdk/client-rekognition';
import { verdictOf, type ReviewSegment } from '../verdict';

const seconds = (ms: number | undefined) => Math.round(ms ?? 0) / 1000;
const round1 = (n: number | undefined) => Math.round((n ?? 0) * 10) / 10;

/** The video's duration from any Get* page (segment detection lists one VideoMetadata per stream). */
export function durationOf(
  pages: ReadonlyArray<{ VideoMetadata?: { DurationMillis?: number } | Array<{ DurationMillis?: number }> }>,
): number | undefined {
  for (const page of pages) {
    const meta = Array.isArray(page.VideoMetadata) ? page.VideoMetadata[0] : page.VideoMetadata;
    if (meta?.DurationMillis !== undefined) return seconds(meta.DurationMillis);
  }
  return undefined;
}

/**
 * Moderation labels grouped by the time they were found at (one segment per timestamp, ending where
 * Rekognition says or at the next timestamp), and the verdict: every Rekognition moderation label is
 * unsafe content, so the most confident one decides.
 */
export function moderationResult(
  pages: readonly GetContentModerationResponse[],
  thresholds: { reviewThreshold: number; blockThreshold: number },
): { result: Record<string, unknown>; verdict: ReturnType<typeof verdictOf> } {
  const byTime = new Map<number, { end?: number; labels: ReviewSegment['labels'] }>();
  for (const d of pages.flatMap((p) => p.ModerationLabels ?? [])) {
    const label = d.ModerationLabel;
    if (!label?.Name) continue;
    const at = d.StartTimestampMillis ?? d.Timestamp ?? 0;
    const entry = byTime.get(at) ?? { labels: [] };
    if (d.EndTimestampMillis !== undefined) entry.end = Math.max(entry.end ?? 0, d.EndTimestampMillis);
    entry.labels.push({
      name: label.Name,
      confidence: round1(label.Confidence),
      ...(label.ParentName ? { parent: label.ParentName } : {}),
    });
    byTime.set(at, entry);
  }
  const duration = durationOf(pages);
  const times = [...byTime.keys()].sort((a, b) => a - b);
  const segments: ReviewSegment[] = times.map((t, i) => {
    const e = byTime.get(t)!;
    const next = times[i + 1];
    const end = e.end ?? next ?? (duration !== undefined ? duration * 1000 : t);
    return {
      start: seconds(t),
      end: seconds(Math.max(end, t)),
      labels: e.labels.sort((a, b) => b.confidence - a.confidence),
    };
  });
  const verdict = verdictOf(segments, thresholds, () => true);
  const model = pages.find((p) => p.ModerationModelVersion)?.ModerationModelVersion;
  return {
    verdict,
    result: {
      ...(duration !== undefined ? { durationSeconds: duration } : {}),
      verdict: verdict.verdict,
      reviewThreshold: thresholds.reviewThreshold,
      blockThreshold: thresholds.blockThreshold,
      model: `Amazon Rekognition content moderation${model ? ` ${model}` : ''}`,
      ...(verdict.maxUnsafe ? { maxUnsafe: verdict.maxUnsafe } : {}),
      segments,
    },
  };
}

/** A line of text and when it was on screen. */
export interface TextSegment {
  text: string;
  start: number;
  end: number;
  confidence: number;
}

/** Gap (ms) under which two sightings of the same line are one segment. */
const TEXT_GAP_MS = 1500;

/**
 * Detected LINEs (words are left out: they repeat the lines) merged per text into segments while they
 * keep being seen less than 1.5 s apart; a segment's confidence is the mean of its sightings.
 */
export function textResult(pages: readonly GetTextDetectionResponse[]): TextSegment[] {
  const sightings = pages
    .flatMap((p) => p.TextDetections ?? [])
    .filter((d) => d.TextDetection?.Type === 'LINE' && d.TextDetection.DetectedText)
    .map((d) => ({
      text: d.TextDetection!.DetectedText!,
      at: d.Timestamp ?? 0,
      confidence: d.TextDetection!.Confidence ?? 0,
    }))
    .sort((a, b) => a.at - b.at);
  const open = new Map<string, { start: number; last: number; confidences: number[] }>();
  const done: TextSegment[] = [];
  const close = (text: string, o: { start: number; last: number; confidences: number[] }) =>
    done.push({
      text,
      start: seconds(o.start),
      end: seconds(o.last),
      confidence: round1(o.confidences.reduce((a, b) => a + b, 0) / o.confidences.length),
    });
  for (const s of sightings) {
    const o = open.get(s.text);
    if (o && s.at - o.last <= TEXT_GAP_MS) {
      o.last = s.at;
      o.confidences.push(s.confidence);
      continue;
    }
    if (o) close(s.text, o);
    open.set(s.text, { start: s.at, last: s.at, confidences: [s.confidence] });
  }
  for (const [text, o] of open) close(text, o);
  return done.sort((a, b) => a.start - b.start || a.text.localeCompare(b.text));
}

/** Shots, black segments and the other technical cues (credits, colour bars, slates, studio logos). */
export function segmentResult(
  pages: readonly GetSegmentDetectionResponse[],
  asked: { shots: boolean; blackFrames: boolean },
): Record<string, unknown> {
  const segments = pages
    .flatMap((p) => p.Segments ?? [])
    .sort((a, b) => (a.StartTimestampMillis ?? 0) - (b.StartTimestampMillis ?? 0));
  const span = (s: (typeof segments)[number]) => ({
    start: seconds(s.StartTimestampMillis),
    end: seconds(s.EndTimestampMillis),
  });
  const out: Record<string, unknown> = {};
  if (asked.shots) {
    out.shots = segments
      .filter((s) => s.Type === 'SHOT')
      .map((s, i) => ({
        index: s.ShotSegment?.Index ?? i,
        ...span(s),
        confidence: round1(s.ShotSegment?.Confidence),
      }));
  }
  if (asked.blackFrames) {
    const cues = segments.filter((s) => s.Type === 'TECHNICAL_CUE' && s.TechnicalCueSegment?.Type);
    out.blackSegments = cues
      .filter((s) => s.TechnicalCueSegment!.Type === 'BlackFrames')
      .map((s) => ({ ...span(s), confidence: round1(s.TechnicalCueSegment!.Confidence) }));
    out.technicalCues = cues
      .filter((s) => s.TechnicalCueSegment!.Type !== 'BlackFrames')
      .map((s) => ({
        type: s.TechnicalCueSegment!.Type!,
        ...span(s),
        confidence: round1(s.TechnicalCueSegment!.Confidence),
      }));
  }
  return out;
}

/** One label over the whole video: its best confidence and when it was seen. */
export interface VideoLabel {
  name: string;
  confidence: number;
  parents: string[];
  categories: string[];
  /** Seconds of the first and last sighting, and how many there were. */
  first: number;
  last: number;
  sightings: number;
}

/** Labels aggregated per name, most confident first. */
export function labelResult(pages: readonly GetLabelDetectionResponse[]): VideoLabel[] {
  const byName = new Map<string, VideoLabel>();
  for (const d of pages.flatMap((p) => p.Labels ?? [])) {
    const l = d.Label;
    if (!l?.Name) continue;
    const at = seconds(d.Timestamp ?? d.StartTimestampMillis);
    const seen = byName.get(l.Name);
    if (seen) {
      seen.confidence = Math.max(seen.confidence, round1(l.Confidence));
      seen.first = Math.min(seen.first, at);
      seen.last = Math.max(seen.last, at);
      seen.sightings += 1;
      continue;
    }
    byName.set(l.Name, {
      name: l.Name,
      confidence: round1(l.Confidence),
      parents: (l.Parents ?? []).flatMap((p) => (p.Name ? [p.Name] : [])),
      categories: (l.Categories ?? []).flatMap((c) => (c.Name ? [c.Name] : [])),
      first: at,
      last: at,
      sightings: 1,
    });
  }
  return [...byName.values()].sort((a, b) => b.confidence - a.confidence || a.name.localeCompare(b.name));
}

/** A spoken sentence with its times. */
export interface SpeechSegment {
  start: number;
  end: number;
  text: string;
}

interface TranscriptItem {
  type?: string;
  start_time?: string;
  end_time?: string;
  alternatives?: Array<{ content?: string; confidence?: string }>;
}

/**
 * Amazon Transcribe's transcript JSON (`results.transcripts[0].transcript`, `results.items`,
 * `results.audio_segments` when present) → the full text and sentence segments (audio segments, or the
 * words cut at sentence punctuation). Throws on a document that is not a transcript.
 */
export function speechResult(doc: unknown): { transcript: string; segments: SpeechSegment[]; words: number } {
  const results = (doc as { results?: Record<string, unknown> } | undefined)?.results;
  if (!results || !Array.isArray(results.transcripts)) {
    throw new Error('not an Amazon Transcribe transcript (no results.transcripts)');
  }
  const transcript = (results.transcripts as Array<{ transcript?: string }>)
    .map((t) => t.transcript ?? '')
    .join(' ')
    .trim();
  const items = (Array.isArray(results.items) ? results.items : []) as TranscriptItem[];
  const words = items.filter((i) => i.type === 'pronunciation').length;
  const audio = Array.isArray(results.audio_segments)
    ? (results.audio_segments as Array<{ start_time?: string; end_time?: string; transcript?: string }>)
    : [];
  if (audio.length > 0) {
    return {
      transcript,
      words,
      segments: audio.map((a) => ({
        start: Number(a.start_time ?? 0),
        end: Number(a.end_time ?? 0),
        text: (a.transcript ?? '').trim(),
      })),
    };
  }
  const segments: SpeechSegment[] = [];
  let open: SpeechSegment | undefined;
  for (const item of items) {
    const content = item.alternatives?.[0]?.content ?? '';
    if (item.type === 'pronunciation') {
      const start = Number(item.start_time ?? 0);
      const end = Number(item.end_time ?? start);
      if (!open) open = { start, end, text: content };
      else {
        open.end = end;
        open.text += ` ${content}`;
      }
    } else if (open) {
      open.text += content;
      if (/[.?!]/.test(content)) {
        segments.push(open);
        open = undefined;
      }
    }
  }
  if (open) segments.push(open);
  return { transcript, words, segments };
}
