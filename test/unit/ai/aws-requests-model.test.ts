/**
 * Every Rekognition Video and Transcribe request the AI items can produce fits AWS's official models
 * (vendored in local/engine/validation/model/): types, required members, enums, ranges, lengths and
 * patterns (e.g. ClientRequestToken `^[a-zA-Z0-9-_]+$` ≤ 64, TranscriptionJobName ≤ 200, OutputKey's
 * characters). The shared validator checks the same set in CI (scripts/generated-ai-requests.ts).
 */
import { checkAgainstAwsModel, formatViolations } from '../../../local/engine/validation';
import { generatedAiRequests } from './ai-request-matrix';

describe('generated Rekognition and Transcribe requests', () => {
  const requests = generatedAiRequests();

  it('cover every API the engine starts jobs with', () => {
    expect([...new Set(requests.map((r) => r.api))].sort()).toEqual([
      'rekognition:StartContentModeration',
      'rekognition:StartLabelDetection',
      'rekognition:StartSegmentDetection',
      'rekognition:StartTextDetection',
      'transcribe:StartTranscriptionJob',
    ]);
    expect(requests.length).toBeGreaterThan(500);
  });

  it('all fit their request shapes', () => {
    const broken = requests
      .map((r) => ({ api: r.api, violations: checkAgainstAwsModel(r.input, r.shape) }))
      .filter((r) => r.violations.length > 0)
      .map((r) => `${r.api}: ${formatViolations(r.violations)}`);
    expect(broken.slice(0, 5)).toEqual([]);
  });

  it('the check itself catches a request AWS would refuse', () => {
    const [moderation] = requests.filter((r) => r.api === 'rekognition:StartContentModeration');
    const bad = { ...moderation!.input, ClientRequestToken: 't.1.1', MinConfidence: 101 };
    expect(
      checkAgainstAwsModel(bad, moderation!.shape)
        .map((v) => v.path)
        .sort(),
    ).toEqual(['$.ClientRequestToken', '$.MinConfidence']);
  });
});
