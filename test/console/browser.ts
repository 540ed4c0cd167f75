/// <reference lib="dom" />
// (DOM types: page.evaluate callbacks run in the browser.)
/**
 * Real Chromium for the console tests: Debian's `chromium` (scripts/setup.sh installs it; CHROMIUM_PATH
 * overrides), driven by playwright-core (whose own browser downloads cannot work here). Collects the
 * page's console errors and uncaught exceptions so that a test can assert there were none.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ARTIFACTS = path.join(__dirname, '../../test-artifacts/console');

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
    (p): p is string => Boolean(p),
  );
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      `no Chromium found (looked at ${candidates.join(', ')}): run scripts/setup.sh (apt-get install chromium) or set CHROMIUM_PATH`,
    );
  }
  return found;
}

export interface BrowserSession {
  browser: Browser;
  page: Page;
  /** Console errors and page errors seen so far, less those announced with `expectOnce`. */
  problems: string[];
  /**
   * Announces one console error the test provokes on purpose: Chromium logs every 4xx answer as
   * "Failed to load resource", the API's 400 for a bad field included.
   */
  expectOnce(pattern: RegExp): void;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function openBrowser(): Promise<BrowserSession> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    // Root in a container: no user-namespace sandbox. Autoplay without a gesture for the player checks.
    args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required', '--disable-dev-shm-usage'],
  });
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  const expected: RegExp[] = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = `console.error: ${msg.text()} (${msg.location().url})`;
    const i = expected.findIndex((re) => re.test(text));
    if (i >= 0) expected.splice(i, 1);
    else problems.push(text);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  return {
    browser,
    page,
    problems,
    expectOnce: (pattern) => void expected.push(pattern),
    async screenshot(name) {
      const file = path.join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    close: () => browser.close(),
  };
}

/** Inputs, selects and textareas on the page that have neither a <label> nor an aria-label. */
export function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('input, select, textarea'))
      .filter((el) => (el as HTMLInputElement).type !== 'hidden')
      .filter((el) => {
        const labels = (el as HTMLInputElement).labels;
        return (
          !(labels && labels.length > 0) &&
          !el.getAttribute('aria-label') &&
          !el.getAttribute('aria-labelledby')
        );
      })
      .map((el) => el.outerHTML.slice(0, 120)),
  );
}

/** Polls `check` until it is true (or throws after `timeoutMs`); a check that throws counts as false. */
export async function until(check: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (
      await Promise.resolve()
        .then(check)
        .catch(() => false)
    )
      return;
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms: ${check.toString().slice(0, 200)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
