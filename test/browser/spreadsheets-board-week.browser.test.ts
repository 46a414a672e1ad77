import { readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixedClock } from '../../server/lib/clock.js';
import { seedDemo } from '../../server/services/demo-seed-service.js';
import { buildTestApp, createUser, TEST_PASSWORD, type TestApp } from '../helper.js';
import { describeBrowser, launchChromium } from './chromium.js';

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1366, height: 768 };

describeBrowser('spreadsheets, the board and my week, on a phone and on a laptop', () => {
  let app: TestApp;
  let browser: Browser;
  let baseURL: string;
  let campaignId = 0;
  let coordinatorEmail = '';
  let session: Awaited<ReturnType<BrowserContext['storageState']>> | undefined;
  const contexts: BrowserContext[] = [];

  async function loggedInPage(viewport: { width: number; height: number }): Promise<Page> {
    const context = await browser.newContext({
      baseURL,
      viewport,
      storageState: session,
      acceptDownloads: true,
    });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    if (!session) {
      await page.goto('/login');
      await page.getByLabel('Email').fill(coordinatorEmail);
      await page.getByLabel('Password').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL((url) => url.pathname === '/');
      session = await context.storageState();
    }
    return page;
  }

  /** The page fits the viewport: nothing makes it scroll sideways. */
  async function expectFits(page: Page, width: number) {
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth, page.url()).toBeLessThanOrEqual(width);
  }

  beforeAll(async () => {
    // Monday 2 March 2026; the demo is dated relative to it.
    app = await buildTestApp({ clock: fixedClock('2026-03-02T10:00:00Z') });
    campaignId = seedDemo({ repos: app.repos, config: app.config, clock: app.clock }).campaignId;
    coordinatorEmail = (await createUser(app, 'coordinator')).email;
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseURL = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await app?.close();
    // buildTestApp's own cleanup hook is lost when it is called inside beforeAll
    if (app) rmSync(app.config.dataDir, { recursive: true, force: true });
  });

  it.each([
    ['phone', PHONE],
    ['laptop', LAPTOP],
  ])('on a %s: my week, a CSV import with its preview, board views, bulk actions and exports', async (label, viewport) => {
    const page = await loggedInPage(viewport);

    // My week: the overdue work of the demo round and what is due soon.
    await page.goto('/');
    await expect.poll(() => page.getByRole('heading', { name: /My week/ }).isVisible()).toBe(true);
    const overdue = page.locator('table.overdue-work');
    await expect.poll(() => overdue.textContent()).toContain('Response due: Schlumberger');
    expect(await page.locator('table.upcoming').textContent()).toContain('Raiffeisen Bank International');
    await expectFits(page, viewport.width);

    // Import: upload, preview every row, nothing saved, then confirm.
    await page.goto('/companies');
    await page.getByRole('button', { name: 'Import from CSV' }).click();
    const csv = [
      'name,country,sector,contact_function,contact_email',
      `${label} Alpha,FR,Energy,ir,ir@alpha-${label}.example`,
      `${label} Frnace,Frnace,Energy,,`,
      `${label} Beta,DE,Industry,,`,
      'Microsoft,US,,,',
    ].join('\n');
    await page
      .getByLabel(/CSV file/)
      .setInputFiles({ name: 'companies.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Preview the import' }).click();
    await page.waitForURL(/\/companies\/import\/[\w-]+$/);
    const rows = page.locator('table.import-rows tbody tr');
    expect(await rows.count()).toBe(4);
    expect(await page.locator('tr[data-line="3"]').textContent()).toContain(
      "line 3, country: 'Frnace' is not a country; use a two-letter code such as FR",
    );
    expect(await page.locator('tr[data-line="5"]').textContent()).toContain('Already in Docket');
    expect(app.repos.companies.findByName(`${label} Alpha`)).toBeUndefined();
    await expectFits(page, viewport.width);
    await page.getByRole('button', { name: 'Import 2 companies' }).click();
    await expect.poll(() => page.locator('.import-done').textContent()).toContain('Imported 2 companies');
    expect(app.repos.companies.findByName(`${label} Alpha`)).toBeDefined();
    expect(app.repos.companies.findByName(`${label} Frnace`)).toBeUndefined();

    if (label === 'laptop') {
      // A large file: the page follows the import (polling its status) until it is done.
      const big = ['name,country', ...Array.from({ length: 3000 }, (_, i) => `Large ${i},GB`)].join('\n');
      await page.goto('/companies/import');
      await page
        .getByLabel(/CSV file/)
        .setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(big) });
      await page.getByRole('button', { name: 'Preview the import' }).click();
      await expect.poll(() => page.locator('nav.pager').textContent()).toContain('1–200 of 3000');
      await page.getByRole('button', { name: 'Import 3000 companies' }).click();
      await expect
        .poll(() => page.locator('.import-done').textContent(), { timeout: 30_000 })
        .toContain('Imported 3000 companies');
      expect(app.repos.companies.findByName('Large 2999')).toBeDefined();
    }

    // Companies as a spreadsheet.
    const companiesDownload = page.waitForEvent('download');
    await page.goto('/companies');
    await page.getByRole('button', { name: 'Download Excel' }).click();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      readFileSync((await (await companiesDownload).path())!) as unknown as ArrayBuffer,
    );
    const names: unknown[] = [];
    workbook.worksheets[0]!.eachRow((row) => names.push(row.getCell(1).value));
    expect(names).toContain(`${label} Alpha`);

    // Board: the "overdue" quick view lives in the URL and survives a reload.
    await page.goto(`/campaigns/${campaignId}`);
    await page.locator('.quick-views').getByRole('link', { name: 'overdue' }).click();
    await page.waitForURL(/view=overdue/);
    await page.reload();
    const boardRows = page.locator('table.board tbody tr');
    await expect.poll(() => boardRows.count()).toBe(4);
    await expectFits(page, viewport.width);

    // Select all on the page, export the selection.
    await page.getByLabel('Select all on this page').check();
    for (const box of await page.locator('input[name="dispatchIds"]').all())
      expect(await box.isChecked()).toBe(true);
    await page.getByLabel('Action for the selected companies').selectOption('export-csv');
    const selectedDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Continue' }).click();
    const exported = parse(readFileSync((await (await selectedDownload).path())!), {
      bom: true,
    }) as string[][];
    expect(
      exported
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual(['Cisco', 'JPMorgan Chase', 'Schlumberger', 'Unilever']);

    // Draft a follow-up for two of them: confirm, then one result per company.
    await page.goto(`/campaigns/${campaignId}?view=overdue`);
    await page.getByLabel('Select Cisco').check();
    await page.getByLabel('Select Unilever').check();
    await page.getByLabel('Action for the selected companies').selectOption('follow_up');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Draft a follow-up?' }).isVisible()).toBe(true);
    await expectFits(page, viewport.width);
    await page.getByRole('button', { name: 'Draft a follow-up for 2 companies' }).click();
    await expect.poll(() => page.locator('.bulk-summary').textContent()).toContain('Done for 2 of 2');
    expect(await page.locator('table.bulk-results').textContent()).toContain(
      'included in the follow-up draft',
    );
    await expectFits(page, viewport.width);
    await page.getByRole('link', { name: 'Back to the board' }).click();
    await page.waitForURL(/view=overdue/);

    // The statistics as CSV.
    const statsDownload = page.waitForEvent('download');
    await page.goto(`/campaigns/${campaignId}/stats`);
    await page.evaluate((url) => {
      const a = document.createElement('a');
      a.href = url;
      a.download = '';
      document.body.append(a);
      a.click();
    }, `/campaigns/${campaignId}/stats.csv`);
    const stats = parse(readFileSync((await (await statsDownload).path())!), { bom: true }) as string[][];
    expect(stats[0]!.slice(0, 2)).toEqual(['Table', 'Group']);
    expect(stats.some((r) => r[0] === 'By country')).toBe(true);
  });
});
