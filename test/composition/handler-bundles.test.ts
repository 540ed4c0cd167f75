/**
 * Each Lambda bundle holds only what its function uses: the composition root builds every function in
 * one file, and esbuild (as lib/function.ts bundles) must drop the builders — and their SDK clients and
 * validation code — that a handler does not call. `"sideEffects": false` in package.json is what lets it.
 */
import path from 'node:path';
import * as esbuild from 'esbuild';
import { handlerBuildOptions } from '../../scripts/handler-bundle';

const ROOT = path.join(__dirname, '..', '..');

/** Packages whose presence in a bundle says which parts were built. */
const MARKERS = [
  '@aws-sdk/client-dynamodb',
  '@aws-sdk/client-s3',
  '@aws-sdk/client-sqs',
  '@aws-sdk/client-sns',
  '@aws-sdk/client-lambda',
  '@aws-sdk/client-secrets-manager',
  '@aws-sdk/client-mediaconvert',
  'zod',
  'jpeg-js',
] as const;

async function packagesIn(handler: string): Promise<string[]> {
  const result = await esbuild.build({
    ...handlerBuildOptions(
      path.join(ROOT, 'lambdas', 'handlers', `${handler}.ts`),
      path.join(ROOT, 'cdk.out', 'bundle-test', `${handler}.js`),
    ),
    sourcemap: false,
    write: false,
    metafile: true,
  });
  const [output] = Object.values(result.metafile.outputs);
  const present = new Set<string>();
  for (const [file, { bytesInOutput }] of Object.entries(output!.inputs)) {
    if (bytesInOutput === 0) continue;
    for (const marker of MARKERS) if (file.includes(`node_modules/${marker}/`)) present.add(marker);
  }
  return [...present].sort();
}

describe('handler bundles', () => {
  const cases: [string, string[]][] = [
    // Notifications go to SQS, SNS, HTTPS or Lambda; the callback key comes from Secrets Manager.
    [
      'notify-delivery',
      [
        '@aws-sdk/client-lambda',
        '@aws-sdk/client-secrets-manager',
        '@aws-sdk/client-sns',
        '@aws-sdk/client-sqs',
      ],
    ],
    // GetJob/CancelJob; frame counts of a recovered job listed in S3.
    [
      'watchdog',
      [
        '@aws-sdk/client-dynamodb',
        '@aws-sdk/client-mediaconvert',
        '@aws-sdk/client-s3',
        '@aws-sdk/client-sqs',
      ],
    ],
    // Sprites: frames read and sheets written on S3, JPEG coded in JS; the cover jobs of AI analyses.
    [
      'job-events',
      [
        '@aws-sdk/client-dynamodb',
        '@aws-sdk/client-mediaconvert',
        '@aws-sdk/client-s3',
        '@aws-sdk/client-sqs',
        'jpeg-js',
      ],
    ],
    [
      'ingest',
      [
        '@aws-sdk/client-dynamodb',
        '@aws-sdk/client-mediaconvert',
        '@aws-sdk/client-s3',
        '@aws-sdk/client-sqs',
        'zod',
      ],
    ],
    ['seed', ['@aws-sdk/client-dynamodb', 'zod']],
  ];

  it.each(cases)('%s holds exactly the clients its function builds', async (handler, expected) => {
    expect(await packagesIn(handler)).toEqual([...expected].sort());
  });
});
