/**
 * The one place that decides which ffmpeg and ffprobe the local engine, its probes and the tests'
 * media helpers run: a system binary on PATH when there is one, otherwise the static binary shipped
 * inside the optional npm packages `@ffmpeg-installer/<platform>-<arch>` and
 * `@ffprobe-installer/<platform>-<arch>` (installed by `npm install`, nothing downloaded at run time).
 *
 * MPS_FFMPEG chooses: `auto` (default: system, else bundled), `system` or `bundled`.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync } from 'node:fs';
import path from 'node:path';

/** Where a binary comes from. */
export type BinarySource = 'system' | 'bundled';

/** One resolved executable. */
export interface ResolvedBinary {
  /** What to spawn: a bare command name (found on PATH) or an absolute path. */
  path: string;
  source: BinarySource;
  /** The version ffmpeg/ffprobe print first in `-version` (e.g. `5.1.9-0+deb12u1`). */
  version: string;
}

/** The ffmpeg and ffprobe to run. */
export interface FfmpegBinaries {
  ffmpeg: ResolvedBinary;
  ffprobe: ResolvedBinary;
}

/** The environment variable that chooses between the system and the bundled binaries. */
export const FFMPEG_CHOICE_ENV = 'MPS_FFMPEG';

type Tool = 'ffmpeg' | 'ffprobe';

const INSTALL_HINT = [
  '  Debian/Ubuntu:  sudo apt-get install -y ffmpeg',
  '  macOS:          brew install ffmpeg',
  '  Windows:        winget install ffmpeg   (or use WSL)',
].join('\n');
type Choice = 'auto' | BinarySource;

/** Thrown when no usable ffmpeg/ffprobe can be found; the message says what was tried. */
export class FfmpegNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FfmpegNotFoundError';
  }
}

function choiceOf(env: NodeJS.ProcessEnv): Choice {
  const raw = (env[FFMPEG_CHOICE_ENV] ?? 'auto').trim().toLowerCase() || 'auto';
  if (raw === 'auto' || raw === 'system' || raw === 'bundled') return raw;
  throw new FfmpegNotFoundError(`${FFMPEG_CHOICE_ENV} must be auto, system or bundled; got "${raw}"`);
}

/** The version from `<tool> -version`, or undefined when the command does not run. */
function versionOf(command: string, env: NodeJS.ProcessEnv): string | undefined {
  const r = spawnSync(command, ['-version'], {
    encoding: 'utf8',
    env: binaryEnvironment(command, env),
    timeout: 10_000,
  });
  if (r.error !== undefined || r.status !== 0) return undefined;
  return /version (\S+)/.exec(r.stdout)?.[1] ?? 'unknown';
}

const bundledPaths = new Map<Tool, string | undefined>();

/** The executable inside the platform package, or undefined when that package is not installed. */
export function bundledBinaryPath(tool: Tool): string | undefined {
  if (!bundledPaths.has(tool)) bundledPaths.set(tool, findBundledBinary(tool));
  return bundledPaths.get(tool);
}

function findBundledBinary(tool: Tool): string | undefined {
  const pkg = `@${tool}-installer/${process.platform}-${process.arch}`;
  let dir: string;
  try {
    dir = path.dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    return undefined;
  }
  const file = path.join(dir, process.platform === 'win32' ? `${tool}.exe` : tool);
  if (!existsSync(file)) return undefined;
  if (process.platform !== 'win32') {
    try {
      accessSync(file, constants.X_OK);
    } catch {
      // The package's postinstall (`chmod u+x`) does not run when install scripts are disabled.
      chmodSync(file, 0o755);
    }
  }
  return file;
}

function resolveTool(tool: Tool, choice: Choice, env: NodeJS.ProcessEnv): ResolvedBinary {
  if (choice !== 'bundled') {
    const version = versionOf(tool, env);
    if (version !== undefined) return { path: tool, source: 'system', version };
    if (choice === 'system') {
      throw new FfmpegNotFoundError(
        `${FFMPEG_CHOICE_ENV}=system but ${tool} is not on PATH. Install ffmpeg, or unset ${FFMPEG_CHOICE_ENV} ` +
          `to use the bundled one:\n${INSTALL_HINT}`,
      );
    }
  }
  const file = bundledBinaryPath(tool);
  const version = file === undefined ? undefined : versionOf(file, env);
  if (file !== undefined && version !== undefined) return { path: file, source: 'bundled', version };
  const pkg = `@${tool}-installer/${process.platform}-${process.arch}`;
  throw new FfmpegNotFoundError(
    `${tool} is not on PATH and the bundled one (npm package ${pkg}) is ` +
      (file === undefined ? 'not installed' : 'not runnable') +
      `. Run \`npm install\` (it installs ${pkg} where the platform has one), or install ffmpeg:\n` +
      INSTALL_HINT,
  );
}

/**
 * The environment to run `command` with. The bundled binaries are static builds whose glibc loads
 * iconv modules (gconv) at run time: the system's modules crash them (ffprobe segfaults on every MPEG-TS
 * file, e.g. HLS segments). A GCONV_PATH without modules leaves them the built-in conversions only.
 */
export function binaryEnvironment(command: string, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const bundled = command === bundledBinaryPath('ffmpeg') || command === bundledBinaryPath('ffprobe');
  return bundled ? { ...env, GCONV_PATH: path.join(path.dirname(command), 'no-gconv-modules') } : env;
}

let cached: { key: string; binaries: FfmpegBinaries } | undefined;

/**
 * The ffmpeg and ffprobe to run, resolved once per process (and again if MPS_FFMPEG or PATH change).
 * @throws FfmpegNotFoundError when neither a system nor a bundled binary can run.
 */
export function ffmpegBinaries(env: NodeJS.ProcessEnv = process.env): FfmpegBinaries {
  const choice = choiceOf(env);
  const key = `${choice}\0${env.PATH ?? ''}`;
  if (cached?.key === key) return cached.binaries;
  const binaries = {
    ffmpeg: resolveTool('ffmpeg', choice, env),
    ffprobe: resolveTool('ffprobe', choice, env),
  };
  cached = { key, binaries };
  return binaries;
}

/** One line for the start banner, e.g. `ffmpeg 5.1.9 (system, on PATH); ffprobe 5.1.9 (system, on PATH)`. */
export function describeBinaries(b: FfmpegBinaries): string {
  const one = (name: Tool, r: ResolvedBinary) =>
    `${name} ${r.version} (${r.source === 'system' ? 'system, on PATH' : `bundled: ${r.path}`})`;
  return `${one('ffmpeg', b.ffmpeg)}; ${one('ffprobe', b.ffprobe)}`;
}
