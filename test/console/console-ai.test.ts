/// <reference lib="dom" />
// (DOM types: page.evaluate callbacks run in the browser.)
/**
 * The web console's AI items in real Chromium against the local runtime: an aiAnalysis template made
 * with the form (a bad one first: the API's message at its field), a schema made through the flow with
 * a transcode item and that AI item, a clip uploaded from the page, and the task page showing the
 * AiAnalysis subtask's summary, its JSON result as a link and the cover JPEG decoded inline. The local
 * AI engine runs ffmpeg's analysis (a few seconds). Also: an AI subtask that cannot run locally shows
 * its error code and message. Screenshots go to test-artifacts/console/ (ai-*.png).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { AiAnalysisTemplate, Schema, Task } from '../../lambdas/core/model';
import { generateClip } from '../e2e/media';
import { api, startE2eRuntime, upload, type E2eContext } from '../e2e/support';
import { openBrowser, unlabelledControls, until, type BrowserSession } from './browser';

jest.setTimeout(60_000);

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

describe('web console: AI items (Chromium, local runtime)', () => {
  let template: AiAnalysisTemplate;
  let schema: Schema;

  it('lists the AI presets under their types', async () => {
    await go('/templates?type=contentReview');
    await page.locator('tr[data-template-id="40"]').waitFor();
    expect(await page.locator('tr[data-template-id="40"] td').nth(3).textContent()).toBe(
      'a frame every 1 s · review from 50 % · block from 85 %',
    );
    await page.getByRole('link', { name: 'AI recognition' }).click();
    await page.locator('tr[data-template-id="52"]').waitFor();
    expect(
      await page.locator('tr[data-template-id]').evaluateAll((rows) => rows.map((r) => r.textContent)),
    ).toEqual([
      expect.stringContaining('text in frames (OCR) · en-US · a frame every 1 s'),
      expect.stringContaining('speech to text · en-US'),
      expect.stringContaining('text in frames (OCR) + speech to text · en-US'),
    ]);
  });

  it('creates an aiAnalysis template: no part asked for gets the API message at the first box; shots, black segments and cover are saved', async () => {
    await go('/templates?type=aiAnalysis');
    await page.locator('tr[data-template-id="61"]').waitFor();
    await page.getByRole('button', { name: 'Create AI analysis template' }).click();
    await page.getByLabel('Name', { exact: true }).fill('console analysis');
    for (const label of ['Shots (hard cuts)', 'Black segments', 'Cover image (JPEG)', 'Labels'])
      await page.getByLabel(label).setChecked(false);
    session.expectOnce(/status of 400 \(Bad Request\) \(http:\/\/127\.0\.0\.1:\d+\/templates\/aiAnalysis\)$/);
    await page.getByRole('button', { name: 'Create template' }).click();
    const shots = page.locator('[data-field="shots"]');
    await until(async () => (await shots.getAttribute('aria-invalid')) === 'true');
    const message = await page.locator('.field:has([data-field="shots"]) .error').textContent();
    expect(message).toContain('or blackFrames, cover or labels must be true');
    expect(await shots.getAttribute('aria-describedby')).toMatch(/-error/);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-field'))).toBe('shots');
    // The error is at its field, not repeated above the form.
    expect(await page.locator('form .form-error').count()).toBe(0);
    await expectLabelled();
    await session.screenshot('ai-01-template-field-error');

    for (const label of ['Shots (hard cuts)', 'Black segments', 'Cover image (JPEG)'])
      await page.getByLabel(label).check();
    await page.getByRole('button', { name: 'Create template' }).click();
    await page.waitForURL(/#\/templates\?type=aiAnalysis&saved=\d+$/);
    const row = page.locator('tr:has-text("console analysis")');
    await row.waitFor();
    expect(await row.locator('td').nth(3).textContent()).toBe('shots + black segments + cover image');
    template = (
      await api<{ items: AiAnalysisTemplate[] }>(ctx.rt, 'GET', '/templates?type=aiAnalysis')
    ).items.find((t) => t.name === 'console analysis')!;
    expect(template).toMatchObject({
      shots: true,
      blackFrames: true,
      cover: true,
      labels: false,
      preset: false,
    });

    // The edit form shows what was saved.
    await row.getByRole('button', { name: 'Edit' }).click();
    await until(
      async () => (await page.getByLabel('Name', { exact: true }).inputValue()) === 'console analysis',
    );
    expect(await page.getByLabel('Cover image (JPEG)').isChecked()).toBe(true);
    expect(await page.getByLabel('Labels').isChecked()).toBe(false);
    await expectLabelled();
  });

  it('creates a schema with a transcode item and that AI item through the flow, and enables it', async () => {
    await go('/schemas/new');
    await page.getByLabel('Schema name').fill('console-ai');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Trigger directory').fill('ai/');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Add a processing item').selectOption('transcode');
    await page.getByRole('button', { name: 'Add item' }).click();
    await page.locator('select[name="items.transcode.templateId"]').selectOption('100010');
    await page.getByLabel('Add a processing item').selectOption('aiAnalysis');
    await page.getByRole('button', { name: 'Add item' }).click();
    const aiNode = page.locator('.chain [data-item-kind="aiAnalysis"]');
    const choices = await aiNode
      .locator('select[name="items.aiAnalysis.templateId"] option')
      .allTextContents();
    // Only templates of the item's type: the two presets and the new one.
    expect(choices).toEqual([
      'choose…',
      '60 Analysis-Shots-Black-Cover',
      '61 Analysis-All',
      `${template.id} console analysis`,
    ]);
    await aiNode.locator('select').selectOption(String(template.id));
    expect(await aiNode.locator('strong').textContent()).toBe('2. AI analysis');
    expect(await page.locator('.chain [role="listitem"]').count()).toBe(4); // upload → 2 items → output
    await expectLabelled();
    await session.screenshot('ai-02-schema-chain');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Create schema' }).click();
    const row = page.locator('tr[data-schema-name="console-ai"]');
    await row.waitFor();
    expect(await row.locator('td').nth(5).textContent()).toBe(
      `Transcode 100010 → AI analysis ${template.id}`,
    );
    await row.getByRole('button', { name: 'Enable' }).click();
    await until(async () => (await row.locator('.status').textContent()) === 'enabled');
    schema = (await api<{ items: Schema[] }>(ctx.rt, 'GET', '/schemas')).items.find(
      (s) => s.name === 'console-ai',
    )!;
    expect(schema.items).toEqual({
      transcode: [{ templateId: 100010 }],
      aiAnalysis: [{ templateId: template.id }],
    });
  });

  it('uploads a clip; the task page shows the AiAnalysis summary, its JSON result and the cover image', async () => {
    const clip = path.join(ctx.tmp, 'ai clip.mp4');
    await generateClip(clip, { seconds: 3 });
    await go(`/upload?schema=${schema.id}`);
    await page.getByText(`uploads go to s3://${ctx.rt.resources.bucket}/ai/`).waitFor();
    await page.setInputFiles('#upload-files', clip);
    await page.locator('tr[data-upload="ai clip.mp4"][data-state="done"]').waitFor({ timeout: 20_000 });
    await page.getByRole('link', { name: 'uploaded — see the tasks' }).click();
    const taskLink = page.locator('tr[data-task-id] td a').first();
    await taskLink.waitFor({ timeout: 20_000 });
    await taskLink.click();

    // The page refreshes itself until the task is finished.
    await page.locator('section[aria-label="Task"] .status-SUCCESS').waitFor({ timeout: 30_000 });
    const taskId = decodeURIComponent(page.url().split('#/tasks/')[1]!);
    const task = await api<Task>(ctx.rt, 'GET', `/tasks/${encodeURIComponent(taskId)}`);
    const ai = task.subtasks.find((s) => s.type === 'AiAnalysis')!;
    expect(ai).toMatchObject({ status: 'SUCCESS', summary: { shots: expect.any(Number), cover: true } });
    const shots = ai.summary!.shots as number;
    expect(shots).toBeGreaterThanOrEqual(1);

    const row = page.locator(`table[aria-label="Subtasks"] tr[data-subtask="${ai.no}"]`);
    expect(await row.getAttribute('data-status')).toBe('SUCCESS');
    expect(await row.locator('td').nth(1).textContent()).toBe('AiAnalysis');
    const summary = await row.locator('[data-summary]').textContent();
    expect(summary).toContain(`${shots} ${shots === 1 ? 'shot' : 'shots'}`);
    expect(summary).toContain(`${ai.summary!.blackSegments as number} black segment`);
    expect(summary).toContain('cover');

    // The JSON result: a link (presigned) that opens the analysis.
    const result = ai.outputs.find((o) => o.kind === 'analysisResult')!;
    const link = row.locator('[data-output-kind="analysisResult"] a');
    await until(async () => (await link.getAttribute('href')) !== null);
    expect(await link.textContent()).toBe(result.key.split('/').pop());
    expect(await row.locator('[data-output-kind="analysisResult"] .output-kind').textContent()).toBe(
      'analysis result (JSON)',
    );
    const res = await fetch((await link.getAttribute('href'))!);
    expect(res.status).toBe(200);
    const json = (await res.json()) as { type: string; shots: unknown[] };
    expect(json.type).toBe('AiAnalysis');
    expect(json.shots).toHaveLength(shots);

    // The cover JPEG, decoded inline like the snapshots.
    const cover = ai.outputs.find((o) => o.kind === 'cover')!;
    expect(cover.key).toMatch(/\.jpg$/);
    const img = page.locator(`.media img[data-key="${cover.key}"]`);
    await img.waitFor();
    await until(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0));
    expect(await img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBe(640);
    await expectLabelled();
    await session.screenshot('ai-03-task');
  });

  it('shows the error code and message of an AI subtask that cannot run locally', async () => {
    const clip = path.join(ctx.tmp, 'ai clip.mp4');
    await upload(ctx.rt, 'media/speech.mp4', readFileSync(clip));
    const { taskId } = await api<Task>(ctx.rt, 'POST', '/tasks', {
      input: { bucket: ctx.rt.resources.bucket, key: 'media/speech.mp4' },
      output: { directory: 'media/speech/' },
      items: { aiRecognition: [{ templateId: 51 }] },
    });
    await go(`/tasks/${taskId}`);
    const row = page.locator('table[aria-label="Subtasks"] tr[data-subtask="1"][data-status="FAIL"]');
    await row.waitFor({ timeout: 20_000 });
    const failed = (await api<Task>(ctx.rt, 'GET', `/tasks/${taskId}`)).subtasks[0]!;
    expect(failed.errorCode).toBe('NotAvailableLocally');
    expect(await row.locator('td').nth(8).textContent()).toBe(`NotAvailableLocally: ${failed.errorMessage}`);
  });

  it('logged no console error and threw no exception during the run', () => {
    expect(session.problems).toEqual([]);
  });
});
