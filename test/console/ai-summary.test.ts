/** The subtask table's words for AI summaries (console/src/ai-summary.ts), for both engines' keys. */
import { aiSummaryText } from '../../console/src/ai-summary';

describe('aiSummaryText', () => {
  it('puts the verdict first with the most confident unsafe label', () => {
    expect(
      aiSummaryText({ verdict: 'review', segments: 12, maxUnsafeLabel: 'Porn', maxUnsafeConfidence: 72.46 }),
    ).toBe('verdict review (max unsafe label Porn, 72.5 %) · 12 segments');
    expect(aiSummaryText({ verdict: 'pass', segments: 1 })).toBe('verdict pass · 1 segment');
  });

  it('counts what was found and shows codes of parts that did not run', () => {
    expect(aiSummaryText({ shots: 1, blackSegments: 0, labels: 'NotAvailableLocally', cover: true })).toBe(
      '1 shot · 0 black segments · labels: NotAvailableLocally · cover',
    );
    expect(aiSummaryText({ cover: false })).toBe('no cover');
    expect(aiSummaryText({ textSegments: 3, speech: 'NotAvailableLocally' })).toBe(
      '3 text segments · speech: NotAvailableLocally',
    );
    expect(aiSummaryText({ speechSegments: 4, words: 31, labels: 7, technicalCues: 2 })).toBe(
      '4 speech segments · 31 words · 7 labels · 2 technical cues',
    );
    expect(aiSummaryText({ somethingNew: 'x' })).toBe('somethingNew: x');
  });
});
