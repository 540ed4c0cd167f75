/**
 * Builds the web console (console/src: Preact + hls.js, bundled by esbuild; no CDN at run time) into
 * console/dist/<content hash>/. `ensureConsoleBuilt()` builds only when the sources changed, so the
 * local runtime calls it on every start (`npm start`, the tests) and CDK at synth (lib/console-hosting.ts);
 * a fresh clone needs no build step. Synchronous (esbuild's buildSync): CDK constructs cannot await.
 * A build goes to a temporary folder renamed into place, so concurrent starts (jest workers) never see
 * a half-written site; folders of older builds are removed.
 *
 *   npx tsx console/build.ts    prints the folder of the current build
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  copyFileSync,
} from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';

/** `<package root>/console`, from the sources (tsx, jest) and from a compiled copy (dist/console/) alike. */
function consoleRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'mps-aws'
    ) {
      return path.join(dir, 'console');
    }
    if (path.dirname(dir) === dir) throw new Error(`mps-aws: no package.json of mps-aws above ${from}`);
  }
}

export const CONSOLE_ROOT = consoleRoot(__dirname);
const SRC = path.join(CONSOLE_ROOT, 'src');
const DIST = path.join(CONSOLE_ROOT, 'dist');
/** Copied as they are; everything else in src/ is bundled from main.tsx. */
const STATIC_FILES = ['index.html', 'styles.css', 'favicon.svg'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .sort();
}

/** A hash of the sources, this script and the bundled packages' versions. */
export function consoleBuildId(): string {
  const hash = createHash('sha256');
  for (const file of [...sourceFiles(SRC), path.join(CONSOLE_ROOT, 'build.ts')]) {
    hash.update(path.relative(CONSOLE_ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  for (const pkg of ['preact', 'hls.js', 'esbuild']) {
    const manifest = require.resolve(`${pkg}/package.json`);
    hash
      .update(pkg)
      .update(String((JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version));
  }
  return hash.digest('hex').slice(0, 16);
}

/** Bundles the console into `outDir` (created). */
export function buildConsole(outDir: string): void {
  mkdirSync(outDir, { recursive: true });
  buildSync({
    entryPoints: [path.join(SRC, 'main.tsx')],
    outfile: path.join(outDir, 'app.js'),
    bundle: true,
    minify: true,
    sourcemap: 'linked',
    format: 'esm',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'linked',
    logLevel: 'silent',
  });
  for (const name of STATIC_FILES) copyFileSync(path.join(SRC, name), path.join(outDir, name));
}

/** The folder of an up-to-date build, building it first when the sources changed. */
export function ensureConsoleBuilt(): string {
  const id = consoleBuildId();
  const target = path.join(DIST, id);
  if (existsSync(path.join(target, 'app.js'))) return target;
  const tmp = path.join(DIST, `.tmp-${process.pid}-${Date.now()}`);
  try {
    buildConsole(tmp);
    try {
      renameSync(tmp, target);
    } catch (err) {
      // Another process finished the same build first.
      if (!existsSync(path.join(target, 'app.js'))) throw err;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  // Older builds (and temporary folders left by a crash more than an hour ago) go.
  for (const name of readdirSync(DIST)) {
    const dir = path.join(DIST, name);
    const stale = name.startsWith('.tmp-') ? Date.now() - statSync(dir).mtimeMs > 3_600_000 : name !== id;
    if (stale) rmSync(dir, { recursive: true, force: true });
  }
  return target;
}

if (require.main === module) console.log(ensureConsoleBuilt());
