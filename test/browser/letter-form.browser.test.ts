import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, createUser, TEST_PASSWORD, type TestApp } from '../helper.js';
import { describeBrowser, launchChromium } from './chromium.js';

describeBrowser('the letter form with JavaScript', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  let campaignId: number;

  beforeAll(async () => {
    app = await buildTestApp();
    await app.listen({ port: 0, host: '127.0.0.1' });
    const baseURL = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const actor = { userId: null, label: 'setup' };
    const company = app.services.companies.create({ name: 'Газпром & "Co"', country: 'RU' }, actor);
    campaignId = app.services.campaigns.create({ name: 'Form', companyIds: [company.id] }, actor).id;
    const staff = await createUser(app, 'staff');
    browser = await launchChromium();
    page = await (await browser.newContext({ baseURL })).newPage();
    page.setDefaultTimeout(5_000);
    await page.goto('/login');
    await page.getByLabel('Email').fill(staff.email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => url.pathname === '/');
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('adds, reorders and removes questions in place and inserts a variable where the cursor is', async () => {
    await page.goto(`/campaigns/${campaignId}/letters/new`);
    await page.getByLabel('Title, also the email subject').fill('Questions to ');
    const url = page.url();
    await page.getByRole('button', { name: 'Add a question' }).click();
    await page.getByRole('button', { name: 'Add a question' }).click();
    expect(page.url()).toBe(url);
    await page.getByLabel('Question 1', { exact: true }).fill('Second?');
    await page.getByLabel('Question 2', { exact: true }).fill('First?');
    await page.getByLabel('Question 3', { exact: true }).fill('Drop me');
    await page.getByRole('button', { name: 'Move question 2 up' }).click();
    expect(await page.getByLabel('Question 1', { exact: true }).inputValue()).toBe('First?');
    await page.getByRole('button', { name: 'Remove question 3' }).click();
    expect(await page.locator('textarea[name="question"]').count()).toBe(2);

    // The picker inserts at the cursor of the field last focused.
    await page.getByLabel('Question 2', { exact: true }).fill('Will  answer?');
    await page.getByLabel('Question 2', { exact: true }).evaluate((el: HTMLTextAreaElement) => {
      el.setSelectionRange(5, 5);
    });
    await page.getByText('Variables you can use').click();
    await page.locator('button.insert-variable[data-token="{{company.name}}"]').click();
    expect(await page.getByLabel('Question 2', { exact: true }).inputValue()).toBe(
      'Will {{company.name}} answer?',
    );
    await page.getByLabel('Title, also the email subject').focus();
    await page.locator('button.insert-variable[data-token="{{company.name}}"]').click();

    await page.getByRole('button', { name: 'Save draft', exact: true }).last().click();
    await page.waitForURL(/\/letters\/\d+$/);
    const letterId = Number(new URL(page.url()).pathname.split('/')[2]);
    expect(app.repos.letters.findById(letterId)!.title).toBe('Questions to {{company.name}}');
    expect(app.repos.letters.questions(letterId).map((q) => q.text)).toEqual([
      'First?',
      'Will {{company.name}} answer?',
    ]);
    const preview = (await page.locator('.letter-preview').textContent()) ?? '';
    expect(preview).toContain('Subject: Questions to Газпром & "Co"');
    expect(preview).toContain('Will Газпром & "Co" answer?');
  });
});
