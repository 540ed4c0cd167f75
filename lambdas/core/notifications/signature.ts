import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'X-Mps-Timestamp';
export const SIGNATURE_HEADER = 'X-Mps-Signature';
/** Default replay window of verifySignature. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

function hmacHex(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/**
 * The X-Mps-Signature header value for a callback: "v1=" + hex HMAC-SHA256(secret, `${timestamp}.${body}`).
 * `timestamp` is the X-Mps-Timestamp value, Unix seconds.
 */
export function signPayload(secret: string, timestamp: string | number, body: string): string {
  return `v1=${hmacHex(secret, String(timestamp), body)}`;
}

/** Both headers of a signed callback sent at `now`. */
export function signatureHeaders(secret: string, body: string, now: Date): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: signPayload(secret, timestamp, body) };
}

export interface VerifyOptions {
  /** Largest accepted |now − timestamp|. @default 300 */
  toleranceSeconds?: number;
  /** @default new Date() */
  now?: Date;
}

/**
 * Checks a callback: the timestamp is within the replay window and one of the header's
 * comma-separated "v1=<hex>" signatures matches (several allow key rotation). Constant-time compare.
 */
export function verifySignature(
  secret: string,
  timestamp: string,
  body: string,
  header: string,
  options: VerifyOptions = {},
): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(nowSeconds - Number(timestamp)) > tolerance) return false;
  const expected = Buffer.from(hmacHex(secret, timestamp, body), 'hex');
  let matched = false;
  for (const part of header.split(',')) {
    const match = /^v1=([0-9a-f]{64})$/i.exec(part.trim());
    if (!match?.[1]) continue;
    // Check every candidate so timing does not reveal which one matched.
    if (timingSafeEqual(Buffer.from(match[1].toLowerCase(), 'hex'), expected)) matched = true;
  }
  return matched;
}
