import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, createUser, TEST_PASSWORD, type TestApp } from '../helper.js';
import { describeBrowser, launchChromium } from './chromium.js';

describeBrowser('the template editor previews as you type', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    app = await buildTestApp();
    await app.listen({ port: 0, host: '127.0.0.1' });
    const baseURL = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const staff = await createUser(app, 'staff');
    browser = await launchChromium();
    page = await (await browser.newContext({ baseURL })).newPage();
    page.setDefaultTimeout(5_000);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto('/login');
    await page.getByLabel('Email').fill(staff.email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    expect(errors).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows a template error with its position, then the letter once it is fixed', async () => {
    const id = app.services.templates.letterTemplate('follow_up').id;
    await page.goto(`/templates/${id}`);
    const body = page.locator('textarea[name="body"]');
    await body.fill('Dear {{company.nmae}},');
    await expect
      .poll(() => page.locator('#preview-error').textContent())
      .toBe('body: line 1, column 8: unknown variable "company.nmae"');
    await body.fill(
      'Dear {{company.name}},\n\nWe are still waiting for {{plural openQuestions.length "answer" "answers"}}.',
    );
    // The rendered letter shows in a sandboxed frame (no scripts, forms or same origin), never in the page.
    const preview = page.frameLocator('#preview-frame').locator('body');
    await expect.poll(() => preview.textContent()).toContain('We are still waiting for 1 answer.');
    expect(await preview.textContent()).toContain('Dear Microsoft,');
    expect(await page.locator('#preview-frame').getAttribute('sandbox')).toBe('');
    expect(await page.locator('#preview-body p').count()).toBe(0);
    expect(await page.locator('#preview-error').count()).toBe(0);
    expect(app.services.templates.get(id).version).toBe(1);
  });
});
