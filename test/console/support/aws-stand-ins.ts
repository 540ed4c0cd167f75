/**
 * Local stand-ins of what the console talks to on AWS (console/src/aws-auth.ts), shared by the node test
 * of the sign-in code and the browser test of the sign-in page:
 *
 * - Cognito's user pool JSON API: `admin` with the temporary password must choose a new one first
 *   (NEW_PASSWORD_REQUIRED); refresh tokens renew the ID token.
 * - Cognito's identity pool JSON API: GetId, and GetCredentialsForIdentity issuing fresh temporary
 *   credentials (key id, secret, session token) for a valid ID token, remembered like STS does.
 * - The control API behind IAM: it recomputes the SigV4 signature of each request from what arrived over
 *   the wire with the secret of the caller's key id, requires the session token issued with that key, and
 *   answers 403 otherwise; a signed request is answered `{ ok: true }` or forwarded to a real control API
 *   (the local runtime's) so that pages show real data.
 *
 * CORS: given the console's origin, each stand-in answers preflights for that origin only and adds
 * Access-Control-Allow-Origin to its answers to it. The API's rules mirror the stack's `corsPreflight`
 * (lib/control-api.ts). Cognito itself allows any origin; the stand-ins allowing only the console's
 * is stricter, never laxer.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsConsoleConfig } from '../../../console/src/aws-auth';
import { CONSOLE_API_CORS } from '../../../lambdas/contract';

export const REGION = 'eu-west-1';
export const USER_POOL_ID = `${REGION}_TESTPOOL`;
export const CLIENT_ID = 'client-1';
export const IDENTITY_POOL_ID = `${REGION}:pool-1`;
export const USERNAME = 'admin';
export const TEMP_PASSWORD = 'Temp-Passw0rd!';
/** The Logins key of the user pool's ID tokens in identity pool calls. */
export const LOGINS_KEY = `cognito-idp.${REGION}.amazonaws.com/${USER_POOL_ID}`;

/** The control API's CORS rules, as lib/control-api.ts configures them (`corsPreflight`). */
export const API_CORS = CONSOLE_API_CORS;
/** What Cognito's JSON APIs need from a browser: POST with the JSON protocol's headers. */
const COGNITO_CORS = {
  allowMethods: ['POST'],
  allowHeaders: ['content-type', 'x-amz-target', 'x-amz-user-agent'],
  maxAgeSeconds: 3600,
};

interface CorsRules {
  allowMethods: readonly string[];
  allowHeaders: readonly string[];
  maxAgeSeconds: number;
}

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

export interface Call {
  method: string;
  path: string;
  target?: string;
  body: Record<string, unknown>;
  headers: http.IncomingHttpHeaders;
}

export interface Preflight {
  path: string;
  origin?: string;
  allowed: boolean;
}

export interface StandIn {
  url: string;
  calls: Call[];
  preflights: Preflight[];
  close(): Promise<void>;
}

interface Answer {
  status: number;
  json?: unknown;
  /** A raw body (a forwarded answer) instead of `json`. */
  body?: Buffer;
  contentType?: string;
}

type Handler = (req: http.IncomingMessage, body: string) => Answer | Promise<Answer>;

/**
 * An HTTP server on 127.0.0.1 (a free port) that records calls, answers CORS preflights for
 * `origin` only (none when no origin is given) and adds Access-Control-Allow-Origin to answers to it.
 */
