/// <reference lib="dom" />
// (DOM types: page.evaluate callbacks run in the browser.)
/**
 * The console's sign-in page in AWS mode, in real Chromium. The built console is served with the
 * config.json lib/console-hosting.ts deploys (`{ mode: 'aws', region, apiUrl, userPoolId, ... }`), its
 * endpoint overrides pointing at local stand-ins (test/console/support/aws-stand-ins.ts): Cognito's user
 * pool and identity pool, and a control API that checks SigV4 like IAM and forwards signed requests to
 * the local runtime's control API. Each stand-in is another origin than the console's and allows that
 * one only (CORS as the stack configures it), so the browser enforces what it would on AWS.
 * Screenshots go to test-artifacts/console/aws-*.png.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { ensureConsoleBuilt } from '../../console/build';
import { serveStatic, type StaticSite } from '../../lambdas/api/http-server';
import { api, startE2eRuntime, type E2eContext } from '../e2e/support';
import { openBrowser, unlabelledControls, type BrowserSession } from './browser';
import {
  API_CORS,
  LOGINS_KEY,
  TEMP_PASSWORD,
  USERNAME,
  consoleConfig,
  startIdentityPool,
  startSigV4Api,
  startUserPool,
  type IdentityPoolStandIn,
  type SigV4ApiStandIn,
  type StandIn,
} from './support/aws-stand-ins';

jest.setTimeout(60_000);

const TOKENS_KEY = 'mps-console-tokens';
const NEW_PASSWORD = 'Browser-Passw0rd!';

let ctx: E2eContext;
let consoleServer: http.Server;
/** The console's files and config.json, set once the stand-ins listen. */
let site: StaticSite;
let consoleOrigin: string;
let consoleUrl: string;
let idp: StandIn;
let identity: IdentityPoolStandIn;
let apiStandIn: SigV4ApiStandIn;
let session: BrowserSession;
let page: Page;

