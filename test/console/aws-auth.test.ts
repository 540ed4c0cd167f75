/**
 * The console's AWS sign-in and request signing (console/src/aws-auth.ts) against local stand-ins:
 * Cognito's user pool and identity pool JSON APIs, and an API that checks SigV4 the way IAM does
 * (recomputing the signature from what arrived over the wire with the caller's secret key).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { AuthError, CognitoAuth, type KeyValueStore } from '../../console/src/aws-auth';

const REGION = 'eu-west-1';
const POOL = 'eu-west-1_TESTPOOL';
const CREDS = {
  accessKeyId: 'ASIATESTKEY',
  secretAccessKey: 'test-secret-key',
  sessionToken: 'test-session-token',
};

class MemoryStore implements KeyValueStore {
  readonly items = new Map<string, string>();
  getItem(k: string) {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.items.set(k, v);
  }
  removeItem(k: string) {
    this.items.delete(k);
  }
}

interface Server {
  url: string;
  calls: Array<{
    target?: string;
    body: Record<string, unknown>;
    path?: string;
    headers?: http.IncomingHttpHeaders;
  }>;
  close(): Promise<void>;
}

async function serve(
  handle: (req: http.IncomingMessage, body: string) => { status: number; json: unknown },
): Promise<Server> {
  const calls: Server['calls'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      calls.push({
        target: req.headers['x-amz-target'] as string | undefined,
        body:
          body && req.headers['content-type']?.includes('json')
            ? (JSON.parse(body) as Record<string, unknown>)
            : {},
        path: req.url,
        headers: req.headers,
      });
      const out = handle(req, body);
      res.writeHead(out.status, { 'content-type': 'application/json' }).end(JSON.stringify(out.json));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    calls,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Cognito user pool: admin / Temp-Passw0rd! must set a new password first; refresh tokens renew the ID token. */
