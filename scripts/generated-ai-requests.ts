/**
 * Writes every Rekognition Video / Transcribe request the AI items can produce
 * (test/unit/ai/ai-request-matrix.ts) into DIR, one JSON array per request shape, named
 * `{service}.{Shape}.json`, for external validators:
 *
 *   npx tsx scripts/generated-ai-requests.ts /tmp/ai && \
 *   MEDIACONVERT_MODEL=../shared/aws-models/rekognition-2016-06-27.json \
 *     node ../shared/mediaconvert/validate-job.mjs --shape 'com.amazonaws.rekognition#StartTextDetectionRequest' \
 *     /tmp/ai/rekognition.StartTextDetectionRequest.json
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generatedAiRequests } from '../test/unit/ai/ai-request-matrix';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: tsx scripts/generated-ai-requests.ts DIR');
  process.exit(2);
}
mkdirSync(dir, { recursive: true });
const byShape = new Map<string, unknown[]>();
for (const r of generatedAiRequests()) byShape.set(r.shape, [...(byShape.get(r.shape) ?? []), r.input]);
for (const [shape, inputs] of byShape) {
  const [namespace, name] = shape.split('#') as [string, string];
  const file = path.join(dir, `${namespace.replace('com.amazonaws.', '')}.${name}.json`);
  writeFileSync(file, `${JSON.stringify(inputs)}\n`);
  console.log(`${shape}\t${file}\t${inputs.length}`);
}
