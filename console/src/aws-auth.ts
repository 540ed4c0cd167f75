/**
 * Sign-in and request signing for the console on AWS, with no AWS SDK client in the page:
 *
 * 1. Cognito user pool `InitiateAuth` (USER_PASSWORD_AUTH, over TLS) → ID and refresh tokens; a user
 *    created by an administrator first answers the NEW_PASSWORD_REQUIRED challenge.
 * 2. Cognito identity pool `GetId` + `GetCredentialsForIdentity` with the ID token → temporary AWS
 *    credentials of the pool's authenticated role (execute-api:Invoke on the control API only).
 * 3. Every API request is signed with SigV4 by the SDK's own signer (@smithy/signature-v4).
 *
 * Tokens live in the storage given (the page passes sessionStorage: gone when the tab closes); the
 * credentials only in memory, renewed 5 minutes before they expire, the ID token with the refresh token.
 * No DOM here, so that node tests can run it against local stand-ins of Cognito and an IAM-checking API.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

export interface AwsConsoleConfig {
  mode: 'aws';
  region: string;
  /** The control API's base URL (its $default stage), e.g. https://abc.execute-api.eu-west-1.amazonaws.com/ */
  apiUrl: string;
  userPoolId: string;
  userPoolClientId: string;
  identityPoolId: string;
  /** Endpoint overrides (FIPS, VPC endpoints, tests); default the regional public endpoints. */
  cognitoIdpEndpoint?: string;
  cognitoIdentityEndpoint?: string;
}

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

interface Tokens {
  username: string;
  idToken: string;
  refreshToken: string;
  /** Epoch ms when the ID token expires. */
  expiresAt: number;
}

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

export class AuthError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}

/** A pending NEW_PASSWORD_REQUIRED challenge. */
export interface NewPasswordChallenge {
  username: string;
  session: string;
}

const TOKENS_KEY = 'mps-console-tokens';
const RENEW_BEFORE_MS = 5 * 60 * 1000;

export class CognitoAuth {
  private credentials?: Credentials;
  private identityId?: string;
  /** The identity pool call in flight: a page's concurrent requests share it. */
  private pending?: Promise<Credentials>;
  /** Bumped at sign-in and sign-out, so that a call in flight then does not keep its credentials. */
  private generation = 0;

  constructor(
    private readonly config: AwsConsoleConfig,
    private readonly store: KeyValueStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** The signed-in user, or undefined. */
  get username(): string | undefined {
    return this.tokens()?.username;
  }

  /** Signs in; resolves a challenge when Cognito asks for a new password (first sign-in). */
  async signIn(username: string, password: string): Promise<NewPasswordChallenge | undefined> {
    const res = await this.idp<AuthResult>('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: this.config.userPoolClientId,
      AuthParameters: { USERNAME: username, PASSWORD: password },
    });
    return this.accept(username, res);
  }

  /** Answers NEW_PASSWORD_REQUIRED with the user's new password. */
  async completeNewPassword(challenge: NewPasswordChallenge, newPassword: string): Promise<void> {
    const res = await this.idp<AuthResult>('RespondToAuthChallenge', {
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      ClientId: this.config.userPoolClientId,
      Session: challenge.session,
      ChallengeResponses: { USERNAME: challenge.username, NEW_PASSWORD: newPassword },
    });
    const next = this.accept(challenge.username, res);
    if (next) throw new AuthError('UnexpectedChallenge', 'Cognito asked for another new password');
  }

  signOut(): void {
    this.store.removeItem(TOKENS_KEY);
    this.forgetCredentials();
  }

  private forgetCredentials(): void {
    this.credentials = undefined;
    this.identityId = undefined;
    this.pending = undefined;
    this.generation++;
  }

  /** Sends a request to the control API signed with SigV4 (service execute-api). */
  async fetch(method: string, path: string, body?: string): Promise<Response> {
    const creds = await this.awsCredentials();
    const url = new URL(path.replace(/^\//, ''), this.config.apiUrl.replace(/\/?$/, '/'));
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of url.searchParams) {
      const seen = query[k];
      query[k] = seen === undefined ? v : Array.isArray(seen) ? [...seen, v] : [seen, v];
    }
    const signer = new SignatureV4({
      service: 'execute-api',
      region: this.config.region,
      credentials: creds,
      sha256: Sha256,
    });
    const signed = await signer.sign({
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query,
      headers: {
        host: url.host,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body } : {}),
    });
    // The browser sets Host itself (a forbidden header for fetch), with the same value.
    const headers = Object.fromEntries(
      Object.entries(signed.headers).filter(([k]) => k.toLowerCase() !== 'host'),
    );
    return fetch(url.toString(), { method, headers, ...(body !== undefined ? { body } : {}) });
  }

