/**
 * bundles: each Lambda handler bundled with esbuild exactly as lib/function.ts has the CDK bundle it
 * (minified CJS for node24, source map without sources, every dependency including @aws-sdk inlined),
 * then: bundle size (raw and gzip) and cold-load time — the median wall time of a fresh
 * `node -e "require(bundle)"` minus that of `node -e "0"`, both spawned alternately.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DEFAULT_STUCK_SUBTASK_MINUTES, ENV } from '../../lambdas/contract';
import { HANDLER_NAMES, handlerBuildOptions } from '../../scripts/handler-bundle';
import { run } from '../lib/spawn';
import { median } from '../lib/stats';
import { type BenchContext, type Row, rowsFor, SkipError, type Suite } from '../lib/types';

const ROOT = path.join(__dirname, '..', '..');
const HANDLERS = HANDLER_NAMES;

/**
 * Dummy values for everything lambdas/config.ts reads at module load (names from lambdas/contract.ts), plus what the Lambda runtime
 * sets, so every handler's fail-fast config validation passes without touching AWS.
 */
export const HANDLER_ENV: Record<string, string> = {
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'AKIDBENCH',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_LAMBDA_FUNCTION_NAME: 'mps-bench',
  [ENV.tableName]: 'mps-bench',
  [ENV.stackId]: 'mps-bench-stack',
  [ENV.mediaConvertRoleArn]: 'arn:aws:iam::123456789012:role/mps-mediaconvert',
  [ENV.mediaConvertEndpoint]: 'https://mediaconvert.eu-west-1.amazonaws.com',
  [ENV.workBucket]: 'mps-bench-work',
  [ENV.notifyQueueUrl]: 'https://sqs.eu-west-1.amazonaws.com/123456789012/mps-notify',
  [ENV.notifyDlqUrl]: 'https://sqs.eu-west-1.amazonaws.com/123456789012/mps-notify-dlq',
  [ENV.notifyMaxAttempts]: '8',
  [ENV.callbackSecretArn]: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:mps-callback-AbCdEf',
  [ENV.stuckSubtaskMinutes]: String(DEFAULT_STUCK_SUBTASK_MINUTES),
  [ENV.jobEventsQueueUrl]: 'https://sqs.eu-west-1.amazonaws.com/123456789012/mps-job-events',
  POWERTOOLS_SERVICE_NAME: 'mps-bench',
  POWERTOOLS_METRICS_NAMESPACE: 'Mps',
  POWERTOOLS_LOG_LEVEL: 'WARN',
};

/** The bundling of lib/function.ts (NodejsFunction `bundling` props) as esbuild build options. */
async function bundle(entry: string, outfile: string): Promise<void> {
  const esbuild = await import('esbuild');
  await esbuild.build(handlerBuildOptions(entry, outfile));
}

export const bundles: Suite = {
  name: 'bundles',
  description: 'esbuild bundle of each handler (as the CDK builds it): bytes, gzip bytes, cold-load ms',
  async run(ctx: BenchContext): Promise<Row[]> {
    const row = rowsFor('bundles');
    const rows: Row[] = [];
    const built: { name: string; file: string }[] = [];
    for (const name of HANDLERS) {
      const entry = path.join(ROOT, 'lambdas', 'handlers', `${name}.ts`);
      if (!existsSync(entry)) {
        rows.push(row(`${name}`, undefined, '', `skipped: lambdas/handlers/${name}.ts does not exist yet`));
        continue;
      }
      const file = path.join(ctx.tmpDir, name, 'index.js');
      const t0 = performance.now();
      try {
        await bundle(entry, file);
      } catch (err) {
        rows.push(
          row(`${name}`, undefined, '', `skipped: bundling failed: ${(err as Error).message.split('\n')[0]}`),
        );
        continue;
      }
      const buildMs = performance.now() - t0;
      const code = readFileSync(file);
      rows.push(
        row(`${name} bundle`, code.length, 'bytes', `esbuild ${buildMs.toFixed(0)} ms`),
        row(`${name} bundle gzip`, gzipSync(code, { level: 9 }).length, 'bytes'),
        row(`${name} source map`, statSync(`${file}.map`).size, 'bytes'),
      );
      built.push({ name, file });
    }
    if (built.length === 0) throw new SkipError('no handler could be bundled');

    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      ...HANDLER_ENV,
    };
    const node = process.execPath;
    // A bundle that throws at load (config validation, a missing dependency) is reported, not timed.
    const loadable: typeof built = [];
    for (const b of built) {
      const r = await run(node, ['-e', `require(${JSON.stringify(b.file)})`], { env });
      if (r.code === 0) loadable.push(b);
      else {
        // The thrown error's own line (`ConfigError: …`), not a line of minified code that mentions one.
        const lines = r.stderr.trim().split('\n');
        const msg = (lines.find((l) => /^\w*Error: /.test(l)) ?? lines[0] ?? '').slice(0, 200);
        rows.push(row(`${b.name} cold load`, undefined, 'ms', `skipped: require() failed: ${msg}`));
      }
    }

    const n = ctx.quick ? 3 : 15;
    const baseline: number[] = [];
    const times = new Map<string, number[]>(loadable.map((b) => [b.name, []]));
    const timesMaps = new Map<string, number[]>(loadable.map((b) => [b.name, []]));
    const withMaps = { ...env, NODE_OPTIONS: '--enable-source-maps' };
    // One warm-up round (page cache), then n rounds; each round spawns the baseline and every bundle.
    for (let round = -1; round < n; round++) {
      const b0 = await run(node, ['-e', '0'], { env });
      if (round >= 0) baseline.push(b0.ms);
      for (const b of loadable) {
        const r = await run(node, ['-e', `require(${JSON.stringify(b.file)})`], { env });
        if (round >= 0) times.get(b.name)!.push(r.ms);
        if (!ctx.quick) {
          const m = await run(node, ['-e', `require(${JSON.stringify(b.file)})`], { env: withMaps });
          if (round >= 0) timesMaps.get(b.name)!.push(m.ms);
        }
      }
    }
    const base = median(baseline);
    rows.push(row('node -e 0 (baseline)', base, 'ms', `median of ${n} fresh processes`));
    for (const b of loadable) {
      const t = median(times.get(b.name)!);
      rows.push(
        row(`${b.name} cold load`, t, 'ms', `node -e require(bundle), median of ${n}`),
        row(`${b.name} cold load − baseline`, t - base, 'ms'),
      );
      if (!ctx.quick) {
        const tm = median(timesMaps.get(b.name)!);
        rows.push(
          row(
            `${b.name} load − baseline, --enable-source-maps`,
            tm - base,
            'ms',
            'as deployed (NODE_OPTIONS)',
          ),
        );
      }
    }
    return rows;
  },
};
