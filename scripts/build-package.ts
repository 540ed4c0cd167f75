/**
 * Builds what the npm package ships (`npm run build`, run by `npm pack`/`npm publish` through prepack):
 *   dist/lib/…                     the constructs, compiled to CommonJS with .d.ts (tsconfig.build.json)
 *   dist/handlers/<name>/index.js  each Lambda handler bundled exactly as lib/function.ts bundles it, so an
 *                                  installed package deploys without its sources' lock file or esbuild
 *   dist/task-event.schema.json    the JSON Schema of the events subscribers receive
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { HANDLER_NAMES, handlerBuildOptions } from './handler-bundle';

const ROOT = path.join(__dirname, '..');
const DIST = path.join(ROOT, 'dist');

async function main(): Promise<void> {
  rmSync(DIST, { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.build.json')],
    {
      stdio: 'inherit',
    },
  );
  for (const name of HANDLER_NAMES) {
    await esbuild.build(
      handlerBuildOptions(
        path.join(ROOT, 'lambdas', 'handlers', `${name}.ts`),
        path.join(DIST, 'handlers', name, 'index.js'),
      ),
    );
  }
  mkdirSync(DIST, { recursive: true });
  copyFileSync(
    path.join(ROOT, 'lambdas', 'core', 'notifications', 'task-event.schema.json'),
    path.join(DIST, 'task-event.schema.json'),
  );
  console.log(
    `built ${path.relative(process.cwd(), DIST) || 'dist'}: lib, ${HANDLER_NAMES.length} handler bundles, task-event schema`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
