/**
 * The console's AWS sign-in and request signing (console/src/aws-auth.ts) against local stand-ins:
 * Cognito's user pool and identity pool JSON APIs, and an API that checks SigV4 the way IAM does
 * (recomputing the signature from what arrived over the wire with the caller's secret key).
 */
import { AuthError, CognitoAuth, type KeyValueStore } from '../../console/src/aws-auth';
import {
  CLIENT_ID,
  IDENTITY_POOL_ID,
  LOGINS_KEY,
  REGION,
  consoleConfig,
  startIdentityPool,
  startSigV4Api,
  startUserPool,
  type IdentityPoolStandIn,
  type SigV4ApiStandIn,
  type StandIn,
} from './support/aws-stand-ins';

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

let idp: StandIn;
let identity: IdentityPoolStandIn;
let apiServer: SigV4ApiStandIn;
let clock = Date.parse('2026-01-01T10:00:00Z');
const now = () => clock;

beforeAll(async () => {
  idp = await startUserPool();
  identity = await startIdentityPool({ now });
  apiServer = await startSigV4Api({ lookup: identity.lookup });
});

afterAll(async () => {
  await idp?.close();
  await identity?.close();
  await apiServer?.close();
});

function newAuth(store = new MemoryStore()) {
  return new CognitoAuth(consoleConfig({ idp, identity, api: apiServer }), store, now);
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
        ClientId: CLIENT_ID,
        ChallengeResponses: { USERNAME: 'admin', NEW_PASSWORD: 'A-new-Passw0rd!' },
      },
    });
  });

  it('signs GETs with a query and POSTs with a JSON body so that the API accepts them', async () => {
    const get = await auth.fetch('GET', '/tasks?status=FINISH&ids=t-1,t-2&from=2026-01-01T00:00:00Z');
    expect(get.status).toBe(200);
    const post = await auth.fetch('POST', '/schemas/sch-1/enable', JSON.stringify({ name: 'a b+c ü' }));
    expect(post.status).toBe(200);
    expect(apiServer.calls.slice(-2)).toEqual([
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
      IdentityPoolId: IDENTITY_POOL_ID,
      Logins: { [LOGINS_KEY]: 'id-1' },
    });
    // Signed with the key and session token the identity pool issued.
    expect(identity.issued).toHaveLength(1);
    for (const call of apiServer.calls.slice(-2)) {
      expect(call).toMatchObject({
        accessKeyId: identity.issued[0]!.accessKeyId,
        sessionToken: identity.issued[0]!.sessionToken,
      });
    }
  });

  it('the checking API refuses a request whose signature does not match', async () => {
    const res = await fetch(`${apiServer.url}tasks`, {
      headers: {
        authorization: `AWS4-HMAC-SHA256 Credential=${identity.issued[0]!.accessKeyId}/20260101/${REGION}/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
        'x-amz-date': '20260101T100000Z',
        'x-amz-security-token': identity.issued[0]!.sessionToken,
      },
    });
    expect(res.status).toBe(403);
    // Nor does it take an unsigned one.
    expect((await fetch(`${apiServer.url}tasks`)).status).toBe(403);
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
        Logins: { [LOGINS_KEY]: 'id-2' },
      },
    });
  });

  it('a new page with the stored tokens is still signed in; signing out forgets them', async () => {
    const again = newAuth(store);
    expect(again.username).toBe('admin');
    // The requests a page sends at once (a list and its filters) wait for one identity pool call.
    const before = identity.calls.length;
    const answers = await Promise.all(['/buckets', '/schemas', '/tasks'].map((p) => again.fetch('GET', p)));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(identity.calls.slice(before).map((c) => c.target)).toEqual([
      'AWSCognitoIdentityService.GetId',
      'AWSCognitoIdentityService.GetCredentialsForIdentity',
    ]);
    const issued = identity.issued.at(-1)!;
    for (const call of apiServer.calls.slice(-3)) {
      expect(call).toMatchObject({ verified: true, sessionToken: issued.sessionToken });
    }
    again.signOut();
    expect(again.username).toBeUndefined();
    await expect(again.fetch('GET', '/buckets')).rejects.toBeInstanceOf(AuthError);
  });
});