  /**
   * Temporary credentials of the identity pool's authenticated role, renewed before they expire; the
   * requests a page sends at once wait for one identity pool call.
   */
  async awsCredentials(): Promise<Credentials> {
    if (this.credentials && this.credentials.expiration.getTime() - this.now() > RENEW_BEFORE_MS) {
      return this.credentials;
    }
    if (!this.pending) {
      const pending = this.newCredentials(this.generation).finally(() => {
        if (this.pending === pending) this.pending = undefined;
      });
      this.pending = pending;
    }
    return this.pending;
  }

  private async newCredentials(generation: number): Promise<Credentials> {
    const idToken = await this.freshIdToken();
    const logins = {
      [`cognito-idp.${this.config.region}.amazonaws.com/${this.config.userPoolId}`]: idToken,
    };
    let identityId = this.identityId;
    if (!identityId) {
      const id = await this.identity<{ IdentityId: string }>('GetId', {
        IdentityPoolId: this.config.identityPoolId,
        Logins: logins,
      });
      identityId = id.IdentityId;
    }
    const res = await this.identity<{
      Credentials: { AccessKeyId: string; SecretKey: string; SessionToken: string; Expiration: number };
    }>('GetCredentialsForIdentity', { IdentityId: identityId, Logins: logins });
    const credentials = {
      accessKeyId: res.Credentials.AccessKeyId,
      secretAccessKey: res.Credentials.SecretKey,
      sessionToken: res.Credentials.SessionToken,
      // Epoch seconds in the JSON protocol.
      expiration: new Date(res.Credentials.Expiration * 1000),
    };
    // Signed out or in again meanwhile: these belong to the earlier session; use them once, keep nothing.
    if (generation === this.generation) {
      this.identityId = identityId;
      this.credentials = credentials;
    }
    return credentials;
  }

  private tokens(): Tokens | undefined {
    const raw = this.store.getItem(TOKENS_KEY);
    if (!raw) return undefined;
    try {
      return JSON.parse(raw) as Tokens;
    } catch {
      return undefined;
    }
  }

  private async freshIdToken(): Promise<string> {
    const tokens = this.tokens();
    if (!tokens) throw new AuthError('NotSignedIn', 'sign in first');
    if (tokens.expiresAt - this.now() > RENEW_BEFORE_MS) return tokens.idToken;
    const res = await this.idp<AuthResult>('InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: this.config.userPoolClientId,
      AuthParameters: { REFRESH_TOKEN: tokens.refreshToken },
    }).catch((err: unknown) => {
      this.signOut();
      throw err;
    });
    const result = res.AuthenticationResult!;
    const renewed = {
      ...tokens,
      idToken: result.IdToken,
      expiresAt: this.now() + result.ExpiresIn * 1000,
    };
    this.store.setItem(TOKENS_KEY, JSON.stringify(renewed));
    return renewed.idToken;
  }

  private accept(username: string, res: AuthResult): NewPasswordChallenge | undefined {
    if (res.ChallengeName === 'NEW_PASSWORD_REQUIRED' && res.Session)
      return { username, session: res.Session };
    if (res.ChallengeName) {
      throw new AuthError(
        'UnsupportedChallenge',
        `Cognito asks for ${res.ChallengeName}, which this console does not handle`,
      );
    }
    const r = res.AuthenticationResult;
    if (!r?.IdToken || !r.RefreshToken) throw new AuthError('NoTokens', 'Cognito returned no tokens');
    const tokens: Tokens = {
      username,
      idToken: r.IdToken,
      refreshToken: r.RefreshToken,
      expiresAt: this.now() + r.ExpiresIn * 1000,
    };
    this.store.setItem(TOKENS_KEY, JSON.stringify(tokens));
    this.forgetCredentials();
    return undefined;
  }

  private idp<T>(operation: string, body: unknown): Promise<T> {
    const endpoint =
      this.config.cognitoIdpEndpoint ?? `https://cognito-idp.${this.config.region}.amazonaws.com/`;
    return jsonCall<T>(endpoint, `AWSCognitoIdentityProviderService.${operation}`, body);
  }

  private identity<T>(operation: string, body: unknown): Promise<T> {
    const endpoint =
      this.config.cognitoIdentityEndpoint ?? `https://cognito-identity.${this.config.region}.amazonaws.com/`;
    return jsonCall<T>(endpoint, `AWSCognitoIdentityService.${operation}`, body);
  }
}

interface AuthResult {
  ChallengeName?: string;
  Session?: string;
  AuthenticationResult?: { IdToken: string; RefreshToken?: string; ExpiresIn: number };
}

/** One call of an AWS JSON 1.1 protocol API that needs no signature (Cognito's public operations). */
async function jsonCall<T>(endpoint: string, target: string, body: unknown): Promise<T> {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  const json = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
  if (!res.ok) {
    const type = String(json.__type ?? res.headers.get('x-amzn-errortype') ?? `HTTP ${res.status}`);
    const code = type.split('#').pop()!.split(':')[0]!;
    throw new AuthError(code, String(json.message ?? json.Message ?? code));
  }
  return json as T;
}
