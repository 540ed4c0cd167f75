/** The verdict of a content review: shared by the local classifier and Amazon Rekognition's labels. */

export interface ReviewLabel {
  name: string;
  /** 0–100. */
  confidence: number;
  /** Rekognition's top-level category of the label, when it has one. */
  parent?: string;
}

export interface ReviewSegment {
  /** Seconds. */
  start: number;
  end: number;
  labels: ReviewLabel[];
}

export type Verdict = 'pass' | 'review' | 'block';

/**
 * `block` when an unsafe label reaches blockThreshold, `review` when one reaches reviewThreshold, else
 * `pass`; also the most confident unsafe label and where it starts.
 */
export function verdictOf(
  segments: readonly ReviewSegment[],
  thresholds: { reviewThreshold: number; blockThreshold: number },
  isUnsafe: (label: ReviewLabel) => boolean,
): { verdict: Verdict; maxUnsafe?: ReviewLabel & { start: number } } {
  let max: (ReviewLabel & { start: number }) | undefined;
  for (const s of segments) {
    for (const l of s.labels) {
      if (!isUnsafe(l)) continue;
      if (!max || l.confidence > max.confidence) max = { ...l, start: s.start };
    }
  }
  const c = max?.confidence ?? 0;
  const verdict =
    c >= thresholds.blockThreshold ? 'block' : c >= thresholds.reviewThreshold ? 'review' : 'pass';
  return { verdict, ...(max ? { maxUnsafe: max } : {}) };
}

/** The subtask summary of a content review: its verdict, how many segments, the most unsafe label. */
export function reviewSummary(
  decided: ReturnType<typeof verdictOf>,
  segments: number,
): Record<string, string | number> {
  return {
    verdict: decided.verdict,
    segments,
    ...(decided.maxUnsafe
      ? { maxUnsafeLabel: decided.maxUnsafe.name, maxUnsafeConfidence: decided.maxUnsafe.confidence }
      : {}),
  };
}