async function serve(handle: Handler, cors: CorsRules, origin?: string): Promise<StandIn> {
  const calls: Call[] = [];
  const preflights: Preflight[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const allowed = origin !== undefined && req.headers.origin === origin;
      const corsHeaders: Record<string, string> = allowed
        ? { 'access-control-allow-origin': origin, vary: 'origin' }
        : {};
      if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
        preflights.push({ path: req.url!, origin: req.headers.origin, allowed });
        res.writeHead(
          204,
          allowed
            ? {
                ...corsHeaders,
                'access-control-allow-methods': cors.allowMethods.join(','),
                'access-control-allow-headers': cors.allowHeaders.join(','),
                'access-control-max-age': String(cors.maxAgeSeconds),
              }
            : {},
        );
        res.end();
        return;
      }
      let body: Record<string, unknown> = {};
      if (raw && String(req.headers['content-type']).includes('json')) {
        try {
          body = JSON.parse(raw) as Record<string, unknown>;
        } catch {
          // Recorded as {}; the handler sees the raw text.
        }
      }
      calls.push({
        method: req.method!,
        path: req.url!,
        target: req.headers['x-amz-target'] as string | undefined,
        body,
        headers: req.headers,
      });
      void Promise.resolve()
        .then(() => handle(req, raw))
        .catch((err: unknown): Answer => ({ status: 500, json: { message: String(err) } }))
        .then((out) => {
          const payload = out.body ?? Buffer.from(out.json === undefined ? '' : JSON.stringify(out.json));
          res.writeHead(out.status, {
            ...corsHeaders,
            'content-type': out.contentType ?? 'application/json',
            'content-length': String(payload.length),
          });
          res.end(payload);
        });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    calls,
    preflights,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

function cognitoError(type: string, message: string): Answer {
  return { status: 400, json: { __type: type, message }, contentType: 'application/x-amz-json-1.1' };
}

function cognitoAnswer(json: unknown): Answer {
  return { status: 200, json, contentType: 'application/x-amz-json-1.1' };
}

/** Cognito user pool: USERNAME with TEMP_PASSWORD must set a new password first; refresh tokens renew the ID token. */
export function startUserPool(opts: { origin?: string } = {}): Promise<StandIn> {
  let password = TEMP_PASSWORD;
  let issued = 0;
  const result = () => ({
    AuthenticationResult: { IdToken: `id-${++issued}`, RefreshToken: 'refresh-1', ExpiresIn: 3600 },
  });
  const handle: Handler = (req, raw) => {
    const body = JSON.parse(raw) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const target = String(req.headers['x-amz-target']);
    if (body.ClientId !== CLIENT_ID)
      return cognitoError('ResourceNotFoundException', 'User pool client does not exist.');
    if (target.endsWith('.InitiateAuth') && body.AuthFlow === 'USER_PASSWORD_AUTH') {
      if (body.AuthParameters.USERNAME !== USERNAME || body.AuthParameters.PASSWORD !== password) {
        return cognitoError('NotAuthorizedException', 'Incorrect username or password.');
      }
      if (password === TEMP_PASSWORD)
        return cognitoAnswer({ ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: 'session-1' });
      return cognitoAnswer(result());
    }
    if (target.endsWith('.RespondToAuthChallenge') && body.Session === 'session-1') {
      password = body.ChallengeResponses.NEW_PASSWORD;
      return cognitoAnswer(result());
    }
    if (
      target.endsWith('.InitiateAuth') &&
      body.AuthFlow === 'REFRESH_TOKEN_AUTH' &&
      body.AuthParameters.REFRESH_TOKEN === 'refresh-1'
    ) {
      return cognitoAnswer({ AuthenticationResult: { IdToken: `id-${++issued}`, ExpiresIn: 3600 } });
    }
    return cognitoError('InvalidParameterException', `unexpected ${target}`);
  };
  return serve(handle, COGNITO_CORS, opts.origin);
}

export interface IdentityPoolStandIn extends StandIn {
  /** Every set of credentials GetCredentialsForIdentity issued, oldest first. */
  issued: Credentials[];
  /** The credentials of a key id, as IAM would find them (undefined for unknown keys). */
  lookup(accessKeyId: string): Credentials | undefined;
}

/** Cognito identity pool: fresh credentials of the authenticated role for a valid ID token. */
export async function startIdentityPool(
  opts: { origin?: string; now?: () => number } = {},
): Promise<IdentityPoolStandIn> {
  const now = opts.now ?? Date.now;
  const issued: Credentials[] = [];
  const handle: Handler = (req, raw) => {
    const body = JSON.parse(raw) as { Logins?: Record<string, string>; IdentityId?: string };
    const token = body.Logins?.[LOGINS_KEY];
    if (!token?.startsWith('id-')) return cognitoError('NotAuthorizedException', 'Invalid login token.');
    if (String(req.headers['x-amz-target']).endsWith('.GetId'))
      return cognitoAnswer({ IdentityId: `${REGION}:identity-1` });
    const creds: Credentials = {
      accessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
      secretAccessKey: randomBytes(20).toString('base64'),
      sessionToken: `session-${randomBytes(24).toString('base64url')}`,
    };
    issued.push(creds);
    return cognitoAnswer({
      IdentityId: body.IdentityId,
      Credentials: {
        AccessKeyId: creds.accessKeyId,
        SecretKey: creds.secretAccessKey,
        SessionToken: creds.sessionToken,
        Expiration: Math.floor(now() / 1000) + 3600,
      },
    });
  };
  const server = await serve(handle, COGNITO_CORS, opts.origin);
  return { ...server, issued, lookup: (id) => issued.find((c) => c.accessKeyId === id) };
}

export interface ApiCall {
  method: string;
  path: string;
  body: string;
  verified: boolean;
  /** The key id and session token the request was signed with (when it carried them). */
  accessKeyId?: string;
  sessionToken?: string;
}

export interface SigV4ApiStandIn {
  url: string;
  calls: ApiCall[];
  preflights: Preflight[];
  close(): Promise<void>;
}

/**
 * The control API behind IAM authorization: 403 unless the request's SigV4 signature (service
 * execute-api, REGION) is the one recomputed with the secret of its key id and it carries that key's
 * session token. Signed requests are forwarded to `forwardTo` (a control API's base URL) when given.
 */
export async function startSigV4Api(opts: {
  lookup: (accessKeyId: string) => Credentials | undefined;
  origin?: string;
  forwardTo?: string;
}): Promise<SigV4ApiStandIn> {
  const calls: ApiCall[] = [];
  const handle: Handler = async (req, body) => {
    const signer = signerOf(req, opts.lookup);
    const verified = signer ? await verify(req, body, signer) : false;
    calls.push({
      method: req.method!,
      path: req.url!,
      body,
      verified,
      ...(signer ? { accessKeyId: signer.accessKeyId } : {}),
      ...(req.headers['x-amz-security-token']
        ? { sessionToken: String(req.headers['x-amz-security-token']) }
        : {}),
    });
    if (!verified) {
      return {
        status: 403,
        json: {
          message:
            'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
        },
      };
    }
    if (!opts.forwardTo) return { status: 200, json: { ok: true } };
    const res = await fetch(new URL(req.url!, opts.forwardTo), {
      method: req.method!,
      headers: req.headers['content-type'] ? { 'content-type': String(req.headers['content-type']) } : {},
      ...(body && req.method !== 'GET' && req.method !== 'HEAD' ? { body } : {}),
    });
    return {
      status: res.status,
      body: Buffer.from(await res.arrayBuffer()),
      contentType: res.headers.get('content-type') ?? 'application/json',
    };
  };
  const server = await serve(handle, API_CORS, opts.origin);
  return { url: server.url, calls, preflights: server.preflights, close: server.close };
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/;

/** The credentials of the request's key id, when its Authorization header is SigV4 for execute-api in REGION. */
function signerOf(
  req: http.IncomingMessage,
  lookup: (accessKeyId: string) => Credentials | undefined,
): Credentials | undefined {
  const m = String(req.headers.authorization ?? '').match(AUTHORIZATION);
  if (!m || m[3] !== REGION || m[4] !== 'execute-api') return undefined;
  const creds = lookup(m[1]!);
  if (!creds || req.headers['x-amz-security-token'] !== creds.sessionToken) return undefined;
  return creds;
}

/** Recomputes the SigV4 signature of a received request with the caller's secret, as IAM does. */
async function verify(req: http.IncomingMessage, body: string, creds: Credentials): Promise<boolean> {
  const m = String(req.headers.authorization).match(AUTHORIZATION)!;
  const url = new URL(req.url!, `http://${req.headers.host}`);
  const headers: Record<string, string> = {};
  for (const name of m[5]!.split(';')) {
    if (req.headers[name] === undefined) return false;
    headers[name] = String(req.headers[name]);
  }
  if (!headers.host || !headers['x-amz-date']) return false;
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const seen = query[k];
    query[k] = seen === undefined ? v : Array.isArray(seen) ? [...seen, v] : [seen, v];
  }
  const amzDate = headers['x-amz-date'];
  const signingDate = new Date(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  );
  if (Number.isNaN(signingDate.getTime()) || amzDate.slice(0, 8) !== m[2]) return false;
  const signer = new SignatureV4({
    service: 'execute-api',
    region: REGION,
    credentials: creds,
    sha256: Sha256,
  });
  const expected = await signer.sign(
    {
      method: req.method!,
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query,
      headers,
      ...(body ? { body } : {}),
    },
    { signingDate },
  );
  return String(expected.headers.authorization).endsWith(`Signature=${m[6]}`);
}

/** The console's AWS config (what lib/console-hosting.ts deploys as config.json) pointing at the stand-ins. */
export function consoleConfig(s: {
  idp: { url: string };
  identity: { url: string };
  api: { url: string };
}): AwsConsoleConfig {
  return {
    mode: 'aws',
    region: REGION,
    apiUrl: s.api.url,
    userPoolId: USER_POOL_ID,
    userPoolClientId: CLIENT_ID,
    identityPoolId: IDENTITY_POOL_ID,
    cognitoIdpEndpoint: s.idp.url,
    cognitoIdentityEndpoint: s.identity.url,
  };
}
