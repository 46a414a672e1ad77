import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixedClock } from '../../server/lib/clock.js';
import { seedDemo } from '../../server/services/demo-seed-service.js';
import { buildTestApp, createUser, TEST_PASSWORD, type TestApp } from '../helper.js';
import { describeBrowser, launchChromium } from './chromium.js';

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1366, height: 768 };

describeBrowser('the main pages on a phone and on a laptop', () => {
  let app: TestApp;
  let browser: Browser;
  let baseURL: string;
  const contexts: BrowserContext[] = [];
  let adminEmail: string;
  const pages: { name: string; path: string }[] = [];

  let session: Awaited<ReturnType<BrowserContext['storageState']>> | undefined;

  /** Logs in through the form once (the login route is rate-limited), then reuses the session. */
  async function loggedInPage(
    viewport: { width: number; height: number },
    javaScriptEnabled = true,
  ): Promise<Page> {
    const context = await browser.newContext({ baseURL, viewport, javaScriptEnabled, storageState: session });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    if (!session) {
      await page.goto('/login');
      await page.getByLabel('Email').fill(adminEmail);
      await page.getByLabel('Password').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL((url) => url.pathname === '/');
      session = await context.storageState();
    }
    await page.goto('/');
    return page;
  }

  async function firstLink(page: Page, path: string, prefix: string): Promise<string> {
    await page.goto(path);
    const href = await page.locator(`main a[href^="${prefix}"]`).first().getAttribute('href');
    if (!href) throw new Error(`no link to ${prefix} on ${path}`);
    return href;
  }

  beforeAll(async () => {
    app = await buildTestApp({ clock: fixedClock('2026-03-02T10:00:00Z') });
    const demo = seedDemo({ repos: app.repos, config: app.config, today: '2026-03-02' });
    const actor = { userId: null, label: 'setup' };
    const companyIds = app.repos.letters.companyIds(demo.letterIds.round);
    const signOn = app.services.letters.create(
      demo.campaignId,
      { title: 'Open for signatures', body: 'Dear {{company.name}}', questions: ['Q?'], companyIds },
      actor,
    );
    app.services.signOn.open(signOn.id, '2026-03-20T17:00:00Z', actor);
    const [signOnLink] = app.services.signOn.links(app.services.letters.get(signOn.id));
    adminEmail = (await createUser(app, 'admin', { name: 'Maximiliane Wolkenstein-Oberhauser' })).email;
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseURL = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();

    const page = await loggedInPage(LAPTOP);
    const letter = `/letters/${demo.letterIds.round}`;
    pages.push(
      { name: 'dashboard', path: '/' },
      { name: 'campaigns', path: '/campaigns' },
      { name: 'campaign board', path: `/campaigns/${demo.campaignId}` },
      { name: 'statistics', path: `/campaigns/${demo.campaignId}/stats` },
      { name: 'letter', path: letter },
      { name: 'dispatch', path: await firstLink(page, letter, '/dispatches/') },
      { name: 'companies', path: '/companies' },
      { name: 'company import', path: '/companies/import' },
      { name: 'new campaign', path: '/campaigns/new' },
      { name: 'company', path: await firstLink(page, '/companies', '/companies/') },
      { name: 'organizations', path: '/organizations' },
      { name: 'organization', path: await firstLink(page, '/organizations', '/organizations/') },
      { name: 'deadlines', path: '/deadlines' },
      { name: 'templates', path: '/templates' },
      { name: 'search', path: '/search?q=Microsoft' },
      { name: 'settings', path: '/settings' },
      { name: 'users', path: '/users' },
      { name: 'inbox', path: '/inbox' },
      { name: 'outbox', path: '/outbox' },
      { name: 'public tracker', path: `/public/campaigns/${demo.campaignId}` },
      { name: 'sign page', path: new URL(signOnLink!.url).pathname },
    );
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await app?.close();
    // buildTestApp's own cleanup hook is lost when it is called inside beforeAll
    if (app) rmSync(app.config.dataDir, { recursive: true, force: true });
  });

  it('fits every main page into a 390 px wide phone screen', async () => {
    const page = await loggedInPage(PHONE);
    const tooWide: string[] = [];
    for (const { name, path } of pages) {
      const response = await page.goto(path);
      expect(response?.status(), `${name} (${path})`).toBe(200);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > PHONE.width) tooWide.push(`${name} (${path}): ${width} px`);
      // answer dropdowns keep room for their words ("partial", "not answered"), not "answ"
      const cut = await page
        .locator('.answer-form select, .assess-question select')
        .evaluateAll((selects) => selects.filter((select) => select.clientWidth < 140).length);
      if (cut > 0) tooWide.push(`${name} (${path}): ${cut} answer dropdowns narrower than 140 px`);
      await page.screenshot({
        path: `/tmp/docket-screens/phone-${name.replaceAll(' ', '-')}.png`,
        fullPage: true,
      });
    }
    expect(tooWide).toEqual([]);
  });

  it('collapses the header into a menu on a phone, which opens without JavaScript', async () => {
    const page = await loggedInPage(PHONE, false);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Dashboard');
    const companies = page.getByRole('navigation').getByRole('link', { name: 'Companies' });
    expect(await companies.isVisible()).toBe(false);
    const header = page.locator('.site-header');
    const closedHeight = (await header.boundingBox())!.height;
    await page.screenshot({ path: '/tmp/docket-screens/phone-menu-closed.png' });
    expect(closedHeight).toBeLessThan(80);
    await page.getByText('Menu', { exact: true }).click();
    expect(await companies.isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Log out' }).isVisible()).toBe(true);
    await companies.click();
    await page.waitForURL((url) => url.pathname === '/companies');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  });

  it('opens the phone menu from the keyboard and closes it with Escape', async () => {
    const page = await loggedInPage(PHONE);
    const menu = page.locator('.site-header details.nav-menu');
    await page.keyboard.press('Tab'); // Skip to content
    await page.keyboard.press('Tab'); // Docket
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Menu');
    await page.keyboard.press('Enter');
    expect(await menu.getAttribute('open')).not.toBeNull();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Dashboard');
    await page.keyboard.press('Escape');
    expect(await menu.getAttribute('open')).toBeNull();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Menu');
  });

  it('keeps the laptop header on one line, the long user name included', async () => {
    const page = await loggedInPage(LAPTOP);
    await page.goto('/templates');
    await page.screenshot({ path: '/tmp/docket-screens/laptop-templates.png', fullPage: true });
    for (const { name, path } of pages.slice(0, 3)) {
      await page.goto(path);
      expect(await page.getByText('Menu', { exact: true }).isVisible(), name).toBe(false);
      await page.screenshot({ path: `/tmp/docket-screens/laptop-${name.replaceAll(' ', '-')}.png` });
      const items = page.locator('.site-header nav li');
      const boxes = await items.evaluateAll((elements) =>
        elements.map((element) => {
          const box = element.getBoundingClientRect();
          return { top: box.top, bottom: box.bottom, height: box.height };
        }),
      );
      expect(boxes.length).toBeGreaterThan(10);
      const tops = boxes.map((box) => box.top + box.height / 2);
      // every item shares one row: their vertical centres lie within a few pixels
      expect(Math.max(...tops) - Math.min(...tops), name).toBeLessThan(6);
      const userName = page.locator('.site-header .user-name');
      const lineHeight = await userName.evaluate((element) =>
        Number.parseFloat(getComputedStyle(element).lineHeight),
      );
      expect((await userName.boundingBox())!.height).toBeLessThan(lineHeight * 1.5);
      expect(await userName.getAttribute('title')).toContain('Maximiliane Wolkenstein-Oberhauser');
    }
  });

  it('offers "Skip to content" as the first tab stop, visible when focused', async () => {
    const page = await loggedInPage(LAPTOP);
    await page.goto(pages[2]!.path);
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    expect(await focused.textContent()).toBe('Skip to content');
    const box = await focused.boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(await focused.evaluate((element) => getComputedStyle(element).outlineStyle)).not.toBe('none');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.keyboard.press('Tab');
    // the next stop is inside the content, not the header
    expect(await page.evaluate(() => document.activeElement?.closest('main') !== null)).toBe(true);
    await page.screenshot({ path: '/tmp/docket-screens/laptop-board.png' });
  });
});
