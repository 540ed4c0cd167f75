import { lookup } from 'node:dns/promises';
import { isPrivateHost } from '../core/schemas/notification-target';
import { signatureHeaders } from '../core/notifications';
import type { SecretProvider } from './secret';

/** Resolves a host name to its IP addresses. */
export type Resolver = (hostname: string) => Promise<string[]>;

export interface HttpNotifierOptions {
  secret: SecretProvider;
  /** Allow http:// and loopback/private/link-local targets (local runtime only). @default false */
  allowPrivate?: boolean;
  /** @default 10000 */
  timeoutMs?: number;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** @default DNS lookup of all addresses */
  resolve?: Resolver;
  now?: () => Date;
}

/** A callback that must not be sent (bad scheme, private target); retrying cannot help. */
export class CallbackRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CallbackRefusedError';
  }
}

/**
 * The callback could not be reached (connection refused, DNS, TLS, timeout): the message names the URL
 * and the network cause (fetch's own message is only "fetch failed").
 */
export class CallbackUnreachableError extends Error {
  constructor(url: string, cause: unknown, timeoutMs: number) {
    const e = cause as { name?: string; message?: string; cause?: { code?: string; message?: string } };
    const reason =
      e?.name === 'TimeoutError'
        ? `no answer within ${timeoutMs / 1000} s`
        : (e?.cause?.message ?? e?.cause?.code ?? e?.message ?? String(cause));
    super(`callback ${url} could not be reached: ${reason}`, { cause });
    this.name = 'CallbackUnreachableError';
  }
}

const defaultResolve: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/** POSTs `body` (JSON) to `url`; resolves on 2xx, rejects otherwise. */
export type HttpPoster = (url: string, body: string) => Promise<void>;

/**
 * Signed HTTPS POST of task events: headers X-Mps-Timestamp and X-Mps-Signature (HMAC-SHA256 of
 * `timestamp.body`), 10 s timeout, redirects not followed, non-2xx = failure. Refuses non-https URLs and
 * hosts that are, or resolve to, loopback/private/link-local/metadata addresses unless `allowPrivate`.
 */
export function createHttpNotifier(opts: HttpNotifierOptions): HttpPoster {
  const doFetch = opts.fetch ?? globalThis.fetch;
  const resolve = opts.resolve ?? defaultResolve;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const now = opts.now ?? (() => new Date());
  return async (url, body) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new CallbackRefusedError(`callback URL ${JSON.stringify(url)} is not a valid URL`);
    }
    if (!opts.allowPrivate) {
      if (parsed.protocol !== 'https:') {
        throw new CallbackRefusedError(
          `callback URL must use https://; got ${parsed.protocol}//${parsed.host}`,
        );
      }
      const host = parsed.hostname;
      const addresses = isPrivateHost(host) ? [host] : await resolve(host.replace(/^\[|\]$/g, ''));
      const bad = addresses.find((a) => isPrivateHost(a));
      if (bad !== undefined) {
        throw new CallbackRefusedError(
          `callback host ${host} is or resolves to a loopback, private or link-local address (${bad})`,
        );
      }
    } else if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      throw new CallbackRefusedError(`callback URL must use http:// or https://; got ${parsed.protocol}`);
    }
    const secret = await opts.secret();
    const where = `${parsed.origin}${parsed.pathname}`;
    let res: Response;
    try {
      res = await doFetch(parsed, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'mps-aws-callback/1',
          ...signatureHeaders(secret, body, now()),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new CallbackUnreachableError(where, err, timeoutMs);
    }
    // Drain the body so the connection can be reused.
    await res.arrayBuffer().catch(() => undefined);
    if (res.status < 200 || res.status > 299) {
      throw new Error(`callback ${where} answered HTTP ${res.status}`);
    }
  };
}
