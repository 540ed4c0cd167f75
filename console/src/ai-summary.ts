/**
 * The `summary` of an AI subtask (ContentReview, AiRecognition, AiAnalysis) in a few words for the
 * subtask table: { verdict: 'review', segments: 12, maxUnsafeLabel: 'Porn', maxUnsafeConfidence: 72 } →
 * "verdict review (max unsafe label Porn, 72 %) · 12 segments". The local AI engine and the AWS backend
 * write different keys (lambdas/core/model.ts AiSummary: flat, small values); unknown keys are shown as
 * they are, so nothing in a summary is hidden.
 */
export type AiSummary = Record<string, string | number | boolean>;

/** Counted things: key → [one, many]. */
const COUNTS: Record<string, readonly [string, string]> = {
  segments: ['segment', 'segments'],
  textSegments: ['text segment', 'text segments'],
  speechSegments: ['speech segment', 'speech segments'],
  words: ['word', 'words'],
  shots: ['shot', 'shots'],
  blackSegments: ['black segment', 'black segments'],
  technicalCues: ['technical cue', 'technical cues'],
  labels: ['label', 'labels'],
};

/** Names of the keys whose values are words (a code such as NotAvailableLocally, a flag). */
const NAMES: Record<string, string> = {
  speech: 'speech',
  labels: 'labels',
  cover: 'cover',
};

/** The parts of a summary, in the order the engines write them (the verdict first). */
export function aiSummaryParts(summary: AiSummary): string[] {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(summary)) {
    if (key === 'maxUnsafeLabel' || key === 'maxUnsafeConfidence') continue;
    if (key === 'verdict') {
      const label = summary.maxUnsafeLabel;
      const confidence = summary.maxUnsafeConfidence;
      const max =
        label === undefined
          ? ''
          : ` (max unsafe label ${String(label)}${typeof confidence === 'number' ? `, ${round(confidence)} %` : ''})`;
      parts.push(`verdict ${String(value)}${max}`);
      continue;
    }
    const counted = COUNTS[key];
    if (typeof value === 'number' && counted) {
      parts.push(`${value} ${value === 1 ? counted[0] : counted[1]}`);
      continue;
    }
    const name = NAMES[key] ?? key;
    if (typeof value === 'boolean') parts.push(value ? name : `no ${name}`);
    else parts.push(`${name}: ${String(value)}`);
  }
  return parts;
}

export function aiSummaryText(summary: AiSummary): string {
  return aiSummaryParts(summary).join(' · ');
}

function round(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** What an AI output is, by its kind (the links' small caption). */
export const AI_OUTPUT_KINDS: Readonly<Record<string, string>> = {
  reviewResult: 'review result (JSON)',
  recognitionResult: 'recognition result (JSON)',
  analysisResult: 'analysis result (JSON)',
  cover: 'cover image',
  subtitles: 'subtitles',
};
