/// <reference lib="dom" />
// (DOM types: page.evaluate callbacks run in the browser.)
/**
 * The web console in real Chromium against the local runtime (its own control API serves it): the
 * seed's walkthrough without the CLI. Screenshots of every page go to test-artifacts/console/
 * (git-ignored); MPS_UPDATE_SCREENSHOTS=1 also refreshes docs/console-task.png for the README.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { Schema, Task } from '../../lambdas/core/model';
import { api, startE2eRuntime, type E2eContext } from '../e2e/support';
import { ffprobe, generateClip } from '../e2e/media';
import { openBrowser, unlabelledControls, type BrowserSession } from './browser';

jest.setTimeout(240_000);

let ctx: E2eContext;
let session: BrowserSession;
let page: Page;
let consoleUrl: string;

beforeAll(async () => {
  ctx = await startE2eRuntime();
  consoleUrl = ctx.rt.urls.console!;
  session = await openBrowser();
  page = session.page;
});

afterAll(async () => {
  await session?.close();
  await ctx?.close();
});

async function go(hash: string): Promise<void> {
  await page.goto(`${consoleUrl}#${hash}`);
}

async function expectLabelled(): Promise<void> {
  expect(await unlabelledControls(page)).toEqual([]);
}

describe('web console (Chromium, local runtime)', () => {
  let templateId: number;
  let schema: Schema;
  let finished: Task;

  it('is served by the control API: / redirects to it, with a Content-Security-Policy', async () => {
    const res = await fetch(`${ctx.rt.urls.api}/`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/console/');
    const index = await fetch(consoleUrl);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await index.text()).toContain('<script type="module" src="app.js">');
    expect((await fetch(`${consoleUrl}..%2f..%2fpackage.json`)).status).toBe(404);
    // The API's own routes still answer beside it.
    expect((await fetch(`${ctx.rt.urls.api}/templates?type=snapshot`)).status).toBe(200);
  });

  it('creates a transcode template: a bad value shows the API message at its field, a good one is saved', async () => {
    await go('/templates?type=transcode');
    await page.getByRole('button', { name: 'Create transcode template' }).click();
    await page.getByLabel('Name', { exact: true }).fill('console 720p');
    await page.getByLabel('Video bitrate (kbps)').fill('50');
    session.expectOnce(/status of 400 \(Bad Request\) \(http:\/\/127\.0\.0\.1:\d+\/templates\/transcode\)$/);
    await page.getByRole('button', { name: 'Create template' }).click();
    const bitrate = page.locator('[data-field="video.bitrateKbps"]');
    await expect_(async () => (await bitrate.getAttribute('aria-invalid')) === 'true');
    const message = await page.locator('.field:has([data-field="video.bitrateKbps"]) .error').textContent();
    expect(message).toContain('must be 0 (automatic) or 128–100000 kbps');
    // The field in error has the focus, and its message is linked to it.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-field'))).toBe(
      'video.bitrateKbps',
    );
    expect(await bitrate.getAttribute('aria-describedby')).toMatch(/-error/);
    await expectLabelled();
    await session.screenshot('01-template-field-error');

    await bitrate.fill('1500');
    // Submitting with Enter from the field (keyboard only).
    await bitrate.press('Enter');
    await page.waitForSelector('tr:has-text("console 720p")');
    const created = (
      await api<{ items: Array<{ id: number; name: string }> }>(ctx.rt, 'GET', '/templates?type=transcode')
    ).items.find((t) => t.name === 'console 720p')!;
    expect(created).toMatchObject({ video: { bitrateKbps: 1500, codec: 'h264', width: 1280, height: 720 } });
    templateId = created.id;
    await session.screenshot('02-templates');
  });

  it('creates a schema through the flow (basic info → trigger → output → items → notification) and enables it', async () => {
    await go('/schemas');
    // Keyboard: Tab from the top of the page to the "Create schema" button and press Enter.
    await page.locator('body').focus();
    let onButton = false;
    for (let i = 0; i < 30 && !onButton; i++) {
      await page.keyboard.press('Tab');
      onButton = await page.evaluate(() => document.activeElement?.textContent === 'Create schema');
    }
    expect(onButton).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/schemas\/new$/);

    await page.getByLabel('Schema name').fill('console-flow');
    await page.getByRole('button', { name: 'Next' }).click();
    expect(await page.getByLabel('Trigger bucket').inputValue()).toBe(ctx.rt.resources.bucket);
    await page.getByLabel('Trigger directory').fill('console/');
    await page.getByRole('button', { name: 'Next' }).click();
    // The output defaults to the trigger.
    expect(await page.getByLabel('Output bucket').inputValue()).toBe(ctx.rt.resources.bucket);
    expect(await page.getByLabel('Output directory').inputValue()).toBe('console/');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Add a processing item').selectOption('transcode');
    await page.getByRole('button', { name: 'Add item' }).click();
    await page
      .locator('[data-item-kind="transcode"] select[name="items.transcode.templateId"]')
      .selectOption(String(templateId));
    await page.getByLabel('Add a processing item').selectOption('snapshotByTimeOffset');
    await page.getByRole('button', { name: 'Add item' }).click();
    await page
      .locator('[data-item-kind="snapshotByTimeOffset"] select[name="items.snapshotByTimeOffset.templateId"]')
      .selectOption('10');
    // An HLS rendition (played through hls.js) and a GIF.
    await page.getByLabel('Add a processing item').selectOption('transcode');
    await page.getByRole('button', { name: 'Add item' }).click();
    await page
      .locator('[data-item-kind="transcode"] select[name="items.transcode.templateId"]')
      .nth(1)
      .selectOption('100210');
    await page.getByLabel('Add a processing item').selectOption('animatedGraphics');
    await page.getByRole('button', { name: 'Add item' }).click();
    await page
      .locator('[data-item-kind="animatedGraphics"] select[name="items.animatedGraphics.templateId"]')
      .selectOption('20000');
    expect(await page.locator('.chain [role="listitem"]').count()).toBe(6); // upload → 4 items → output
    await expectLabelled();
    await session.screenshot('03-schema-processing-chain');
    await page.getByRole('button', { name: 'Next' }).click();
    await expectLabelled();
    await page.getByRole('button', { name: 'Create schema' }).click();
    const row = page.locator('tr[data-schema-name="console-flow"]');
    await row.waitFor();
    expect(await row.locator('.status').textContent()).toBe('disabled');
    await row.getByRole('button', { name: 'Enable' }).click();
    await expect_(async () => (await row.locator('.status').textContent()) === 'enabled');
    await session.screenshot('04-schemas');
    const schemas = await api<{ items: Schema[] }>(ctx.rt, 'GET', '/schemas');
    schema = schemas.items.find((s) => s.name === 'console-flow')!;
    expect(schema).toMatchObject({
      status: 'enabled',
      trigger: { bucket: ctx.rt.resources.bucket, directory: 'console/' },
      output: { bucket: ctx.rt.resources.bucket, directory: 'console/' },
      items: {
        transcode: [{ templateId }, { templateId: 100210 }],
        snapshotByTimeOffset: [
          {
            templateId: 10,
            offsets: [
              { value: 1, unit: 's' },
              { value: 50, unit: '%' },
            ],
          },
        ],
        animatedGraphics: [{ templateId: 20000, startTime: 0, endTime: 2 }],
      },
    });
  });

  it('uploads a clip through the page; the task reaches FINISH in the auto-refreshing list', async () => {
    const clip = path.join(ctx.tmp, 'console clip.mp4');
    await generateClip(clip, { seconds: 3 });
    await go(`/upload?schema=${schema.id}`);
    await expectLabelled();
    // The schema's trigger is shown once the schemas are loaded; the file input is enabled then.
    await page.getByText(`uploads go to s3://${ctx.rt.resources.bucket}/console/`).waitFor();
    await page.setInputFiles('#upload-files', clip);
    const clipRow = page.locator('tr[data-upload="console clip.mp4"]:not([data-state="uploading"])');
    await clipRow.waitFor({ timeout: 30_000 });
    expect([await clipRow.getAttribute('data-state'), await clipRow.textContent()]).toEqual([
      'done',
      expect.stringContaining('uploaded'),
    ]);
    await session.screenshot('05-upload');

    await page.getByRole('link', { name: 'uploaded — see the tasks' }).click();
    const finishedRow = page.locator('tr[data-task-id][data-status="FINISH"]');
    await finishedRow.waitFor({ timeout: 120_000 });
    expect(await finishedRow.locator('td').nth(4).textContent()).toBe('SUCCESS');
    await session.screenshot('06-tasks');
    finished = (await api<{ items: Task[] }>(ctx.rt, 'GET', `/tasks?schemaId=${schema.id}`)).items[0]!;
    expect(finished.input.key).toBe('console/console clip.mp4');
  });

  it('opens the task: subtask table, the MP4 output plays with the source duration, snapshots show', async () => {
    const hlsRequests: string[] = [];
    page.on('request', (r) => {
      if (/\.(m3u8|ts)$/.test(new URL(r.url()).pathname)) hlsRequests.push(r.url());
    });
    await page.locator(`a:has-text("${finished.taskId}")`).click();
    await page.locator('table[aria-label="Subtasks"] tr[data-subtask="1"][data-status="SUCCESS"]').waitFor();
    const rows = await page.locator('table[aria-label="Subtasks"] tbody tr').allTextContents();
    expect(rows).toHaveLength(4);
    expect(rows.map((r) => r.match(/^\d+(\w+?)(SUCCESS|FAIL)/)?.[1])).toEqual([
      'Transcode',
      'Transcode',
      'AnimatedGraphics',
      'SnapshotByTimeOffset',
    ]);
    const mp4 = finished.subtasks[0]!.outputs.find((o) => o.key.endsWith('.mp4'))!;
    const video = page.locator(`video[data-key="${mp4.key}"]`);
    await video.waitFor();
    const played = await video.evaluate(async (el: HTMLVideoElement) => {
      // From nothing (load() resets the element) to metadata, to enough data to play on.
      el.muted = true;
      el.load();
      const states: number[] = [el.readyState];
      await new Promise<void>((resolve, reject) => {
        el.addEventListener('loadedmetadata', () => resolve(), { once: true });
        el.addEventListener(
          'error',
          () => reject(new Error(`media error ${el.error?.code} ${el.error?.message}`)),
          {
            once: true,
          },
        );
      });
      states.push(el.readyState);
      await el.play();
      await new Promise<void>((resolve) => {
        const check = () => (el.currentTime > 0.5 ? resolve() : setTimeout(check, 50));
        check();
      });
      states.push(el.readyState);
      el.pause();
      return { states, duration: el.duration, width: el.videoWidth, height: el.videoHeight };
    });
    expect(played.states[0]).toBe(0);
    expect(played.states[1]).toBeGreaterThanOrEqual(1);
    expect(played.states[2]).toBeGreaterThanOrEqual(3);
    const probed = Number((await ffprobe(path.join(ctx.tmp, 'console clip.mp4'))).format.duration);
    expect(Math.abs(played.duration - probed)).toBeLessThan(0.2);
    expect([played.width, played.height]).toEqual([1280, 720]);
    // The HLS output plays through hls.js (Media Source Extensions), every segment presigned.
    const hls = finished.subtasks[1]!.outputs.find((o) => o.key.endsWith('.m3u8'))!;
    const hlsPlayed = await page
      .locator(`video[data-key="${hls.key}"]`)
      .evaluate(async (el: HTMLVideoElement) => {
        el.muted = true;
        await new Promise<void>((resolve) => {
          const check = () => (el.readyState >= 1 ? resolve() : setTimeout(check, 50));
          check();
        });
        await el.play();
        await new Promise<void>((resolve) => {
          const check = () => (el.currentTime > 0.5 ? resolve() : setTimeout(check, 50));
          check();
        });
        el.pause();
        return { src: el.src, readyState: el.readyState, duration: el.duration, height: el.videoHeight };
      });
    expect(hlsPlayed.src).toMatch(/^blob:/);
    // Master, variant playlist and segments: each fetched with its own presigned URL.
    expect(hlsRequests.filter((u) => new URL(u).pathname.endsWith('.ts')).length).toBeGreaterThan(0);
    expect(hlsRequests.filter((u) => new URL(u).pathname.endsWith('.m3u8')).length).toBeGreaterThanOrEqual(2);
    expect(hlsRequests.filter((u) => !u.includes('X-Amz-Signature='))).toEqual([]);
    expect(hlsPlayed.readyState).toBeGreaterThanOrEqual(2);
    expect(hlsPlayed.height).toBe(360);
    expect(Math.abs(hlsPlayed.duration - probed)).toBeLessThan(0.3);
    // Snapshots and the GIF inline: each image decoded.
    const images = page.locator('.media img');
    await expect_(async () => (await images.count()) === 3);
    for (const img of await images.all()) {
      await expect_(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0));
    }
    // The source player too.
    const source = page.locator(`video[data-key="${finished.input.key}"]`);
    await expect_(() => source.evaluate((el: HTMLVideoElement) => el.readyState >= 1));
    await expectLabelled();
    const shot = await session.screenshot('07-task');
    if (process.env.MPS_UPDATE_SCREENSHOTS === '1')
      copyFileSync(shot, path.join(__dirname, '../../docs/console-task.png'));
  });

  it('restarts a failed task (failed subtasks only) from its page', async () => {
    const broken = path.join(ctx.tmp, 'broken.mp4');
    writeFileSync(broken, 'this is not a video');
    await go(`/upload?schema=${schema.id}`);
    await page.getByText(`uploads go to s3://${ctx.rt.resources.bucket}/console/`).waitFor();
    await page.setInputFiles('#upload-files', broken);
    const brokenRow = page.locator('tr[data-upload="broken.mp4"]:not([data-state="uploading"])');
    await brokenRow.waitFor({ timeout: 30_000 });
    expect([await brokenRow.getAttribute('data-state'), await brokenRow.textContent()]).toEqual([
      'done',
      expect.stringContaining('uploaded'),
    ]);
    const failed = await waitForTask((t) => t.input.key === 'console/broken.mp4' && t.status === 'FINISH');
    expect(failed.result).toBe('FAIL');
    await go(`/tasks/${failed.taskId}`);
    const errorCell = page.locator('tr[data-subtask="1"] td').nth(8);
    const first = failed.subtasks[0]!;
    expect(first.errorCode).toBeTruthy();
    await expect_(
      async () => (await errorCell.textContent()) === `${first.errorCode}: ${first.errorMessage}`,
    );
    await session.screenshot('08-task-failed');
    await page.getByRole('button', { name: 'Restart failed' }).click();
    // Attempt 2 runs and fails again (the source is still not a video).
    await expect_(
      async () => (await page.locator('tr[data-subtask="1"] td').nth(3).textContent()) === '2',
      60_000,
    );
    const again = await waitForTask(
      (t) => t.taskId === failed.taskId && t.status === 'FINISH' && t.subtasks.every((s) => s.attempt === 2),
    );
    expect(again.result).toBe('FAIL');
  });

  it('filters the task list by status and by ID', async () => {
    await go('/tasks');
    await page.getByLabel('Status').selectOption('FINISH');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/status=FINISH/);
    await expect_(async () => (await page.locator('tr[data-task-id]').count()) >= 2);
    const statuses = await page
      .locator('tr[data-task-id]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
    expect(new Set(statuses)).toEqual(new Set(['FINISH']));

    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByLabel('Task IDs').fill(finished.taskId);
    await page.getByLabel('Task IDs').press('Enter');
    await page.waitForURL(new RegExp(`ids=${finished.taskId}`));
    await expect_(async () => (await page.locator('tr[data-task-id]').count()) === 1);
    expect(await page.locator('tr[data-task-id]').getAttribute('data-task-id')).toBe(finished.taskId);
    await expectLabelled();
    await session.screenshot('09-tasks-filtered');
  });

  it('explains a key and lists failed deliveries', async () => {
    await go('/explain');
    await page.getByLabel('Key').fill('console/next.mp4');
    await page.getByRole('button', { name: 'Explain' }).click();
    await page.locator('[data-explained-schema="console-flow"]').waitFor();
    expect(await page.locator('[data-explained-schema="console-flow"] pre').first().textContent()).toContain(
      '"Destination"',
    );
    await expectLabelled();
    await session.screenshot('10-explain');
    await go('/deliveries');
    await page.locator('table[aria-label="Failed deliveries"] tbody tr').first().waitFor();
    await expectLabelled();
    await session.screenshot('11-deliveries');
  });

  it('edits an enabled schema only with reset, which leaves it disabled', async () => {
    await go(`/schemas/${schema.id}/edit`);
    await expect_(async () => (await page.getByLabel('Schema name').inputValue()) === 'console-flow');
    for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Next' }).click();
    const save = page.getByRole('button', { name: 'Save schema' });
    expect(await save.isDisabled()).toBe(true);
    await page.getByLabel('Reset (disable and replace)').check();
    await page.locator('select[name="notification.type"]').selectOption('queue');
    await page.getByLabel('Target').fill(ctx.rt.resources.eventsQueue.arn);
    await expectLabelled();
    await session.screenshot('12-schema-edit-reset');
    await save.click();
    const row = page.locator('tr[data-schema-name="console-flow"]');
    await row.waitFor();
    expect(await row.locator('.status').textContent()).toBe('disabled');
    const saved = await api<Schema>(ctx.rt, 'GET', `/schemas/${schema.id}`);
    expect(saved).toMatchObject({
      status: 'disabled',
      notification: { type: 'queue', target: ctx.rt.resources.eventsQueue.arn, mode: 'finish' },
      items: schema.items,
    });
  });

  it('logged no console error and threw no exception during the run', () => {
    expect(session.problems).toEqual([]);
  });
});

/** Polls `check` until it is true (or throws after `timeoutMs`). */
async function expect_(check: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
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

async function waitForTask(match: (t: Task) => boolean, timeoutMs = 90_000): Promise<Task> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await api<{ items: Task[] }>(ctx.rt, 'GET', '/tasks?limit=100')).items.find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error('timed out waiting for a task');
    await new Promise((r) => setTimeout(r, 250));
  }
}
