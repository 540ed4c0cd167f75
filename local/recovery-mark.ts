import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * `<dataDir>/recovered-before`: the time before which a start-up recovery has looked at every upload
 * (ISO-8601). The next start only looks at uploads from a little before it, so a large trigger
 * directory is not checked object by object on every start.
 */
export const RECOVERY_MARK_FILE = 'recovered-before';

/** S3 times are whole seconds and a PUT may end after it began: look a little earlier than the mark. */
const MARK_SLACK_MS = 10_000;

/** Where the next recovery may start looking, or undefined when no recovery has finished here. */
export function readRecoveryMark(dataDir: string): Date | undefined {
  const file = path.join(dataDir, RECOVERY_MARK_FILE);
  if (!existsSync(file)) return undefined;
  const ms = Date.parse(readFileSync(file, 'utf8').trim());
  return Number.isNaN(ms) ? undefined : new Date(ms - MARK_SLACK_MS);
}

/** Records that every upload before `before` has been looked at. */
export function writeRecoveryMark(dataDir: string, before: Date): void {
  writeFileSync(path.join(dataDir, RECOVERY_MARK_FILE), before.toISOString());
}
