/** The version of the mps-aws package the CLI belongs to (its package.json). */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** "0.1.0": package.json's `version`, read once. */
export function cliVersion(): string {
  cached ??= (
    JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }
  ).version;
  return cached;
}
let cached: string | undefined;
