import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, createUser, TEST_PASSWORD, type TestApp } from '../helper.js';
import { describeBrowser, launchChromium } from './chromium.js';

const SCREENSHOT = '/tmp/docket-companies.png';
const SHOW_SCREENSHOT = '/tmp/docket-company-show.png';
const FORM_SCREENSHOT = '/tmp/docket-company-form-error.png';

describeBrowser('companies in a real browser', () => {
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let email: string;

  beforeAll(async () => {
    app = await buildTestApp();
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    email = (await createUser(app, 'admin')).email;
    browser = await launchChromium();
    context = await browser.newContext({
      baseURL: `http://127.0.0.1:${port}`,
      viewport: { width: 1280, height: 800 },
    });
    page = await context.newPage();
    page.setDefaultTimeout(5_000);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
    // buildTestApp's own cleanup hook is lost when it is called inside beforeAll
    if (app) rmSync(app.config.dataDir, { recursive: true, force: true });
  });

  it('logs in through the form and lands on the dashboard', async () => {
    await page.goto('/login');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Dashboard');
  });

  it('shows a field error next to an empty name and keeps the form', async () => {
    await page.goto('/companies/new');
    await page.getByLabel('Country (ISO code)').fill('US');
    const response = await Promise.all([
      page.waitForResponse(
        (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/companies',
      ),
      page.getByRole('button', { name: 'Save' }).click(),
    ]).then(([r]) => r);
    expect(response.status()).toBe(422);
    await page.waitForLoadState('domcontentloaded');
    expect(new URL(page.url()).pathname).toBe('/companies');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('New company');
    // once the error shows, the label's text includes it, so find the input by its field name
    const nameInput = page.locator('input[name="name"]');
    expect(await nameInput.getAttribute('aria-invalid')).toBe('true');
    const error = page.locator('#name-error');
    expect(await error.isVisible()).toBe(true);
    expect((await error.textContent())?.trim()).not.toBe('');
    expect(await nameInput.getAttribute('aria-describedby')).toBe('name-error');
    // the message sits inside the Name field's label, right under the input
    expect(await page.locator('label', { has: nameInput }).locator('#name-error').count()).toBe(1);
    expect(await page.getByLabel('Country (ISO code)').inputValue()).toBe('US');
    await page.screenshot({ path: FORM_SCREENSHOT, fullPage: true });
  });

  it('adds a company with a contact and finds it in the list', async () => {
    await page.goto('/');
    await page.getByRole('navigation').getByRole('link', { name: 'Companies' }).click();
    await page.waitForURL((url) => url.pathname === '/companies');
    await page.getByRole('button', { name: 'Add company' }).click();
    await page.waitForURL((url) => url.pathname === '/companies/new');

    await page.getByLabel('Name', { exact: true }).fill('Microsoft');
    await page.getByLabel('Country (ISO code)').fill('US');
    await page.getByLabel('Contact 0 name').fill('Jane Doe');
    await page.getByLabel('Contact 0 function').selectOption('ir');
    await page.getByLabel('Contact 0 email').fill('ir@microsoft.example');
    await page.getByRole('button', { name: 'Save' }).click();

    await page.waitForURL(
      (url) => /^\/companies\/[^/]+$/.test(url.pathname) && url.pathname !== '/companies/new',
    );
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Microsoft');
    expect(await page.getByText('Microsoft added.').isVisible()).toBe(true);
    const contact = page.getByRole('row').filter({ hasText: 'Jane Doe' });
    expect(await contact.count()).toBe(1);
    expect(await contact.getByRole('cell').allTextContents()).toEqual([
      'Jane Doe',
      'Investor relations',
      'ir@microsoft.example',
    ]);
    await page.screenshot({ path: SHOW_SCREENSHOT, fullPage: true });

    await page.getByRole('navigation').getByRole('link', { name: 'Companies' }).click();
    await page.waitForURL((url) => url.pathname === '/companies');
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Microsoft' }) });
    expect(await row.getByRole('cell').allTextContents()).toEqual(['Microsoft', 'US', '', '', '1']);

    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });
});
