import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixedClock } from '../../server/lib/clock.js';
import { factories } from '../factories.js';
import { buildTestApp, createUser, TEST_PASSWORD, type TestApp } from '../helper.js';
import { describeBrowser, launchChromium } from './chromium.js';

const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'laptop', width: 1366, height: 768 },
];

describeBrowser('a coordinator’s afternoon: one-screen assessment, invitations, follow-up defaults', () => {
  let app: TestApp;
  let browser: Browser;
  let baseURL: string;
  let f: ReturnType<typeof factories>;
  const clock = fixedClock('2025-04-01T09:00:00Z');

  beforeAll(async () => {
    app = await buildTestApp({ clock });
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseURL = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    f = factories(app);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function logIn(role: 'staff' | 'admin', viewport = VIEWPORTS[1]!): Promise<Page> {
    const user = await createUser(app, role);
    const page = await (await browser.newContext({ baseURL, viewport })).newPage();
    page.setDefaultTimeout(5_000);
    await page.goto('/login');
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    return page;
  }

  for (const viewport of VIEWPORTS) {
    it(`records a response and assesses every question with the keyboard, nothing typed lost on an error (${viewport.name})`, async () => {
      clock.set('2025-04-01T09:00:00Z');
      const company = f.company();
      const campaign = f.campaign({ companyIds: [company.id] });
      const { letter, dispatches } = f.sentLetter(campaign.id, [company.id], {
        questions: ['Do you still operate in Russia?', 'When will you leave?'],
      });
      const [q1, q2] = app.repos.letters.questions(letter.id);
      clock.set('2025-04-10T09:00:00Z');
      const page = await logIn('staff', viewport);
      await page.goto(`/dispatches/${dispatches[0]!.id}`);

      await page.getByLabel('Received on').fill('');
      await page.getByLabel('Kind').selectOption({ label: 'Holding reply' });
      const pasted = 'Thank you for your letter.\nWe will answer in full by May.';
      await page.getByLabel('Text of the response').fill(pasted);
      // From the text, the keyboard walks straight into the first question's assessment.
      await page.getByLabel('Text of the response').focus();
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe(
        `q${q1!.id}.status`,
      );
      await page.getByLabel('Assessment of question 1').selectOption({ label: 'Commitment made' });
      await page.getByLabel('Note on question 1').fill('Promises a full answer');
      await page.getByLabel('Assessment of question 2').selectOption({ label: 'Not answered' });
      await page.getByLabel('Note on question 2').fill('Nothing on the date yet');
      await page.getByLabel('Note on question 2').press('Enter'); // Enter in a field submits the one form
      await page.waitForLoadState('domcontentloaded');

      await expect
        .poll(() => page.locator('#receivedAt-error').textContent())
        .toBe('Enter the date the response arrived');
      expect(await page.getByLabel('Text of the response').inputValue()).toBe(pasted);
      expect(await page.getByLabel('Note on question 1').inputValue()).toBe('Promises a full answer');
      expect(await page.getByLabel('Note on question 2').inputValue()).toBe('Nothing on the date yet');
      expect(await page.getByLabel('Assessment of question 1').inputValue()).toBe('commitment');
      expect(await page.getByLabel('Kind').inputValue()).toBe('holding');
      expect(app.repos.dispatches.responses(dispatches[0]!.id)).toHaveLength(0);
      // the page is no wider than the screen
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        viewport.width,
      );

      await page.getByLabel('Received on').fill('2025-04-09');
      await page.getByRole('button', { name: 'Save response and assessments' }).click();
      await page.waitForURL((url) => url.hash === '#responses');
      await expect.poll(() => page.getByText('Response recorded, 2 questions assessed.').count()).toBe(1);
      const answers = app.repos.dispatches.latestAnswers([dispatches[0]!.id]);
      expect(answers.map((a) => [a.questionId, a.status]).sort()).toEqual(
        [
          [q1!.id, 'commitment'],
          [q2!.id, 'not_answered'],
        ].sort(),
      );
      expect(app.repos.dispatches.responses(dispatches[0]!.id)[0]?.body).toBe(pasted.replace(/\n/g, '\r\n'));
      await page.context().close();
    });
  }

  it('lists pending invitations; resend gives a new link, revoke removes it; a member gets an organization', async () => {
    const org = f.organization({ name: 'Browser Org' });
    const page = await logIn('admin');
    await page.goto('/users');
    const invite = page.locator('form[action="/users/invite"]');
    await invite.getByLabel('Email').fill('pending@example.org');
    await invite.locator('select[name="role"]').selectOption({ label: 'Campaign staff' });
    await page.getByRole('button', { name: 'Send invitation' }).click();
    const row = page.locator('tr[data-invitation="pending@example.org"]');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('Campaign staff');
    const firstLink = await page.locator('code.selectable').textContent();

    await page.getByRole('button', { name: 'Resend the invitation to pending@example.org' }).click();
    await expect.poll(() => page.getByText('the earlier link no longer works').count()).toBe(1);
    const secondLink = await page.locator('code.selectable').textContent();
    expect(secondLink).not.toBe(firstLink);
    expect(
      app.repos.outbox.list().filter((m) => m.kind === 'invitation' && m.toAddress.includes('pending@')),
    ).toHaveLength(2);

    await page.getByRole('button', { name: 'Revoke the invitation to pending@example.org' }).click();
    await expect
      .poll(() => page.getByText('The invitation for pending@example.org is revoked').count())
      .toBe(1);
    expect(await page.locator('tr[data-invitation="pending@example.org"]').count()).toBe(0);

    const member = await createUser(app, 'member', { name: 'Orphan Member' });
    await page.goto('/users');
    await page.getByLabel('Organization of Orphan Member').selectOption({ label: 'Browser Org' });
    await page
      .getByLabel('Organization of Orphan Member')
      .locator('xpath=..')
      .getByRole('button', { name: 'Change' })
      .click();
    await expect.poll(() => page.getByText('Orphan Member now belongs to Browser Org.').count()).toBe(1);
    expect(app.repos.users.findById(member.id)?.organizationId).toBe(org.id);
    expect(await page.getByText('Sees the campaigns of their own organization').count()).toBe(1);
    await page.context().close();
  });

  it('the follow-up form checks only overdue companies that have not declined, and says why the others are not', async () => {
    clock.set('2025-04-01T09:00:00Z');
    const late = f.company({ name: 'Late Ltd' });
    const declining = f.company({ name: 'Declining plc' });
    const campaign = f.campaign({ companyIds: [late.id, declining.id] });
    const { letter, dispatches } = f.sentLetter(campaign.id, [late.id, declining.id]);
    clock.set('2025-04-05T09:00:00Z');
    f.response(dispatches.find((d) => d.companyId === declining.id)!.id, {
      kind: 'declined',
      receivedAt: '2025-04-03',
    });
    clock.set('2025-06-02T09:00:00Z');
    const page = await logIn('staff');
    await page.goto(`/letters/${letter.id}`);
    const lateBox = page.getByRole('checkbox', { name: /Late Ltd/ });
    const decliningBox = page.getByRole('checkbox', { name: /Declining plc/ });
    expect(await lateBox.isChecked()).toBe(true);
    expect(await decliningBox.isChecked()).toBe(false);
    expect(await page.locator('label[data-follow-up="declined"]').textContent()).toContain(
      'declined on 3 April',
    );
    await page.context().close();
  });
});
