/**
 * esbuild options of a handler bundle, derived from lib/function.ts HANDLER_BUNDLING (what NodejsFunction
 * uses), for everything that bundles handlers outside the CDK: the package build, the bundle benchmark
 * and the bundle test.
 */
import type { BuildOptions } from 'esbuild';
import { HANDLER_BUNDLING } from '../lib/function';

export const HANDLER_NAMES = ['ingest', 'job-events', 'notify-delivery', 'api', 'seed', 'watchdog'] as const;

export function handlerBuildOptions(entry: string, outfile: string): BuildOptions {
  const b = HANDLER_BUNDLING;
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: b.target ?? 'node24',
    format: b.format === 'esm' ? 'esm' : 'cjs',
    minify: b.minify ?? false,
    sourcemap: b.sourceMap ?? false,
    sourcesContent: b.sourcesContent ?? true,
    mainFields: [...(b.mainFields ?? [])],
    external: [...(b.externalModules ?? [])],
    logLevel: 'error',
  };
}
