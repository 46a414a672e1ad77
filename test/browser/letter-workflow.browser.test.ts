import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, createUser, TEST_PASSWORD, type TestApp } from '../helper.js';
import { describeBrowser, launchChromium } from './chromium.js';

describeBrowser('a letter from draft to responses, as the people who use it', () => {
  let app: TestApp;
  let browser: Browser;
  let baseURL: string;
  const contexts: BrowserContext[] = [];
  let campaignId: number;
  let staffEmail: string;
  let coordinatorEmail: string;
  let coordinator: Page;
  let signOnUrl: string;

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(5_000);
    return page;
  }

  async function logIn(page: Page, email: string) {
    await page.goto('/login');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => url.pathname === '/');
  }

  beforeAll(async () => {
    app = await buildTestApp();
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseURL = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const actor = { userId: null, label: 'setup' };
    for (const [name, country] of [
      ['Airbus', 'FR'],
      ['Cisco', 'US'],
      ['Microsoft', 'US'],
    ] as const) {
      app.services.companies.create(
        {
          name,
          country,
          sector: 'Industry',
          contacts: [{ function: 'ir', email: `ir@${name.toLowerCase()}.example`, name: 'IR' }],
        },
        actor,
      );
    }
    const organizationIds = ['Example Rights Watch', 'Example Pension Fund'].map(
      (name) => app.services.organizations.create({ name, kind: 'ngo', country: 'GB' }, actor).id,
    );
    campaignId = app.services.campaigns.create(
      { name: 'Responsible exit from Russia', organizationIds },
      actor,
    ).id;
    staffEmail = (await createUser(app, 'staff')).email;
    coordinatorEmail = (await createUser(app, 'coordinator')).email;
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  it('staff drafts a letter with three questions to three companies', async () => {
    const page = await newPage();
    await logIn(page, staffEmail);
    await page.getByRole('navigation').getByRole('link', { name: 'Campaigns' }).click();
    await page.getByRole('link', { name: 'Responsible exit from Russia' }).click();
    await page.getByRole('button', { name: 'New letter' }).click();
    await page.getByLabel('Title, also the email subject').fill('Your business in Russia');
    await page
      .locator('textarea[name="body"]')
      .fill('Dear {{company.name}},\n\nWe write on behalf of the coalition.');
    const questions = page.locator('textarea[name="question"]');
    await questions
      .nth(0)
      .fill('Has the company reconsidered the practices that led to the sanctions violations?');
    await page.getByRole('button', { name: 'Add a question' }).click();
    await questions.nth(1).fill('What policies prevent such breaches from recurring?');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/\/letters\/\d+$/);
    await page.getByRole('button', { name: 'Edit draft' }).click();
    await page
      .locator('textarea[name="question"]')
      .nth(2)
      .fill('What is the current exposure of your business in Russia?');
    for (const name of ['Airbus', 'Cisco', 'Microsoft'])
      await page.getByRole('checkbox', { name: new RegExp(name) }).check();
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/\/letters\/\d+$/);
    await expect.poll(() => page.locator('.letter-preview').textContent()).toContain('Dear Airbus');
    const preview = (await page.locator('.letter-preview').textContent()) ?? '';
    expect(preview).toContain('What is the current exposure of your business in Russia?');
    expect(await page.locator('.letter-preview ol li').count()).toBe(3);
    expect(await page.locator('h1 .badge').textContent()).toBe('Draft');
  });

  it('a coordinator opens it for signatures and a member signs from the link', async () => {
    coordinator = await newPage();
    await logIn(coordinator, coordinatorEmail);
    await coordinator.goto(`/campaigns/${campaignId}`);
    await coordinator.getByRole('link', { name: 'Your business in Russia' }).click();
    await coordinator.getByRole('button', { name: 'Open for signatures' }).click();
    const links = coordinator.locator('#sign-on-links');
    await links.waitFor();
    expect(await links.locator('tbody tr').count()).toBe(2);
    signOnUrl = (await links
      .locator('tr[data-organization="Example Rights Watch"] .sign-on-url')
      .textContent())!.trim();
    const path = new URL(signOnUrl).pathname;

    const member = await newPage();
    await member.goto(path);
    await member
      .getByRole('heading', { name: 'Sign “Your business in Russia” for Example Rights Watch' })
      .waitFor();
    // The whole letter, not just its questions.
    const letter = (await member.locator('#sign-letter').textContent()) ?? '';
    expect(letter).toContain('We write on behalf of the coalition.');
    expect(letter).toContain('What is the current exposure of your business in Russia?');
    await member.getByLabel('Your name').fill('Mia Member');
    await member.getByLabel('Your title (optional)').fill('Director');
    await member.getByRole('button', { name: 'Sign for Example Rights Watch' }).click();
    await member.getByRole('heading', { name: 'Thank you' }).waitFor();
    expect(await member.locator('article').textContent()).toContain('for Example Rights Watch');
  });

  it('the coordinator approves and sends it to the three companies', async () => {
    await coordinator.reload();
    const signatories = coordinator.locator('h2:has-text("Signatories") + p + ul');
    expect(await signatories.textContent()).toContain('Example Rights Watch, Mia Member (Director)');
    expect(await coordinator.locator('.letter-preview').textContent()).toContain('Signed by 1 organisation');
    // Sign-on is still open: the button says that approving closes it.
    await coordinator.getByRole('button', { name: 'Close sign-on and approve' }).click();
    await coordinator.getByText('Sign-on closed and the letter approved').waitFor();
    await coordinator.getByRole('button', { name: 'Review and send to 3 companies…' }).click();
    const confirmation = coordinator.locator('#send-confirmation');
    await confirmation.waitFor();
    const summary = (await confirmation.textContent())?.replace(/\s+/g, ' ') ?? '';
    expect(summary).toContain('To 3 companies by email to each company’s contacts: 3 email messages.');
    expect(summary).toContain('10 minutes');
    expect(await confirmation.locator('tbody tr').count()).toBe(3);
    expect(await confirmation.locator('tbody tr', { hasText: 'Cisco' }).textContent()).toMatch(
      /\d+ \w{3} \d{4}/,
    );
    expect(app.repos.outbox.list().filter((m) => m.kind === 'letter')).toHaveLength(0);
    await coordinator.getByRole('button', { name: 'Send to 3 companies' }).click();
    await coordinator.getByText('Sent to 3 companies').waitFor();
    expect(await coordinator.locator('h1 .badge').textContent()).toBe('Sent');
    expect(app.repos.outbox.list().filter((m) => m.kind === 'letter')).toHaveLength(3);
  });

  it('the coordinator undoes the send while the emails wait, then sends again', async () => {
    const letterId = Number(new URL(coordinator.url()).pathname.split('/')[2]);
    await coordinator.getByRole('button', { name: 'Undo send' }).click();
    await coordinator
      .getByText('Send undone: the letter is approved again; 3 dispatches and 3 queued emails removed.')
      .waitFor();
    expect(await coordinator.locator('h1 .badge').textContent()).toBe('Approved');
    expect(app.repos.outbox.list().filter((m) => m.kind === 'letter')).toHaveLength(0);
    expect(app.repos.dispatches.listForLetter(letterId)).toHaveLength(0);
    expect(app.repos.events.listForLetter(letterId).map((e) => e.type)).toContain('letter.send_undone');

    await coordinator.getByRole('button', { name: 'Review and send to 3 companies…' }).click();
    await coordinator.getByRole('button', { name: 'Send to 3 companies' }).click();
    await coordinator.getByText('Sent to 3 companies').waitFor();
    expect(app.repos.dispatches.listForLetter(letterId)).toHaveLength(3);
    expect(app.repos.outbox.list().filter((m) => m.kind === 'letter')).toHaveLength(3);
  });

  it('records a holding reply from one company and a substantive response from another', async () => {
    await coordinator.goto(`/campaigns/${campaignId}`);
    await coordinator.locator('table.board').getByRole('link', { name: 'Airbus' }).click();
    await coordinator.getByLabel('Kind').selectOption('holding');
    await coordinator.getByLabel('Text of the response').fill('We are preparing our answer.');
    await coordinator.getByRole('button', { name: 'Save response and assessments' }).click();
    await coordinator.getByText('Response recorded, 0 questions assessed.').waitFor();

    await coordinator.goto(`/campaigns/${campaignId}`);
    await coordinator.locator('table.board').getByRole('link', { name: 'Microsoft' }).click();
    // the response and the assessment of each question, saved with one action
    await coordinator.getByLabel('Kind').selectOption('substantive');
    await coordinator
      .getByLabel('Text of the response')
      .fill('We reconsidered and changed our resale model.');
    await coordinator.getByLabel('Assessment of question 1').selectOption('answered');
    await coordinator.getByLabel('Quality of answer 1').selectOption('3');
    await coordinator.getByLabel('Assessment of question 2').selectOption('partial');
    await coordinator.getByLabel('Quality of answer 2').selectOption('1');
    await coordinator.getByRole('button', { name: 'Save response and assessments' }).click();
    await coordinator.getByText('Response recorded, 2 questions assessed.').waitFor();
    expect(await coordinator.getByText('50%').count()).toBeGreaterThan(0);
  });

  it('the board shows the right counts and labels', async () => {
    await coordinator.goto(`/campaigns/${campaignId}`);
    const count = async (label: string) =>
      (
        await coordinator
          .locator('.counts a', { hasText: new RegExp(`^\\s*\\d+ ${label}$`) })
          .locator('strong')
          .textContent()
      )?.trim();
    expect(await count('all')).toBe('3');
    // the count filters say what the badges say
    expect(await count('Sent, no reply yet')).toBe('1');
    expect(await count('Holding reply')).toBe('1');
    expect(await count('Responded')).toBe('1');
    expect(await count('overdue')).toBe('0');
    const row = (name: string) => coordinator.locator('table.board tbody tr', { hasText: name });
    expect(await row('Microsoft').locator('td').nth(6).textContent()).toBe('Responded');
    expect(await row('Airbus').locator('td').nth(6).textContent()).toBe('Awaiting response');
    expect(await row('Cisco').locator('td').nth(6).textContent()).toBe('Awaiting response');
    expect(await row('Airbus').locator('.badge').textContent()).toBe('Holding reply');
    await coordinator.screenshot({ path: '/tmp/docket-board.png', fullPage: true });
  });
});
