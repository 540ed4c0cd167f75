/** HTTP client of the control API: JSON in/out, SigV4 for deployed stacks, API errors as ApiError. */
import type { ResolvedEndpoint } from './endpoint';
import { ApiError, CliError } from './errors';

export type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
}

export interface ApiClientOptions {
  /** AWS named profile whose credentials sign requests (default: the SDK's provider chain). */
  profile?: string;
  fetchImpl?: typeof fetch;
}

export class ApiClient {
  private readonly fetchImpl: typeof fetch;

  constructor(
    readonly endpoint: ResolvedEndpoint,
    private readonly opts: ApiClientOptions = {},
  ) {
    this.fetchImpl = opts.fetchImpl ?? fetch;
  }

  async request<T = unknown>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const url = new URL(this.endpoint.url + path);
    for (const [k, v] of Object.entries(opts.query ?? {})) {
      if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    }
    const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    let headers: Record<string, string> = {
      accept: 'application/json',
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    };
    if (this.endpoint.sign)
      headers = await signedHeaders(method, url, headers, body, this.endpoint.sign.region, this.opts.profile);
    let res: Response;
    try {
      res = await this.fetchImpl(url, { method, headers, ...(body !== undefined ? { body } : {}) });
    } catch (e) {
      const cause = (e as { cause?: { message?: string } }).cause?.message ?? (e as Error).message;
      throw new CliError('ConnectionFailed', `could not reach ${this.endpoint.url}: ${cause}`);
    }
    const text = await res.text();
    let parsed: unknown;
    if (text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
    }
    if (!res.ok) {
      const err = (parsed as { error?: { code?: string; message?: string; field?: string } } | undefined)
        ?.error;
      const message =
        err?.message ??
        (parsed as { message?: string } | undefined)?.message ??
        (text.slice(0, 200) || res.statusText);
      throw new ApiError(res.status, err?.code ?? `Http${res.status}`, message, err?.field);
    }
    return parsed as T;
  }
}

async function signedHeaders(
  method: string,
  url: URL,
  headers: Record<string, string>,
  body: string | undefined,
  region: string,
  profile: string | undefined,
): Promise<Record<string, string>> {
  const [{ SignatureV4 }, { Sha256 }, { fromNodeProviderChain }] = await Promise.all([
    import('@smithy/signature-v4'),
    import('@aws-crypto/sha256-js'),
    import('@aws-sdk/credential-providers'),
  ]);
  const signer = new SignatureV4({
    service: 'execute-api',
    region,
    credentials: fromNodeProviderChain(profile ? { profile } : {}),
    sha256: Sha256,
  });
  const query: Record<string, string> = {};
  url.searchParams.forEach((v, k) => (query[k] = v));
  const signed = await signer.sign({
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: url.pathname,
    query,
    headers: { ...headers, host: url.host },
    ...(body !== undefined ? { body } : {}),
  });
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) if (k.toLowerCase() !== 'host') out[k] = v;
  return out;
}
