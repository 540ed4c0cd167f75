/**
 * Presigned GET URLs (SigV4 query signing, like the SDK's S3 presigner) for an object of the local
 * runtime's S3 (path-style on its endpoint) or of AWS S3 (virtual-hosted style when the bucket name
 * allows it).
 */
import { s3Signing, type AwsCredentialIdentity, type S3Target } from './s3';

/** Longest validity SigV4 allows: 7 days. */
export const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

/** The key with each segment URI-encoded as S3 expects ('/' kept; RFC 3986 unreserved kept). */
export function encodeKey(key: string): string {
  return key
    .split('/')
    .map((segment) =>
      encodeURIComponent(segment).replace(
        /[!'()*]/g,
        (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
      ),
    )
    .join('/');
}

/** Where the object is: a URL without query. */
export function objectUrl(target: S3Target, region: string, bucket: string, key: string): URL {
  if (target.local) return new URL(`${target.local.s3.replace(/\/+$/, '')}/${bucket}/${encodeKey(key)}`);
  const domain = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  const virtualHosted = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(bucket);
  return virtualHosted
    ? new URL(`https://${bucket}.s3.${region}.${domain}/${encodeKey(key)}`)
    : new URL(`https://s3.${region}.${domain}/${bucket}/${encodeKey(key)}`);
}

/** A URL that GETs s3://bucket/key without credentials for `expiresIn` seconds. */
export async function presignGetUrl(
  target: S3Target,
  bucket: string,
  key: string,
  expiresIn: number,
  signingDate = new Date(),
): Promise<string> {
  const { region, credentials } = await s3Signing(target);
  return presignUrl(objectUrl(target, region, bucket, key), { region, credentials }, expiresIn, signingDate);
}

/**
 * SigV4 query signing of a GET of `url` (path already encoded), as S3 documents it: signed header
 * `host` only, payload UNSIGNED-PAYLOAD, session token in X-Amz-Security-Token.
 */
export async function presignUrl(
  url: URL,
  signing: { region: string; credentials: AwsCredentialIdentity },
  expiresIn: number,
  signingDate: Date,
): Promise<string> {
  const [{ SignatureV4 }, { Sha256 }] = await Promise.all([
    import('@smithy/signature-v4'),
    import('@aws-crypto/sha256-js'),
  ]);
  const signer = new SignatureV4({
    service: 's3',
    region: signing.region,
    credentials: signing.credentials,
    sha256: Sha256,
    uriEscapePath: false,
    applyChecksum: false,
  });
  // The payload hash is UNSIGNED-PAYLOAD; the header only tells the signer so and is neither hoisted
  // into the query nor signed.
  const payload = new Set(['x-amz-content-sha256']);
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query: {},
      headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    },
    { expiresIn, signingDate, unhoistableHeaders: payload, unsignableHeaders: payload },
  );
  const query = Object.entries(signed.query ?? {})
    .flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((v) => [name, v] as const))
    .filter((pair): pair is readonly [string, string] => pair[1] !== null)
    .map(([name, v]) => `${encodeURIComponent(name)}=${encodeURIComponent(v)}`)
    .join('&');
  return `${url.origin}${url.pathname}?${query}`;
}
