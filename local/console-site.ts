/**
 * The web console as the local control API serves it: the current build of console/ (built on demand,
 * console/build.ts) under /console/, with a Content-Security-Policy that allows the page's own scripts
 * and styles and, for presigned URLs, the local S3 endpoint (uploads, players, images).
 */
import { ensureConsoleBuilt } from '../console/build';
import type { StaticSite } from '../lambdas/api/http-server';

export const CONSOLE_PATH = '/console/';

export function consoleSite(s3Endpoint: string): StaticSite {
  const s3 = new URL(s3Endpoint).origin;
  return {
    prefix: CONSOLE_PATH,
    dir: ensureConsoleBuilt(),
    // Same origin, no sign-in: the local API has no authentication (and listens on 127.0.0.1 only).
    files: { 'config.json': JSON.stringify({ mode: 'local' }) },
    headers: {
      'content-security-policy': [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        `connect-src 'self' ${s3}`,
        `img-src 'self' data: ${s3}`,
        `media-src 'self' blob: ${s3}`,
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
      ].join('; '),
      // Presigned URLs stay out of Referer headers.
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
    },
  };
}
