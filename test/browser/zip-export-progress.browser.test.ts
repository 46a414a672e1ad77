import { readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { unzipSync } from 'fflate';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixedClock } from '../../server/lib/clock.js';
import { factories } from '../factories.js';
import { buildTestApp, createUser, TEST_PASSWORD, type TestApp } from '../helper.js';
import { describeBrowser, launchChromium } from './chromium.js';

/**
 * Issue 15 item 12 in a browser: the zip of every company's copy is started from the letter page;
 * its progress page moves by itself (JavaScript polling the status JSON, no reload) and ends with a
 * download link that gives the zip. Without JavaScript, the page reloads itself and a refresh
 * shows the progress, then the link.
 */
const COMPANIES = 30;
const names = Array.from({ length: COMPANIES }, (_, i) => `Zip Co ${String(i + 1).padStart(2, '0')}`);
/** Every copy in every format, named by send date, company and subject. */
const expectedEntries = names
  .flatMap((name) =>
    ['md', 'html', 'docx', 'pdf'].map(
      (format) => `2024-05-06-${name.toLowerCase().replaceAll(' ', '-')}-progress-report.${format}`,
    ),
  )
  .sort();

describeBrowser('a zip export and its progress page, with and without JavaScript', () => {
  let app: TestApp;
  let browser: Browser;
  let baseURL: string;
  let letterId = 0;
  let staffEmail = '';
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    app = await buildTestApp({ clock: fixedClock('2024-05-06T09:00:00Z') });
    const f = factories(app);
    const companies = names.map((name) => f.company({ name }));
    const campaign = f.campaign({ name: 'Zip campaign' });
    letterId = f.sentLetter(
      campaign.id,
      companies.map((c) => c.id),
      { title: 'Progress report', questions: ['What changed?'] },
    ).letter.id;
    staffEmail = (await createUser(app, 'staff')).email;
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseURL = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await app?.services.tasks.settled();
    await app?.close();
    // buildTestApp's own cleanup hook is lost when it is called inside beforeAll
    if (app) rmSync(app.config.dataDir, { recursive: true, force: true });
  });

  async function loggedIn(javaScriptEnabled: boolean): Promise<Page> {
    const context = await browser.newContext({
      baseURL,
      viewport: { width: 1280, height: 900 },
      javaScriptEnabled,
      acceptDownloads: true,
    });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto('/login');
    await page.getByLabel('Email').fill(staffEmail);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    return page;
  }

  /** From the letter page: the export button, then the progress page of the new task. */
  async function startExport(page: Page): Promise<number> {
    await page.goto(`/letters/${letterId}`);
    await page.getByRole('button', { name: 'Export all (zip)' }).click();
    await page.waitForURL(/\/tasks\/\d+$/);
    return Number(new URL(page.url()).pathname.split('/').pop());
  }

  /** Clicks the download link; the file must be the zip of every copy. */
  async function downloadAndCheck(page: Page) {
    const link = page.getByRole('button', { name: 'Download the zip' });
    const pending: Promise<Download> = page.waitForEvent('download');
    await link.click();
    const download = await pending;
    expect(download.suggestedFilename()).toBe('2024-05-06-progress-report-dispatches.zip');
    const bytes = readFileSync((await download.path())!);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
    const entries = unzipSync(new Uint8Array(bytes));
    expect(Object.keys(entries).sort()).toEqual(expectedEntries);
    const first = '2024-05-06-zip-co-01-progress-report';
    expect(Buffer.from(entries[`${first}.pdf`]!).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(Buffer.from(entries[`${first}.docx`]!).subarray(0, 2).toString('latin1')).toBe('PK');
    expect(Buffer.from(entries[`${first}.md`]!).toString('utf8')).toContain('Zip Co 01');
    expect(Buffer.from(entries[`${first}.html`]!).toString('utf8')).toContain('What changed?');
  }

  it('with JavaScript: the page moves by itself, without a reload, and ends with a working download', async () => {
    const page = await loggedIn(true);
    await startExport(page);
    const box = page.locator('section.task-progress');
    expect(await box.getAttribute('data-status')).toBe('running');
    expect(await page.locator('.task-download').isHidden()).toBe(true);

    // Mark this document and record every value the bar takes: a reload would lose both.
    await page.evaluate(() => {
      const w = window as unknown as { progressSeen: number[]; sameDocument: boolean };
      w.sameDocument = true;
      const bar = document.querySelector('progress')!;
      w.progressSeen = [bar.value];
      new MutationObserver(() => w.progressSeen.push(bar.value)).observe(bar, {
        attributes: true,
        attributeFilter: ['value'],
      });
      // `bar.value = n` changes the property, not always the attribute: sample it as well.
      const sample = setInterval(() => {
        if (w.progressSeen.at(-1) !== bar.value) w.progressSeen.push(bar.value);
        if (document.querySelector('section.task-progress')?.getAttribute('data-status') !== 'running')
          clearInterval(sample);
      }, 50);
    });

    await expect.poll(() => box.getAttribute('data-status'), { timeout: 60_000, interval: 200 }).toBe('done');
    const seen = await page.evaluate(
      () => (window as unknown as { progressSeen: number[]; sameDocument?: boolean }).progressSeen,
    );
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(
      true,
    );
    expect(seen, `progress seen: ${seen.join(',')}`).toEqual([...seen].sort((a, b) => a - b));
    expect(
      seen.some((v) => v > 0 && v < COMPANIES),
      `progress seen: ${seen.join(',')}`,
    ).toBe(true);
    expect(seen.at(-1)).toBe(COMPANIES);
    expect(await page.locator('.task-count').textContent()).toBe(`${COMPANIES} of ${COMPANIES}`);
    expect(await page.locator('label[for="task-progress-bar"]').textContent()).toMatch(/^Done: /);
    expect(await page.locator('.task-state').textContent()).toBe('Ready.');
    expect(await page.locator('.task-download').isVisible()).toBe(true);

    await downloadAndCheck(page);
  });

  it('without JavaScript: the page reloads itself, a refresh shows the progress, then the link', async () => {
    const page = await loggedIn(false);
    const id = await startExport(page);
    const readProgress = async () => ({
      status: await page.locator('section.task-progress').getAttribute('data-status'),
      value: Number(await page.locator('progress').getAttribute('value')),
      count: await page.locator('.task-count').textContent(),
    });
    const first = await readProgress();
    expect(first.status).toBe('running');
    expect(first.count).toBe(`${first.value} of ${COMPANIES}`);
    expect(await page.getByRole('link', { name: 'Reload' }).getAttribute('href')).toBe(`/tasks/${id}`);

    const seen = [first];
    const underWay = (p: { status: string | null; value: number }) =>
      p.status === 'running' && p.value > 0 && p.value < COMPANIES;
    // Refreshed by hand, the page shows the work under way…
    for (let i = 0; i < 300 && seen.at(-1)!.status === 'running' && !underWay(seen.at(-1)!); i++) {
      await page.waitForTimeout(100);
      await page.reload();
      seen.push(await readProgress());
    }
    expect(underWay(seen.at(-1)!), `progress seen: ${seen.map((s) => s.value).join(',')}`).toBe(true);
    // …and left alone, it loads itself again (the refresh in <noscript>).
    await page.waitForEvent('load', { timeout: 10_000 });
    expect(new URL(page.url()).pathname).toBe(`/tasks/${id}`);
    seen.push(await readProgress());
    for (let i = 0; i < 300 && seen.at(-1)!.status === 'running'; i++) {
      await page.waitForTimeout(100);
      await page.reload();
      seen.push(await readProgress());
    }
    const values = seen.map((s) => s.value);
    expect(values, `progress seen: ${values.join(',')}`).toEqual([...values].sort((a, b) => a - b));
    expect(seen.at(-1)).toEqual({ status: 'done', value: COMPANIES, count: `${COMPANIES} of ${COMPANIES}` });
    expect(await page.locator('.task-state').textContent()).toContain('Ready.');
    expect(await page.locator('.task-download').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Download the zip' }).getAttribute('href')).toBe(
      `/tasks/${id}/download`,
    );

    await downloadAndCheck(page);
  });
});