beforeAll(async () => {
  ctx = await startE2eRuntime();
  // The console's own origin first: the stand-ins allow it (and only it) in their CORS answers.
  consoleServer = http.createServer((req, res) => {
    void serveStatic(site, req, res).then((served) => {
      if (!served) res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => consoleServer.listen(0, '127.0.0.1', r));
  consoleOrigin = `http://127.0.0.1:${(consoleServer.address() as AddressInfo).port}`;
  consoleUrl = `${consoleOrigin}/console/`;
  idp = await startUserPool({ origin: consoleOrigin });
  identity = await startIdentityPool({ origin: consoleOrigin });
  apiStandIn = await startSigV4Api({
    lookup: identity.lookup,
    origin: consoleOrigin,
    forwardTo: ctx.rt.urls.api,
  });
  const s3 = new URL(ctx.rt.urls.s3).origin;
  const origins = [idp, identity, apiStandIn].map((s) => new URL(s.url).origin).join(' ');
  site = {
    prefix: '/console/',
    dir: ensureConsoleBuilt(),
    // What MpsConsoleHosting.deploy() writes beside index.html, with the endpoints of the stand-ins.
    files: { 'config.json': JSON.stringify(consoleConfig({ idp, identity, api: apiStandIn })) },
    // lib/console-hosting.ts's Content-Security-Policy, with the stand-ins for the AWS endpoints.
    headers: {
      'content-security-policy': [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        `connect-src 'self' ${origins} ${s3}`,
        `img-src 'self' data: ${s3}`,
        `media-src 'self' blob: ${s3}`,
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
      ].join('; '),
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
    },
  };
  session = await openBrowser();
  page = session.page;
});

afterAll(async () => {
  await session?.close();
  await idp?.close();
  await identity?.close();
  await apiStandIn?.close();
  if (consoleServer) {
    consoleServer.closeAllConnections();
    await new Promise<void>((r) => consoleServer.close(() => r()));
  }
  await ctx?.close();
});

const signInForm = () => page.getByRole('form', { name: 'Sign in' });
const storedTokens = () => page.evaluate((key) => sessionStorage.getItem(key), TOKENS_KEY);

/** Tab from the top of the page until `label`'s control has the focus (keyboard only). */
async function tabTo(label: string): Promise<void> {
  const target = page.getByLabel(label, { exact: true });
  for (let i = 0; i < 10; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached "${label}"`);
}

describe('console sign-in on AWS (Chromium, Cognito and IAM stand-ins, local runtime behind)', () => {
  let userTemplate: string;

  it('opens on the sign-in form, its inputs labelled, and asks nothing of the API yet', async () => {
    await page.goto(consoleUrl);
    await signInForm().waitFor();
    expect(await page.getByRole('heading', { name: 'Sign in' }).isVisible()).toBe(true);
    expect(await page.getByLabel('User name or e-mail').getAttribute('required')).not.toBeNull();
    expect(await page.getByLabel('Password', { exact: true }).getAttribute('type')).toBe('password');
    expect(await unlabelledControls(page)).toEqual([]);
    expect(await page.getByRole('navigation', { name: 'Sections' }).count()).toBe(0);
    expect(apiStandIn.calls).toEqual([]);
    expect(idp.calls).toEqual([]);
    await session.screenshot('aws-01-signin');
  });

  it("a wrong password shows Cognito's message at the form (typed and submitted with the keyboard)", async () => {
    await page.locator('body').focus();
    await tabTo('User name or e-mail');
    await page.keyboard.type(USERNAME);
    await page.keyboard.press('Tab');
    await page.keyboard.type('not-the-password');
    session.expectOnce(/status of 400 \(Bad Request\)/);
    await page.keyboard.press('Enter');
    const alert = signInForm().getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe('Incorrect username or password.');
    expect(idp.calls).toHaveLength(1);
    expect(idp.calls[0]).toMatchObject({
      target: 'AWSCognitoIdentityProviderService.InitiateAuth',
      body: { AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME, PASSWORD: 'not-the-password' } },
      headers: { origin: consoleOrigin },
    });
    // The browser asked first (x-amz-target is not a simple header), and only the console's origin got a yes.
    expect(idp.preflights).toEqual([{ path: '/', origin: consoleOrigin, allowed: true }]);
    expect(await storedTokens()).toBeNull();
    await session.screenshot('aws-02-wrong-password');
  });

  it('the first sign-in with the temporary password asks for a new one, then lands on the tasks', async () => {
    const password = page.getByLabel('Password', { exact: true });
    await password.fill(TEMP_PASSWORD);
    await password.press('Enter');
    const newPassword = page.getByLabel('New password');
    await newPassword.waitFor();
    expect(await signInForm().getByRole('alert').count()).toBe(0);
    expect(await newPassword.getAttribute('autocomplete')).toBe('new-password');
    expect(await unlabelledControls(page)).toEqual([]);
    await session.screenshot('aws-03-new-password');
    await newPassword.focus();
    await page.keyboard.type(NEW_PASSWORD);
    await page.keyboard.press('Enter');

    await page.getByRole('navigation', { name: 'Sections' }).waitFor();
    await page.getByRole('table', { name: 'Tasks' }).waitFor();
    await page.getByText('No tasks match.').waitFor();
    expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
    expect(await page.locator('header .user span').textContent()).toBe(USERNAME);
    expect(await signInForm().count()).toBe(0);
    expect(idp.calls.at(-1)).toMatchObject({
      target: 'AWSCognitoIdentityProviderService.RespondToAuthChallenge',
      body: { ChallengeName: 'NEW_PASSWORD_REQUIRED', ChallengeResponses: { USERNAME, NEW_PASSWORD } },
    });
    const stored = JSON.parse((await storedTokens())!) as { username: string; idToken: string };
    expect(stored).toMatchObject({ username: USERNAME, idToken: 'id-1' });
    // The identity pool turned the ID token into credentials, which only the page's memory holds.
    expect(
      identity.calls.map((c) => [c.target, (c.body.Logins as Record<string, string>)[LOGINS_KEY]]),
    ).toEqual([
      ['AWSCognitoIdentityService.GetId', 'id-1'],
      ['AWSCognitoIdentityService.GetCredentialsForIdentity', 'id-1'],
    ]);
    expect(identity.issued).toHaveLength(1);
    expect(
      await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage })),
    ).not.toContain(identity.issued[0]!.secretAccessKey);
    await session.screenshot('aws-04-tasks');
  });

  it('the API saw only requests signed with the session token of GetCredentialsForIdentity, and CORS for the console only', async () => {
    const creds = identity.issued[0]!;
    expect(apiStandIn.calls.length).toBeGreaterThan(0);
    expect(apiStandIn.calls.some((c) => c.method === 'GET' && c.path.startsWith('/tasks'))).toBe(true);
    for (const call of apiStandIn.calls) {
      expect(call).toMatchObject({
        verified: true,
        accessKeyId: creds.accessKeyId,
        sessionToken: creds.sessionToken,
      });
    }
    expect(apiStandIn.preflights.length).toBeGreaterThan(0);
    expect(apiStandIn.preflights.every((p) => p.allowed && p.origin === consoleOrigin)).toBe(true);

    // As the stack's corsPreflight: the console's origin, its methods and the SigV4 headers...
    const preflight = (origin: string) =>
      fetch(`${apiStandIn.url}tasks`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization,x-amz-date,x-amz-security-token',
        },
      });
    const ok = await preflight(consoleOrigin);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(consoleOrigin);
    expect(ok.headers.get('access-control-allow-headers')).toBe(API_CORS.allowHeaders.join(','));
    expect(ok.headers.get('access-control-max-age')).toBe('3600');
    // ...and nothing for any other origin.
    expect(
      (await preflight('https://elsewhere.example')).headers.get('access-control-allow-origin'),
    ).toBeNull();

    // An unsigned request from the page is refused with IAM's 403 (readable: the console's origin).
    const before = apiStandIn.calls.length;
    session.expectOnce(/status of 403 \(Forbidden\)/);
    const unsigned = await page.evaluate(async (url) => {
      const res = await fetch(`${url}templates?type=transcode`);
      return { status: res.status, body: (await res.json()) as { message: string } };
    }, apiStandIn.url);
    expect(unsigned.status).toBe(403);
    expect(unsigned.body.message).toMatch(/signature we calculated does not match/);
    expect(apiStandIn.calls.slice(before)).toEqual([
      expect.objectContaining({ method: 'GET', path: '/templates?type=transcode', verified: false }),
    ]);
    // So is one signed with the right key but a tampered signature.
    const tampered = await fetch(`${apiStandIn.url}tasks`, {
      headers: {
        authorization: `AWS4-HMAC-SHA256 Credential=${creds.accessKeyId}/20260101/eu-west-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
        'x-amz-date': '20260101T100000Z',
        'x-amz-security-token': creds.sessionToken,
      },
    });
    expect(tampered.status).toBe(403);
  });

  it('the templates come from the runtime through signed requests, and a signed POST creates one', async () => {
    userTemplate = `signed-in ${Date.now()}`;
    await api(ctx.rt, 'POST', '/templates/transcode', {
      name: userTemplate,
      container: 'mp4',
      video: { codec: 'h264', width: 1280, height: 720, fps: 30, bitrateKbps: 2000, rateControl: 'VBR' },
      audio: { codec: 'aac', bitrateKbps: 128, sampleRate: 48000, channels: 2 },
    });
    const before = apiStandIn.calls.length;
    await page.getByRole('link', { name: 'Templates' }).click();
    await page.waitForSelector(`tr:has-text("${userTemplate}")`);
    await page.waitForSelector('tr:has-text("100030")');
    expect(apiStandIn.calls.slice(before)).toContainEqual(
      expect.objectContaining({ method: 'GET', path: '/templates?type=transcode', verified: true }),
    );

    await page.getByRole('button', { name: 'Create transcode template' }).click();
    const name = page.getByLabel('Name', { exact: true });
    await name.fill('made in the browser');
    await name.press('Enter');
    await page.waitForSelector('tr:has-text("made in the browser")');
    const post = apiStandIn.calls.find((c) => c.method === 'POST' && c.path === '/templates/transcode');
    expect(post).toMatchObject({ verified: true, sessionToken: identity.issued[0]!.sessionToken });
    expect(JSON.parse(post!.body)).toMatchObject({ name: 'made in the browser' });
    const saved = await api<{ items: Array<{ name: string }> }>(ctx.rt, 'GET', '/templates?type=transcode');
    expect(saved.items.map((t) => t.name)).toContain('made in the browser');
    await session.screenshot('aws-05-templates');
  });

  it('a reload keeps the session (tokens in sessionStorage) without asking again', async () => {
    const idpCalls = idp.calls.length;
    const before = apiStandIn.calls.length;
    await page.reload();
    await page.getByRole('navigation', { name: 'Sections' }).waitFor();
    await page.waitForSelector(`tr:has-text("${userTemplate}")`);
    expect(await signInForm().count()).toBe(0);
    expect(idp.calls.length).toBe(idpCalls); // no sign-in, no refresh: the ID token is still fresh
    // Credentials live in memory only: the new page got its own, and signs with them.
    expect(identity.issued).toHaveLength(2);
    const fresh = apiStandIn.calls.slice(before);
    expect(fresh.length).toBeGreaterThan(0);
    for (const call of fresh) {
      expect(call).toMatchObject({ verified: true, sessionToken: identity.issued[1]!.sessionToken });
    }
  });

  it('signing out (keyboard) returns to the sign-in form and clears the stored tokens', async () => {
    expect(await storedTokens()).not.toBeNull();
    await page.getByRole('button', { name: 'Sign out' }).focus();
    await page.keyboard.press('Enter');
    await signInForm().waitFor();
    expect(await page.getByLabel('User name or e-mail').inputValue()).toBe('');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Sections' }).count()).toBe(0);
    await session.screenshot('aws-06-signed-out');
    // And a reload still asks.
    const before = apiStandIn.calls.length;
    await page.reload();
    await signInForm().waitFor();
    expect(apiStandIn.calls.length).toBe(before);
  });

  it('the browser reported no errors besides the two provoked ones', () => {
    expect(session.problems).toEqual([]);
  });
});
