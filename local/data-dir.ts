/**
 * The local runtime's data directory:
 *   <dataDir>/dynamodb/        dynalite (LevelDB)
 *   <dataDir>/s3/<bucket>/…    s3rver objects (`<key>._S3rver_object`)
 *   <dataDir>/work/            the ffmpeg engine's scratch space
 *   <dataDir>/callback-secret  HMAC key for URL notifications (generated once, kept by --reset)
 *   <dataDir>/endpoints.json   where the running runtime listens (read by the `mps` CLI)
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface EndpointsFile {
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
  /** PID of the runtime that wrote the file. */
  pid: number;
  startedAt: string;
}

export const ENDPOINTS_FILE = 'endpoints.json';
export const CALLBACK_SECRET_FILE = 'callback-secret';

export function prepareDataDir(dataDir: string, opts: { reset?: boolean } = {}): void {
  mkdirSync(dataDir, { recursive: true });
  if (opts.reset) {
    // Everything but the callback secret: receivers configured with it keep verifying.
    for (const entry of ['dynamodb', 's3', 'work', ENDPOINTS_FILE]) {
      rmSync(path.join(dataDir, entry), { recursive: true, force: true });
    }
  }
  mkdirSync(path.join(dataDir, 'work'), { recursive: true });
}

/** The HMAC secret for URL callbacks: generated on first use, then stable. */
export function loadOrCreateCallbackSecret(dataDir: string): string {
  const file = path.join(dataDir, CALLBACK_SECRET_FILE);
  if (existsSync(file)) {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length >= 32) return secret;
  }
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

export function writeEndpointsFile(dataDir: string, content: EndpointsFile): string {
  const file = path.join(dataDir, ENDPOINTS_FILE);
  writeFileSync(file, JSON.stringify(content, null, 2) + '\n');
  return file;
}

export function readEndpointsFile(dataDir: string): EndpointsFile | undefined {
  const file = path.join(dataDir, ENDPOINTS_FILE);
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as EndpointsFile;
}

/** Removes endpoints.json if this process wrote it (a newer runtime may have replaced it). */
export function removeEndpointsFile(dataDir: string): void {
  const current = (() => {
    try {
      return readEndpointsFile(dataDir);
    } catch {
      return undefined;
    }
  })();
  if (current?.pid === process.pid) rmSync(path.join(dataDir, ENDPOINTS_FILE), { force: true });
}