function userPool(): (req: http.IncomingMessage, body: string) => { status: number; json: unknown } {
  let password = 'Temp-Passw0rd!';
  let issued = 0;
  const result = () => ({
    AuthenticationResult: { IdToken: `id-${++issued}`, RefreshToken: 'refresh-1', ExpiresIn: 3600 },
  });
  return (req, raw) => {
    const body = JSON.parse(raw) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const target = String(req.headers['x-amz-target']);
    if (target.endsWith('.InitiateAuth') && body.AuthFlow === 'USER_PASSWORD_AUTH') {
      if (body.AuthParameters.USERNAME !== 'admin' || body.AuthParameters.PASSWORD !== password) {
        return {
          status: 400,
          json: { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' },
        };
      }
      if (password === 'Temp-Passw0rd!')
        return { status: 200, json: { ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: 'session-1' } };
      return { status: 200, json: result() };
    }
    if (target.endsWith('.RespondToAuthChallenge') && body.Session === 'session-1') {
      password = body.ChallengeResponses.NEW_PASSWORD;
      return { status: 200, json: result() };
    }
    if (
      target.endsWith('.InitiateAuth') &&
      body.AuthFlow === 'REFRESH_TOKEN_AUTH' &&
      body.AuthParameters.REFRESH_TOKEN === 'refresh-1'
    ) {
      return { status: 200, json: { AuthenticationResult: { IdToken: `id-${++issued}`, ExpiresIn: 3600 } } };
    }
    return { status: 400, json: { __type: 'InvalidParameterException', message: `unexpected ${target}` } };
  };
}

/** Cognito identity pool: the credentials of the authenticated role for a valid ID token. */
function identityPool(now: () => number) {
  return (req: http.IncomingMessage, raw: string) => {
    const body = JSON.parse(raw) as { Logins: Record<string, string>; IdentityId?: string };
    const token = body.Logins[`cognito-idp.${REGION}.amazonaws.com/${POOL}`];
    if (!token?.startsWith('id-'))
      return { status: 400, json: { __type: 'NotAuthorizedException', message: 'Invalid login token.' } };
    if (String(req.headers['x-amz-target']).endsWith('.GetId'))
      return { status: 200, json: { IdentityId: `${REGION}:identity-1` } };
    return {
      status: 200,
      json: {
        IdentityId: body.IdentityId,
        Credentials: {
          AccessKeyId: CREDS.accessKeyId,
          SecretKey: CREDS.secretAccessKey,
          SessionToken: CREDS.sessionToken,
          Expiration: Math.floor(now() / 1000) + 3600,
        },
      },
    };
  };
}

/** Recomputes the SigV4 signature of a received request with the caller's secret, as IAM does. */
async function verify(req: http.IncomingMessage, body: string): Promise<boolean> {
  const auth = String(req.headers.authorization ?? '');
  const m = auth.match(
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/,
  );
  if (!m || m[1] !== CREDS.accessKeyId || m[3] !== REGION || m[4] !== 'execute-api') return false;
  if (req.headers['x-amz-security-token'] !== CREDS.sessionToken) return false;
  const url = new URL(req.url!, `http://${req.headers.host}`);
  const headers: Record<string, string> = {};
  for (const name of m[5]!.split(';')) headers[name] = String(req.headers[name]);
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = v;
  const amzDate = String(req.headers['x-amz-date']);
  const signingDate = new Date(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  );
  const signer = new SignatureV4({
    service: 'execute-api',
    region: REGION,
    credentials: CREDS,
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

let idp: Server;
let identity: Server;
let apiServer: http.Server;
let apiUrl: string;
const apiCalls: Array<{ method: string; path: string; body: string; verified: boolean }> = [];
let clock = Date.parse('2026-01-01T10:00:00Z');
const now = () => clock;

beforeAll(async () => {
  idp = await serve(userPool());
  identity = await serve(identityPool(now));
  apiServer = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      void verify(req, body).then((verified) => {
        apiCalls.push({ method: req.method!, path: req.url!, body, verified });
        res.writeHead(verified ? 200 : 403, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            verified ? { ok: true } : { message: 'The request signature we calculated does not match' },
          ),
        );
      });
    });
  });
  await new Promise<void>((r) => apiServer.listen(0, '127.0.0.1', r));
  apiUrl = `http://127.0.0.1:${(apiServer.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await idp.close();
  await identity.close();
  await new Promise<void>((r) => apiServer.close(() => r()));
});

function newAuth(store = new MemoryStore()) {
  return new CognitoAuth(
    {
      mode: 'aws',
      region: REGION,
      apiUrl,
      userPoolId: POOL,
      userPoolClientId: 'client-1',
      identityPoolId: `${REGION}:pool-1`,
      cognitoIdpEndpoint: idp.url,
      cognitoIdentityEndpoint: identity.url,
    },
    store,
    now,
  );
}

describe('console sign-in and SigV4 signing (console/src/aws-auth.ts)', () => {
  const store = new MemoryStore();
  let auth: CognitoAuth;
  beforeAll(() => {
    auth = newAuth(store);
  });

  it("refuses a wrong password with Cognito's error code", async () => {
    await expect(auth.signIn('admin', 'nope')).rejects.toMatchObject({
      name: 'AuthError',
      code: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
    expect(auth.username).toBeUndefined();
  });

  it('a first sign-in with the temporary password asks for a new one, then signs in', async () => {
    const challenge = await auth.signIn('admin', 'Temp-Passw0rd!');
    expect(challenge).toEqual({ username: 'admin', session: 'session-1' });
    expect(auth.username).toBeUndefined();
    await auth.completeNewPassword(challenge!, 'A-new-Passw0rd!');
    expect(auth.username).toBe('admin');
    expect(idp.calls.at(-1)).toMatchObject({
      target: 'AWSCognitoIdentityProviderService.RespondToAuthChallenge',
      body: {
        ClientId: 'client-1',
        ChallengeResponses: { USERNAME: 'admin', NEW_PASSWORD: 'A-new-Passw0rd!' },
      },
    });
  });

  it('signs GETs with a query and POSTs with a JSON body so that the API accepts them', async () => {
    const get = await auth.fetch('GET', '/tasks?status=FINISH&ids=t-1,t-2&from=2026-01-01T00:00:00Z');
    expect(get.status).toBe(200);
    const post = await auth.fetch('POST', '/schemas/sch-1/enable', JSON.stringify({ name: 'a b+c ü' }));
    expect(post.status).toBe(200);
    expect(apiCalls.slice(-2)).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/tasks?status=FINISH&ids=t-1,t-2&from=2026-01-01T00:00:00Z',
        verified: true,
      }),
      expect.objectContaining({
        method: 'POST',
        path: '/schemas/sch-1/enable',
        body: '{"name":"a b+c ü"}',
        verified: true,
      }),
    ]);
    // The credentials came from the identity pool for the user pool's ID token.
    expect(identity.calls.map((c) => c.target)).toEqual([
      'AWSCognitoIdentityService.GetId',
      'AWSCognitoIdentityService.GetCredentialsForIdentity',
    ]);
    expect(identity.calls[0]!.body).toEqual({
      IdentityPoolId: `${REGION}:pool-1`,
      Logins: { [`cognito-idp.${REGION}.amazonaws.com/${POOL}`]: 'id-1' },
    });
  });

  it('the checking API refuses a request whose signature does not match', async () => {
    const res = await fetch(`${apiUrl}tasks`, {
      headers: {
        authorization: `AWS4-HMAC-SHA256 Credential=${CREDS.accessKeyId}/20260101/${REGION}/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
        'x-amz-date': '20260101T100000Z',
        'x-amz-security-token': CREDS.sessionToken,
      },
    });
    expect(res.status).toBe(403);
  });

  it('keeps the credentials while valid, and renews them with the refresh token once the ID token expires', async () => {
    const before = identity.calls.length;
    await auth.fetch('GET', '/templates');
    expect(identity.calls.length).toBe(before); // cached
    clock += 58 * 60 * 1000; // 2 minutes before both expire
    const res = await auth.fetch('GET', '/templates');
    expect(res.status).toBe(200);
    expect(idp.calls.at(-1)).toMatchObject({
      body: { AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: 'refresh-1' } },
    });
    expect(identity.calls.at(-1)).toMatchObject({
      target: 'AWSCognitoIdentityService.GetCredentialsForIdentity',
      body: {
        IdentityId: `${REGION}:identity-1`,
        Logins: { [`cognito-idp.${REGION}.amazonaws.com/${POOL}`]: 'id-2' },
      },
    });
  });

  it('a new page with the stored tokens is still signed in; signing out forgets them', async () => {
    const again = newAuth(store);
    expect(again.username).toBe('admin');
    expect((await again.fetch('GET', '/buckets')).status).toBe(200);
    again.signOut();
    expect(again.username).toBeUndefined();
    await expect(again.fetch('GET', '/buckets')).rejects.toBeInstanceOf(AuthError);
  });
});
