/**
 * Where a running local runtime records its endpoints for the `mps` CLI:
 *   - `<dataDir>/endpoints.json`, always;
 *   - the per-user record `${XDG_STATE_HOME:-~/.local/state}/mps-aws/local-endpoints.json` (or the file
 *     MPS_LOCAL_ENDPOINTS names), written by `npm start`, so that the CLI finds the runtime from any
 *     directory whatever its --data-dir.
 * A record is removed when its runtime stops (only by the process that wrote it).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Names the per-user endpoints record instead of the default location. */
export const LOCAL_ENDPOINTS_ENV = 'MPS_LOCAL_ENDPOINTS';

/** What a record holds: where the running runtime listens and how to sign in to it. */
export interface EndpointsRecord {
  /** Control API base URL. */
  api: string;
  s3: string;
  sqs: string;
  sns: string;
  dynamodb: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** The demo schema's notification queue. */
  eventsQueueUrl: string;
  bucket: string;
  tableName: string;
  /** The runtime's data directory (absolute). */
  dataDir: string;
  /** PID of the runtime that wrote the record. */
  pid: number;
  startedAt: string;
}

/**
 * The per-user record's path: MPS_LOCAL_ENDPOINTS, else `$XDG_STATE_HOME/mps-aws/local-endpoints.json`,
 * else `$HOME/.local/state/mps-aws/local-endpoints.json` (USERPROFILE on Windows); undefined when the
 * environment names no home.
 */
export function userEndpointsFile(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (env[LOCAL_ENDPOINTS_ENV]) return path.resolve(env[LOCAL_ENDPOINTS_ENV]);
  const home = env.HOME ?? env.USERPROFILE;
  const state = env.XDG_STATE_HOME || (home ? path.join(home, '.local', 'state') : undefined);
  return state ? path.join(state, 'mps-aws', 'local-endpoints.json') : undefined;
}

/** Writes `record` to `file` atomically (a reader never sees half a file). */
export function writeEndpointsRecord(file: string, record: EndpointsRecord): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(record, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, file);
}

/** The record in `file`; undefined when there is none. @throws SyntaxError when it is not JSON */
export function readEndpointsRecord(file: string): EndpointsRecord | undefined {
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as EndpointsRecord;
}

/** Removes `file` if this process wrote it (a newer runtime may have replaced it). */
export function removeEndpointsRecord(file: string): void {
  let current: EndpointsRecord | undefined;
  try {
    current = readEndpointsRecord(file);
  } catch {
    return;
  }
  if (current?.pid === process.pid) rmSync(file, { force: true });
}
