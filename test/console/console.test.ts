/// <reference lib="dom" />
// (DOM types: page.evaluate callbacks run in the browser.)
/**
 * The web console in real Chromium against the local runtime (its own control API serves it): the
 * seed's walkthrough without the CLI, then abort, a watermark with its image uploaded, inline sprite
 * sheets and GIFs, drag and drop, and multipart uploads (complete and cancelled). Screenshots of every
 * page go to test-artifacts/console/ (git-ignored); MPS_UPDATE_SCREENSHOTS=1 also refreshes
 * docs/console-task.png for the README.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import type { Page, Request, Route } from 'playwright-core';
import { MULTIPART_THRESHOLD } from '../../lambdas/api/transfers';
import type { Schema, Task } from '../../lambdas/core/model';
import { api, createEnabledSchema, startE2eRuntime, upload, type E2eContext } from '../e2e/support';
import { ffprobe, generateClip } from '../e2e/media';
import { FFMPEG, TOOL_ENV } from '../support/ffmpeg';
import { openBrowser, unlabelledControls, type BrowserSession } from './browser';

const run = promisify(execFile);

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
    // A schema with an AI item: its subtask is an AI job, shown with the AI engine's request.
    const ai = await api<Schema>(ctx.rt, 'POST', '/schemas', {
      name: 'console-explain-ai',
      trigger: { bucket: ctx.rt.resources.bucket, directory: 'explain-ai/' },
      items: { transcode: [{ templateId: 100010 }], aiAnalysis: [{ templateId: 60 }] },
    });
    await api(ctx.rt, 'POST', `/schemas/${ai.id}/enable`);
    await page.getByLabel('Key').fill('explain-ai/clip.mp4');
    await page.getByRole('button', { name: 'Explain' }).click();
    const explained = page.locator('[data-explained-schema="console-explain-ai"]');
    await explained.waitFor();
    expect(await explained.locator('li').allTextContents()).toEqual([
      '#1 Transcode: job 1',
      '#2 AiAnalysis: AI job 1',
    ]);
    await explained.locator('[data-explained-ai-job="1"] summary').click();
    const request = JSON.parse(
      (await explained.locator('[data-explained-ai-job="1"] pre').textContent())!,
    ) as {
      type: string;
      settings: { type: string; cover: boolean };
    };
    expect(request).toMatchObject({ type: 'AiAnalysis', settings: { type: 'aiAnalysis', cover: true } });
    await api(ctx.rt, 'POST', `/schemas/${ai.id}/disable`);
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

  it('aborts a running task from its page: the subtask and the task end ABORTED', async () => {
    // Two minutes of a small source upscaled to 2160p: far more encoding than the seconds the click
    // takes, so the task is still running when it lands (the abort stops the encoder).
    const long = path.join(ctx.tmp, 'long.mp4');
    await generateClip(long, { seconds: 120, width: 320, height: 180, fps: 10 });
    await upload(ctx.rt, 'media/long.mp4', readFileSync(long));
    const { taskId } = await api<Task>(ctx.rt, 'POST', '/tasks', {
      input: { bucket: ctx.rt.resources.bucket, key: 'media/long.mp4' },
      output: { directory: 'media/aborted/' },
      items: { transcode: [{ templateId: 100080 }] },
    });
    await go(`/tasks/${taskId}`);
    // The page refreshes itself until the subtask runs.
    const row = page.locator('table[aria-label="Subtasks"] tr[data-subtask="1"]');
    await page
      .locator('table[aria-label="Subtasks"] tr[data-subtask="1"][data-status="PROCESSING"]')
      .waitFor({ timeout: 30_000 });
    const running = await api<Task>(ctx.rt, 'GET', `/tasks/${taskId}`);
    expect([running.status, running.subtasks[0]!.status]).toEqual(['PROCESSING', 'PROCESSING']);
    const abort = page.getByRole('button', { name: 'Abort' });
    expect(await abort.isDisabled()).toBe(false);
    await abort.click();
    await expect_(async () => (await row.getAttribute('data-status')) === 'ABORTED', 30_000);
    const facts = page.locator('section[aria-label="Task"]');
    await facts.locator('.status-ABORTED').waitFor();
    expect(await facts.locator('.status').allTextContents()).toEqual(['FINISH', 'ABORTED']);
    expect(await abort.isDisabled()).toBe(true);
    const done = await api<Task>(ctx.rt, 'GET', `/tasks/${taskId}`);
    expect(done).toMatchObject({ status: 'FINISH', result: 'ABORTED', subtasks: [{ status: 'ABORTED' }] });
    await session.screenshot('13-task-aborted');
  });

  let watermarkId: number;

  it('creates a watermark template with an image uploaded from the page; a BMP named .png gets the API message at the image field', async () => {
    const bucket = ctx.rt.resources.bucket;
    const png = path.join(ctx.tmp, 'logo.png');
    const bmp = path.join(ctx.tmp, 'logo.bmp');
    // The same 64×32 magenta image, as a PNG and as a BMP.
    for (const file of [png, bmp]) {
      const args = ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi'];
      await run(FFMPEG, [...args, '-i', 'color=c=magenta:s=64x32', '-frames:v', '1', file], {
        env: TOOL_ENV,
      });
    }
    await go('/templates?type=watermark');
    await page.getByRole('button', { name: 'Create watermark template' }).click();
    await page.getByLabel('Name', { exact: true }).fill('console logo');
    const image = page.locator('[data-field="image"]');
    const notice = page.locator('form .notice');

    // A BMP under a .png name: the upload itself works, the API refuses the template.
    await page.setInputFiles('#watermark-file', {
      name: 'disguised.png',
      mimeType: 'image/png',
      buffer: readFileSync(bmp),
    });
    await expect_(
      async () => (await notice.textContent()) === `Uploaded to s3://${bucket}/watermarks/disguised.png`,
    );
    expect(await image.inputValue()).toBe(`s3://${bucket}/watermarks/disguised.png`);
    session.expectOnce(/status of 400 \(Bad Request\) \(http:\/\/127\.0\.0\.1:\d+\/templates\/watermark\)$/);
    await page.getByRole('button', { name: 'Create template' }).click();
    await expect_(async () => (await image.getAttribute('aria-invalid')) === 'true');
    const message = await page.locator('.field:has([data-field="image"]) .error').textContent();
    expect(message).toContain(`image s3://${bucket}/watermarks/disguised.png is a BMP image`);
    expect(message).toContain('watermark images must be PNG or TGA files');
    expect(await image.getAttribute('aria-describedby')).toMatch(/-error/);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-field'))).toBe('image');
    await expectLabelled();
    await session.screenshot('14-watermark-image-error');

    // A real PNG: uploaded, put in the image field, and the template is saved with its pixel size.
    await page.setInputFiles('#watermark-file', png);
    await expect_(
      async () => (await notice.textContent()) === `Uploaded to s3://${bucket}/watermarks/logo.png`,
    );
    expect(await image.inputValue()).toBe(`s3://${bucket}/watermarks/logo.png`);
    await page.getByRole('button', { name: 'Create template' }).click();
    await page.waitForURL(/#\/templates\?type=watermark&saved=\d+$/);
    await page.locator('tr:has-text("console logo")').waitFor();
    const created = (
      await api<{ items: Array<{ id: number; name: string }> }>(ctx.rt, 'GET', '/templates?type=watermark')
    ).items.find((t) => t.name === 'console logo')!;
    expect(created).toMatchObject({
      image: { bucket, key: 'watermarks/logo.png' },
      imageWidth: 64,
      imageHeight: 32,
      anchor: 'TopRight',
      width: { value: 10, unit: '%' },
    });
    watermarkId = created.id;
    expect((await objectBytes(bucket, 'watermarks/logo.png')).equals(readFileSync(png))).toBe(true);
  });

  it('runs a task with that watermark, a sprite sheet, sampled snapshots and a GIF: the page shows the images decoded', async () => {
    const bucket = ctx.rt.resources.bucket;
    const clip = path.join(ctx.tmp, 'images source.mp4');
    await generateClip(clip, { seconds: 3 });
    await upload(ctx.rt, 'media/images source.mp4', readFileSync(clip));
    const { taskId } = await api<Task>(ctx.rt, 'POST', '/tasks', {
      input: { bucket, key: 'media/images source.mp4' },
      output: { directory: 'media/images/' },
      items: {
        transcode: [{ templateId: 100010, watermarks: [{ templateId: watermarkId }] }],
        imageSprite: [{ templateId: 30 }],
        sampleSnapshot: [{ templateId: 20 }],
        animatedGraphics: [{ templateId: 20000, startTime: 0, endTime: 2 }],
      },
    });
    await go(`/tasks/${taskId}`);
    await page.locator('section[aria-label="Task"] .status-SUCCESS').waitFor({ timeout: 90_000 });
    const task = await api<Task>(ctx.rt, 'GET', `/tasks/${taskId}`);
    expect(task).toMatchObject({ status: 'FINISH', result: 'SUCCESS' });
    const outputOf = (type: string, ext: RegExp) =>
      task.subtasks.find((s) => s.type === type)!.outputs.find((o) => ext.test(o.key))!;

    // The sprite sheet (2 rows × 5 columns of 160 px cells) and the GIF (320 px wide), decoded in the page.
    const decoded = async (key: string) => {
      const img = page.locator(`.media img[data-key="${key}"]`);
      await img.waitFor();
      await expect_(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0));
      return img.evaluate((el: HTMLImageElement) => [el.naturalWidth, el.naturalHeight]);
    };
    const sheet = outputOf('ImageSprite', /\.jpg$/);
    const [sheetWidth, sheetHeight] = await decoded(sheet.key);
    expect(sheetWidth).toBe(5 * 160);
    expect(sheetHeight).toBe(2 * 90);
    const gif = outputOf('AnimatedGraphics', /\.gif$/);
    expect((await decoded(gif.key))[0]).toBe(320);
    // The sampled snapshots: a numbered sequence, up to four of them shown.
    const samples = outputOf('SampleSnapshot', /\.jpg$/);
    expect(samples.count).toBeGreaterThan(1);
    const first = samples.key.replace(/\d{7}\.jpg$/, '');
    const shown = await page
      .locator(`.media img[data-key^="${first}"]`)
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-key')));
    expect(shown).toHaveLength(Math.min(4, samples.count!));
    for (const key of shown) await decoded(key!);
    await expectLabelled();
    await session.screenshot('15-task-images');

    // The watermark is in the transcoded frames, at its corner (TopRight, 16 px in, 10 % = 64×32 px).
    const mp4 = outputOf('Transcode', /\.mp4$/);
    const out = path.join(ctx.tmp, 'watermarked.mp4');
    writeFileSync(out, await objectBytes(mp4.bucket, mp4.key));
    const magenta = (rgb: number[]) => rgb[0]! > 200 && rgb[1]! < 60 && rgb[2]! > 200;
    expect(magenta(await meanRgb(out, '16:8:584:28'))).toBe(true);
    expect(magenta(await meanRgb(clip, '16:8:584:28'))).toBe(false);
    // Outside the watermark the output is the source.
    expect(magenta(await meanRgb(out, '16:8:584:60'))).toBe(false);
  });

  it('uploads a file dropped on the drop zone (DataTransfer with a File made in the page); its task runs', async () => {
    const bucket = ctx.rt.resources.bucket;
    const dropSchema = await createEnabledSchema(ctx.rt, {
      name: 'console-drop',
      trigger: { bucket, directory: 'drop/' },
      items: { sampleSnapshot: [{ templateId: 20 }] },
    });
    const clip = path.join(ctx.tmp, 'dropped.mp4');
    await generateClip(clip, { seconds: 2 });
    const clipBytes = readFileSync(clip);
    await go(`/upload?schema=${dropSchema.id}`);
    await page.getByText(`uploads go to s3://${bucket}/drop/`).waitFor();
    const zone = page.locator('.drop');
    const dataTransfer = await page.evaluateHandle((base64) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], 'dropped clip.mp4', { type: 'video/mp4' }));
      return dt;
    }, clipBytes.toString('base64'));
    /** Dispatches a drag event carrying the file; true when the page handled it (preventDefault). */
    const drag = (type: string) =>
      zone.evaluate(
        (el, { type, dt }) =>
          !el.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt })),
        { type, dt: dataTransfer },
      );
    expect(await drag('dragover')).toBe(true);
    await page.locator('.drop.over').waitFor();
    expect(await drag('drop')).toBe(true);
    await page.locator('.drop:not(.over)').waitFor();
    const row = page.locator('tr[data-upload="dropped clip.mp4"]:not([data-state="uploading"])');
    await row.waitFor({ timeout: 30_000 });
    expect(await row.getAttribute('data-state')).toBe('done');
    expect(await row.locator('td').nth(1).textContent()).toBe('drop/dropped clip.mp4');
    expect((await objectBytes(bucket, 'drop/dropped clip.mp4')).equals(clipBytes)).toBe(true);

    const task = await waitForTask(
      (t) => t.schemaId === dropSchema.id && t.input.key === 'drop/dropped clip.mp4' && t.status === 'FINISH',
    );
    expect(task.result).toBe('SUCCESS');
    await page.getByRole('link', { name: 'uploaded — see the tasks' }).click();
    await page.locator(`tr[data-task-id="${task.taskId}"]`).waitFor();
    await dataTransfer.dispose();
  });

  describe('multipart uploads from the page', () => {
    let bigSchema: Schema;
    beforeAll(async () => {
      // Left disabled: what is uploaded into big/ starts no task.
      bigSchema = await api<Schema>(ctx.rt, 'POST', '/schemas', {
        name: 'console-big',
        trigger: { bucket: ctx.rt.resources.bucket, directory: 'big/' },
        items: { sampleSnapshot: [{ templateId: 20 }] },
      });
    });

    /** The upload routes of the API and the part PUTs to S3, in the order the page sends them. */
    function recordTransfers(): { calls: string[]; stop(): void } {
      const calls: string[] = [];
      const onRequest = (r: Request) => {
        const url = new URL(r.url());
        if (url.pathname.startsWith('/uploads')) calls.push(`${r.method()} ${url.pathname}`);
        else if (r.method() === 'PUT' && url.searchParams.has('partNumber'))
          calls.push(`PUT ${decodeURIComponent(url.pathname)} part ${url.searchParams.get('partNumber')}`);
      };
      page.on('request', onRequest);
      return { calls, stop: () => page.off('request', onRequest) };
    }

    it('sends a file above the threshold in presigned parts (/uploads, /uploads/parts, PUTs, /uploads/complete); the object arrives intact', async () => {
      const bucket = ctx.rt.resources.bucket;
      const body = randomBytes(MULTIPART_THRESHOLD + 1024 * 1024 + 123);
      const file = path.join(ctx.tmp, 'large.bin');
      writeFileSync(file, body);
      await go(`/upload?schema=${bigSchema.id}`);
      await page.getByText('This schema is disabled').waitFor();
      const transfers = recordTransfers();
      try {
        await page.setInputFiles('#upload-files', file);
        const row = page.locator('tr[data-upload="large.bin"]:not([data-state="uploading"])');
        await row.waitFor({ timeout: 30_000 });
        expect(await row.getAttribute('data-state')).toBe('done');
      } finally {
        transfers.stop();
      }
      const object = `/${bucket}/big/large.bin`;
      expect(transfers.calls).toEqual([
        'POST /uploads',
        'POST /uploads/parts',
        `PUT ${object} part 1`,
        `PUT ${object} part 2`,
        `PUT ${object} part 3`,
        'POST /uploads/complete',
      ]);
      expect(
        Number(await page.locator('progress[aria-label="Upload of large.bin"]').getAttribute('value')),
      ).toBe(body.length);
      const head = await ctx.rt.clients.s3.send(
        new HeadObjectCommand({ Bucket: bucket, Key: 'big/large.bin' }),
      );
      expect(head.ContentLength).toBe(body.length);
      expect((await objectBytes(bucket, 'big/large.bin')).equals(body)).toBe(true);
    });

    it('cancels a multipart upload with its Cancel button: the part in flight stops, /uploads/abort is called, no object is made', async () => {
      const bucket = ctx.rt.resources.bucket;
      const file = path.join(ctx.tmp, 'cancelled.bin');
      writeFileSync(file, randomBytes(MULTIPART_THRESHOLD + 1024 * 1024));
      // Part 2 is held in flight (never answered) until the upload is cancelled: no race with a fast disk.
      let hold!: (route: Route) => void;
      const held = new Promise<Route>((resolve) => (hold = resolve));
      const isPart2 = (url: URL) =>
        url.pathname.endsWith('/big/cancelled.bin') && url.searchParams.get('partNumber') === '2';
      const handler = (route: Route) => hold(route);
      await page.route(isPart2, handler);
      const transfers = recordTransfers();
      try {
        await go(`/upload?schema=${bigSchema.id}`);
        await page.getByText('This schema is disabled').waitFor();
        const started = page.waitForResponse(
          (r) => new URL(r.url()).pathname === '/uploads' && r.request().method() === 'POST',
        );
        await page.setInputFiles('#upload-files', file);
        const { uploadId } = (await (await started).json()) as { uploadId: string };
        const route = await held;
        const row = page.locator('tr[data-upload="cancelled.bin"]');
        expect(await row.getAttribute('data-state')).toBe('uploading');
        await expectLabelled();
        await session.screenshot('16-upload-in-flight');

        // s3rver has no AbortMultipartUpload: the local API answers 409 (on AWS the upload is aborted).
        session.expectOnce(/status of 409 \(Conflict\) \(http:\/\/127\.0\.0\.1:\d+\/uploads\/abort\)$/);
        const abortCall = page.waitForRequest((r) => new URL(r.url()).pathname === '/uploads/abort');
        await row.getByRole('button', { name: 'Cancel upload of cancelled.bin' }).click();
        const abortRequest = await abortCall;
        expect(abortRequest.postDataJSON()).toEqual({ bucket, key: 'big/cancelled.bin', uploadId });
        const abortResponse = await abortRequest.response();
        expect(abortResponse?.status()).toBe(409);
        await expect_(async () => (await row.getAttribute('data-state')) === 'cancelled');
        expect(await row.locator('td').nth(4).textContent()).toBe('cancelled');
        expect(await row.getByRole('button').count()).toBe(0);
        await route.abort().catch(() => undefined);
      } finally {
        transfers.stop();
        await page.unroute(isPart2, handler);
      }
      const object = `/${bucket}/big/cancelled.bin`;
      expect(transfers.calls).toEqual([
        'POST /uploads',
        'POST /uploads/parts',
        `PUT ${object} part 1`,
        `PUT ${object} part 2`,
        'POST /uploads/abort',
      ]);
      await expect(
        ctx.rt.clients.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'big/cancelled.bin' })),
      ).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
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

async function objectBytes(bucket: string, key: string): Promise<Buffer> {
  const res = await ctx.rt.clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await res.Body!.transformToByteArray());
}

/** The mean [R, G, B] of a `w:h:x:y` crop of the frame at 1 s of a video file. */
async function meanRgb(file: string, crop: string): Promise<number[]> {
  const frame = ['-v', 'error', '-ss', '1', '-i', file, '-frames:v', '1', '-vf', `crop=${crop}`];
  const { stdout } = await run(FFMPEG, [...frame, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], {
    env: TOOL_ENV,
    encoding: 'buffer',
  });
  const sum = [0, 0, 0];
  stdout.forEach((byte, i) => (sum[i % 3]! += byte));
  return sum.map((v) => v / (stdout.length / 3));
}
