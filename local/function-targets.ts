/**
 * Function notifications in the local runtime, which has no Lambda: a `function` target is the path
 * of a handler module (absolute, or relative to the data directory) exporting `handler(event, context)`,
 * called with the task event like an async Lambda invoke. A handler that throws (or rejects) fails the
 * delivery, which is retried and dead-lettered like any other.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FunctionTargets } from '../lambdas/core/ports';

type Handler = (event: unknown, context: { functionName: string }) => unknown;

/** The handler a module exports (`handler`, or `default.handler` for a CommonJS module imported as ESM). */
function handlerOf(mod: Record<string, unknown>): Handler | undefined {
  const direct = mod.handler;
  if (typeof direct === 'function') return direct as Handler;
  const nested = (mod.default as Record<string, unknown> | undefined)?.handler;
  return typeof nested === 'function' ? (nested as Handler) : undefined;
}

/** FunctionTargets over handler modules, paths resolved against `dataDir`. */
export function localFunctionTargets(dataDir: string): FunctionTargets {
  const resolve = (target: string) => (path.isAbsolute(target) ? target : path.resolve(dataDir, target));

  const load = async (target: string): Promise<{ handler?: Handler; problem?: string }> => {
    const file = resolve(target);
    if (!existsSync(file) || !statSync(file).isFile()) {
      return { problem: `no module file at ${file} (relative paths start at the data directory ${dataDir})` };
    }
    let mod: Record<string, unknown>;
    try {
      // An absolute path is a valid specifier on POSIX (and loads under tsx, node and jest alike).
      const specifier = process.platform === 'win32' ? pathToFileURL(file).href : file;
      mod = (await import(specifier)) as Record<string, unknown>;
    } catch (err) {
      return {
        problem: `module ${file} could not be loaded: ${err instanceof Error ? err.message : String(err)}`,
      };
    }
    const handler = handlerOf(mod);
    return handler ? { handler } : { problem: `module ${file} exports no handler function (export handler)` };
  };

  return {
    async problem(target) {
      return (await load(target)).problem;
    },
    async invoke(target, payload) {
      const { handler, problem } = await load(target);
      if (!handler) throw new Error(`function notification target ${target}: ${problem}`);
      await handler(JSON.parse(payload) as unknown, { functionName: path.basename(resolve(target)) });
    },
  };
}
