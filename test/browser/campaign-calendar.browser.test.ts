import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixedClock } from '../../server/lib/clock.js';
import { buildTestApp, createUser, TEST_PASSWORD, type TestApp } from '../helper.js';
import { describeBrowser, launchChromium } from './chromium.js';

const SCREENSHOT = '/tmp/docket-campaign-calendar.png';

// China's State Council calendar for the 2024 Spring Festival: two adjusted working Sundays.
const CHINA_ADJUSTED_WORKING_DAYS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Example//CN adjusted working days//ZH',
  'BEGIN:VEVENT',
  'UID:cn-2024-02-04@example.gov.cn',
  'DTSTART;VALUE=DATE:20240204',
  'SUMMARY:春节调休上班',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:cn-2024-02-18@example.gov.cn',
  'DTSTART;VALUE=DATE:20240218',
  'SUMMARY:春节调休上班',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

describeBrowser('a campaign’s holiday calendar in a real browser', () => {
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let campaignId: number;
  let dispatchId: number;

  beforeAll(async () => {
    app = await buildTestApp({ clock: fixedClock('2024-02-01T09:00:00Z') });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const email = (await createUser(app, 'coordinator')).email;
    const actor = { userId: null, label: 'test' };
    const company = app.services.companies.create({ name: 'Shanghai Example Co.', country: 'CN' }, actor).id;
    campaignId = app.services.campaigns.create(
      {
        name: 'China round',
        responseDays: 3,
        dayCount: 'working',
        holidayCountry: 'CN',
        companyIds: [company],
      },
      actor,
    ).id;
    const letter = app.services.letters.create(
      campaignId,
      { title: 'Questions', body: 'Dear {{company.name}}', questions: ['Q?'], companyIds: [company] },
      actor,
    );
    app.services.letters.approve(letter.id, actor);
    app.services.sending.send(letter.id, { channel: 'post' }, actor);
    dispatchId = app.repos.dispatches.findForLetterCompany(letter.id, company)!.id;
    browser = await launchChromium();
    context = await browser.newContext({
      baseURL: `http://127.0.0.1:${port}`,
      viewport: { width: 1280, height: 900 },
    });
    page = await context.newPage();
    page.setDefaultTimeout(5_000);
    await page.goto('/login');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => url.pathname === '/');
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
    if (app) rmSync(app.config.dataDir, { recursive: true, force: true });
  });

  it('imports a government .ics file chosen in the file picker; the due date moves', async () => {
    expect(app.repos.dispatches.findById(dispatchId)!.dueAt).toBe('2024-02-06');
    await page.goto(`/campaigns/${campaignId}`);
    await page.getByRole('link', { name: 'holiday calendar' }).click();
    await page.waitForURL((url) => url.pathname === `/campaigns/${campaignId}/calendar`);
    await page.locator('input[data-ics-file]').setInputFiles({
      name: 'cn-2024-adjusted.ics',
      mimeType: 'text/calendar',
      buffer: Buffer.from(CHINA_ADJUSTED_WORKING_DAYS),
    });
    await page.waitForFunction(() =>
      (document.querySelector('[data-ics-text]') as HTMLTextAreaElement).value.includes('BEGIN:VCALENDAR'),
    );
    await page.locator('form[action$="/calendar/import"] select[name="kind"]').selectOption('working_day');
    await page.getByRole('button', { name: 'Import' }).click();
    await page.waitForURL((url) => url.pathname === `/campaigns/${campaignId}/calendar`);
    expect(await page.getByText('2 days imported. 1 due date recomputed.').isVisible()).toBe(true);
    const own = page.locator('#own-days');
    expect(await own.getByText('春节调休上班').count()).toBe(2);
    expect(await own.getByText('imported from cn-2024-adjusted.ics').count()).toBe(2);
    expect(await page.locator('#calendar-days').getByText('working day').count()).toBeGreaterThan(0);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    const dispatch = app.repos.dispatches.findById(dispatchId)!;
    expect(dispatch.dueAt).toBe('2024-02-05');
    expect(dispatch.dueExplanation).toContain('Sun 4 Feb 2024');
  });

  it('removes an own day again with its button', async () => {
    await page
      .locator('#own-days tr', { hasText: '4 Feb 2024' })
      .getByRole('button', { name: 'Remove' })
      .click();
    await page.waitForURL((url) => url.pathname === `/campaigns/${campaignId}/calendar`);
    expect(await page.locator('#own-days').getByText('春节调休上班').count()).toBe(1);
    expect(app.repos.dispatches.findById(dispatchId)!.dueAt).toBe('2024-02-06');
  });
});
