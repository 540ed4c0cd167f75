import { createHmac } from 'node:crypto';
import {
  SIGNATURE_HEADER,
  signatureHeaders,
  signPayload,
  TIMESTAMP_HEADER,
  verifySignature,
} from '../../../lambdas/core/notifications';

const SECRET = 'test-secret';
const BODY = '{"version":"1","eventType":"TaskFinished"}';
const NOW = new Date('2026-11-24T10:53:11Z');
const TS = String(NOW.getTime() / 1000);

describe('signPayload', () => {
  it('is v1= + hex HMAC-SHA256 over "timestamp.body"', () => {
    const expected = createHmac('sha256', SECRET).update(`${TS}.${BODY}`).digest('hex');
    expect(signPayload(SECRET, TS, BODY)).toBe(`v1=${expected}`);
    expect(signPayload(SECRET, Number(TS), BODY)).toBe(`v1=${expected}`);
  });

  it('builds both headers for a delivery', () => {
    const headers = signatureHeaders(SECRET, BODY, NOW);
    expect(headers[TIMESTAMP_HEADER]).toBe(TS);
    expect(headers[SIGNATURE_HEADER]).toBe(signPayload(SECRET, TS, BODY));
  });
});

describe('verifySignature', () => {
  const header = signPayload(SECRET, TS, BODY);

  it('accepts a valid signature within the window', () => {
    expect(verifySignature(SECRET, TS, BODY, header, { now: NOW })).toBe(true);
    expect(verifySignature(SECRET, TS, BODY, header.toUpperCase().replace('V1=', 'v1='), { now: NOW })).toBe(
      true,
    );
  });

  it('rejects a changed body, timestamp, secret or signature', () => {
    expect(verifySignature(SECRET, TS, `${BODY} `, header, { now: NOW })).toBe(false);
    expect(verifySignature(SECRET, String(Number(TS) + 1), BODY, header, { now: NOW })).toBe(false);
    expect(verifySignature('other', TS, BODY, header, { now: NOW })).toBe(false);
    const flipped = header.slice(0, -1) + (header.endsWith('0') ? '1' : '0');
    expect(verifySignature(SECRET, TS, BODY, flipped, { now: NOW })).toBe(false);
  });

  it('rejects malformed headers and timestamps', () => {
    for (const bad of ['', 'v1=', 'v1=zz', header.slice(3), `v2=${header.slice(3)}`, header.slice(0, -2)]) {
      expect(verifySignature(SECRET, TS, BODY, bad, { now: NOW })).toBe(false);
    }
    expect(verifySignature(SECRET, '-1', BODY, header, { now: NOW })).toBe(false);
    expect(verifySignature(SECRET, `${TS}.5`, BODY, header, { now: NOW })).toBe(false);
  });

  it('enforces the replay window (default 300 s)', () => {
    const later = (s: number) => new Date(NOW.getTime() + s * 1000);
    expect(verifySignature(SECRET, TS, BODY, header, { now: later(300) })).toBe(true);
    expect(verifySignature(SECRET, TS, BODY, header, { now: later(301) })).toBe(false);
    expect(verifySignature(SECRET, TS, BODY, header, { now: later(-301) })).toBe(false);
    expect(verifySignature(SECRET, TS, BODY, header, { now: later(3000), toleranceSeconds: 3600 })).toBe(
      true,
    );
  });

  it('accepts any of several comma-separated signatures (key rotation)', () => {
    const rotated = `${signPayload('old-secret', TS, BODY)}, ${header}`;
    expect(verifySignature(SECRET, TS, BODY, rotated, { now: NOW })).toBe(true);
    expect(verifySignature('old-secret', TS, BODY, rotated, { now: NOW })).toBe(true);
    expect(verifySignature('third', TS, BODY, rotated, { now: NOW })).toBe(false);
  });
});
