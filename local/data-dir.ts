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
import {
  type EndpointsRecord,
  readEndpointsRecord,
  removeEndpointsRecord,
  writeEndpointsRecord,
} from './endpoints-record';

/** What `<dataDir>/endpoints.json` holds (see ./endpoints-record.ts). */
export type EndpointsFile = EndpointsRecord;

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
    const raw = readFileSync(file, 'utf8');
    const secret = raw.trim();
    if (secret.length >= 32) {
      // Files written before carried a trailing newline: keep the key, drop the newline.
      if (raw !== secret) writeFileSync(file, secret, { mode: 0o600 });
      return secret;
    }
  }
  const secret = randomBytes(32).toString('hex');
  // No trailing newline: the file is the key, byte for byte (receivers read it as is).
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export function writeEndpointsFile(dataDir: string, content: EndpointsFile): string {
  const file = path.join(dataDir, ENDPOINTS_FILE);
  writeEndpointsRecord(file, content);
  return file;
}

export function readEndpointsFile(dataDir: string): EndpointsFile | undefined {
  return readEndpointsRecord(path.join(dataDir, ENDPOINTS_FILE));
}

/** Removes endpoints.json if this process wrote it (a newer runtime may have replaced it). */
export function removeEndpointsFile(dataDir: string): void {
  removeEndpointsRecord(path.join(dataDir, ENDPOINTS_FILE));
}
