import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixedClock } from '../../server/lib/clock.js';
import { seedDemo } from '../../server/services/demo-seed-service.js';
import { buildTestApp, createUser, TEST_PASSWORD, type TestApp } from '../helper.js';
import { describeBrowser, launchChromium } from './chromium.js';

/**
 * Issue 15's story: a coordinator's first afternoon in Docket, clicked through as a person would,
 * once on a phone and once on a laptop. Each run gets its own Docket (the demo data set, dated
 * from the injected Monday 2 March 2026) so that the two runs, and each alone, see the same pages.
 */
const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'laptop', width: 1366, height: 768 },
] as const;

const TODAY = '2026-03-02T14:00:00Z';

describeBrowser('a coordinator’s first afternoon, on a phone and on a laptop', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function startDocket() {
    const app: TestApp = await buildTestApp({ clock: fixedClock(TODAY) });
    const demo = seedDemo({ repos: app.repos, config: app.config, clock: app.clock });
    const coordinator = await createUser(app, 'coordinator', { name: 'Cora Coordinator' });
    const admin = await createUser(app, 'admin', { name: 'Ada Admin' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const baseURL = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    return { app, demo, coordinator, admin, baseURL };
  }

  async function logIn(context: BrowserContext, email: string): Promise<Page> {
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto('/login');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    return page;
  }

  async function downloaded(download: Promise<Download>): Promise<Buffer> {
    return readFileSync((await (await download).path())!);
  }

  async function xlsxRows(buffer: Buffer): Promise<unknown[][]> {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    return rows;
  }

  for (const viewport of VIEWPORTS) {
    it(`logs in, imports, writes, sends, assesses, works the board, follows up, reads the charts, exports and invites (${viewport.name})`, async () => {
      const { app, demo, coordinator, admin, baseURL } = await startDocket();
      const context = await browser.newContext({ baseURL, viewport, acceptDownloads: true });
      const contexts = [context];
      try {
        /** At every step on a phone: nothing makes the page scroll sideways. */
        const fits = async (page: Page) => {
          const width = await page.evaluate(() => document.documentElement.scrollWidth);
          expect(width, `${new URL(page.url()).pathname} is ${width} px wide`).toBeLessThanOrEqual(
            viewport.width,
          );
        };

        // 1. Log in; the dashboard is "my week": overdue work of the demo round, what is due soon.
        const page = await logIn(context, coordinator.email);
        await expect.poll(() => page.getByRole('heading', { name: /My week/ }).isVisible()).toBe(true);
        expect(await page.locator('table.overdue-work').textContent()).toContain(
          'Response due: Schlumberger',
        );
        expect(await page.locator('table.upcoming').textContent()).toContain('Raiffeisen Bank International');
        await fits(page);

        // 2. Import companies from a CSV: a preview of every row, the bad one named by line and
        //    field with the allowed values, nothing saved before the confirmation.
        await page.goto('/companies');
        await page.getByRole('button', { name: 'Import from CSV' }).click();
        await fits(page);
        const csv = [
          'name,country,sector,contact_function,contact_email',
          'Nordwind Energie,DE,Energy,ir,ir@nordwind.example',
          'Lumen Foods,FR,Consumer,investor relations,ir@lumen.example',
          'Harbour Logistics,GB,Industry,secretary,cosec@harbour.example',
          'Quartz Mining,AU,Mining,sustainability,esg@quartz.example',
        ].join('\n');
        await page
          .getByLabel(/CSV file/)
          .setInputFiles({ name: 'companies.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
        await page.getByRole('button', { name: 'Preview the import' }).click();
        await page.waitForURL(/\/companies\/import\/[\w-]+$/);
        expect(await page.locator('table.import-rows tbody tr').count()).toBe(4);
        const badRow = (await page.locator('tr[data-line="3"]').textContent()) ?? '';
        expect(badRow).toContain('line 3');
        expect(badRow).toContain(
          "'investor relations' is not a contact function; use one of ir, secretary, sustainability, legal, board, other",
        );
        expect(app.repos.companies.findByName('Nordwind Energie')).toBeUndefined();
        await fits(page);
        await page.getByRole('button', { name: 'Import 3 companies' }).click();
        await expect.poll(() => page.locator('.import-done').textContent()).toContain('Imported 3 companies');
        expect(app.repos.companies.findByName('Harbour Logistics')).toBeDefined();
        expect(app.repos.companies.findByName('Lumen Foods')).toBeUndefined();
        await fits(page);

        // 3. A campaign: a wrong field is named in words and nothing typed is lost.
        await page.goto('/campaigns');
        await page.getByRole('button', { name: 'New campaign' }).click();
        await page.getByLabel('Name', { exact: true }).fill('Water stewardship 2026');
        await page.getByLabel('Description').fill('Asking about water use in dry regions.');
        await page.getByLabel('Holiday calendar (country code)').fill('DE');
        await page.getByLabel('Days to respond').fill('0');
        await page.getByRole('button', { name: 'Save' }).click();
        await expect
          .poll(() => page.locator('#responseDays-error').textContent())
          .toBe('Enter a number at least 1');
        expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Water stewardship 2026');
        expect(await page.getByLabel('Description').inputValue()).toBe(
          'Asking about water use in dry regions.',
        );
        expect(await page.locator('main').textContent()).not.toMatch(/must match|pattern|\^/);
        await fits(page);
        expect(await page.getByLabel('Holiday calendar (country code)').inputValue()).toBe('DE');
        await page.getByLabel('Days to respond').fill('28');
        await page.getByRole('button', { name: 'Save' }).click();
        await page.waitForURL(/\/campaigns\/\d+$/);
        const campaignId = Number(new URL(page.url()).pathname.split('/').pop());
        await fits(page);

        // …and a letter to the three imported companies: forgetting the title keeps the rest.
        await page.getByRole('button', { name: 'New letter' }).click();
        const body = 'Dear {{company.name}},\n\nWe write about water use at your sites.';
        await page.locator('textarea[name="body"]').fill(body);
        await page.locator('textarea[name="question"]').nth(0).fill('How much water do your sites draw?');
        for (const name of ['Nordwind Energie', 'Harbour Logistics', 'Quartz Mining'])
          await page.getByRole('checkbox', { name: new RegExp(name) }).check();
        await page.getByRole('button', { name: 'Save draft' }).last().click();
        await expect.poll(() => page.locator('#title-error').textContent()).toBe('Enter a title');
        expect(await page.locator('textarea[name="body"]').inputValue()).toBe(body);
        expect(await page.locator('textarea[name="question"]').nth(0).inputValue()).toBe(
          'How much water do your sites draw?',
        );
        expect(await page.getByRole('checkbox', { name: /Harbour Logistics/ }).isChecked()).toBe(true);
        await fits(page);
        await page.getByLabel('Title, also the email subject').fill('Water use at your sites');
        await page.getByRole('button', { name: 'Add a question' }).click();
        await page
          .locator('textarea[name="question"]')
          .nth(1)
          .fill('Which sites are in water-stressed areas?');
        await page.getByRole('button', { name: 'Save draft' }).last().click();
        await page.waitForURL(/\/letters\/\d+$/);
        const letterId = Number(new URL(page.url()).pathname.split('/').pop());
        await expect
          .poll(() => page.locator('.letter-preview').textContent())
          .toContain('Dear Harbour Logistics');
        await fits(page);

        // 4. Approve and send by email: the review page first, then the send.
        await page.getByRole('button', { name: 'Approve', exact: true }).click();
        await expect.poll(() => page.locator('h1 .badge').textContent()).toBe('Approved');
        await page.getByRole('button', { name: 'Review and send to 3 companies…' }).click();
        await page.waitForURL(/\/letters\/\d+\/send/);
        await fits(page);
        await page.getByRole('button', { name: 'Send to 3 companies' }).click();
        await page.getByText('Sent to 3 companies').waitFor();
        expect(await page.locator('h1 .badge').textContent()).toBe('Sent');
        expect(app.repos.dispatches.listForLetter(letterId)).toHaveLength(3);
        await fits(page);

        // 5. A reply came by email: record it and assess both questions in one screen, one save.
        await page.goto(`/campaigns/${campaignId}`);
        await page.locator('table.board').getByRole('link', { name: 'Harbour Logistics' }).click();
        await page.waitForURL(/\/dispatches\/\d+/);
        const dispatchId = Number(new URL(page.url()).pathname.split('/').pop());
        await fits(page);
        await page.getByLabel('Kind').selectOption({ label: 'Substantive response' });
        await page
          .getByLabel('Text of the response')
          .fill('Our sites draw 1.2 million m³ a year; two are in stressed basins.');
        await page.getByLabel('Assessment of question 1').selectOption({ label: 'Answered' });
        await page.getByLabel('Note on question 1').fill('Figure for the whole group');
        await page.getByLabel('Assessment of question 2').selectOption({ label: 'Partly answered' });
        await page.getByLabel('Note on question 2').fill('Sites not named');
        await page.getByRole('button', { name: 'Save response and assessments' }).click();
        await page.getByText('Response recorded, 2 questions assessed.').waitFor();
        expect(app.repos.dispatches.responses(dispatchId)).toHaveLength(1);
        expect(
          app.repos.dispatches
            .latestAnswers([dispatchId])
            .map((a) => a.status)
            .sort(),
        ).toEqual(['answered', 'partial']);
        await fits(page);
        // The board of the new campaign: the count filter says what the badge says.
        await page.goto(`/campaigns/${campaignId}`);
        const harbour = page.locator('table.board tbody tr', { hasText: 'Harbour Logistics' });
        const badge = (await harbour.locator('.badge').textContent())?.trim();
        expect(badge).toBe('Responded');
        expect(await page.locator('.counts a.count', { hasText: badge! }).textContent()).toMatch(
          /1\s+Responded/,
        );

        // 6. The demo campaign's board: the "overdue" quick view lives in the URL and survives a reload.
        await page.goto(`/campaigns/${demo.campaignId}`);
        await page.locator('.quick-views').getByRole('link', { name: 'overdue' }).click();
        await page.waitForURL(/view=overdue/);
        const bookmark = page.url();
        await page.reload();
        expect(page.url()).toBe(bookmark);
        const boardRows = page.locator('table.board tbody tr');
        await expect.poll(() => boardRows.count()).toBe(4);
        const overdueNames = (
          await page.locator('table.board tbody tr td a[href^="/dispatches/"]').allTextContents()
        )
          .map((name) => name.trim())
          .sort();
        expect(overdueNames).toEqual(['Cisco', 'JPMorgan Chase', 'Schlumberger', 'Unilever']);
        expect(await page.locator('.quick-views a[aria-current="page"]').textContent()).toContain('overdue');
        await fits(page);

        // Export the board as it is filtered: CSV and Excel, read back.
        const csvDownload = page.waitForEvent('download');
        await page.getByRole('link', { name: 'CSV', exact: true }).click();
        const boardCsv = parse(await downloaded(csvDownload), { bom: true }) as string[][];
        expect(
          boardCsv
            .slice(1)
            .map((row) => row[0])
            .sort(),
        ).toEqual(overdueNames);
        const xlsxDownload = page.waitForEvent('download');
        await page.getByRole('link', { name: 'Excel', exact: true }).click();
        const boardXlsx = await xlsxRows(await downloaded(xlsxDownload));
        expect(boardXlsx[0]).toEqual(boardCsv[0]);
        expect(
          boardXlsx
            .slice(1)
            .map((row) => row[0])
            .sort(),
        ).toEqual(overdueNames);

        // Select two rows, run a bulk action: a follow-up draft for just them.
        await page.getByLabel('Select Cisco').check();
        await page.getByLabel('Select Unilever').check();
        await page.getByLabel('Action for the selected companies').selectOption('follow_up');
        await page.getByRole('button', { name: 'Continue' }).click();
        await expect
          .poll(() => page.getByRole('heading', { name: 'Draft a follow-up?' }).isVisible())
          .toBe(true);
        await fits(page);
        await page.getByRole('button', { name: 'Draft a follow-up for 2 companies' }).click();
        await expect.poll(() => page.locator('.bulk-summary').textContent()).toContain('Done for 2 of 2');
        await fits(page);
        await page.getByRole('link', { name: 'Back to the board' }).click();
        await page.waitForURL(/view=overdue/);

        // 7. The round's follow-up form: only the companies past their due date with open questions
        //    that have not declined are checked; every other company says why not.
        await page.goto(`/letters/${demo.letterIds.round}`);
        const followUp = page.locator('#follow-up');
        await followUp.waitFor();
        const choices = await followUp.locator('label[data-follow-up]').evaluateAll((labels) =>
          labels.map((label) => ({
            name: (label.childNodes[1]?.textContent ?? '').trim(),
            reason: label.getAttribute('data-follow-up'),
            checked: (label.querySelector('input') as HTMLInputElement).checked,
            why: (label.querySelector('.muted')?.textContent ?? '').trim(),
          })),
        );
        expect(choices.length).toBeGreaterThan(4);
        // the four overdue ones, and Airbus: it replied, but left questions open past the due date
        expect(
          choices
            .filter((c) => c.checked)
            .map((c) => c.name)
            .sort(),
        ).toEqual(['Airbus', ...overdueNames]);
        for (const checked of choices.filter((c) => c.checked)) {
          expect(checked.reason, checked.name).toBe('due');
          expect(checked.why, checked.name).toMatch(/\d+ open questions?/);
        }
        for (const other of choices.filter((c) => !c.checked)) {
          expect(other.reason, other.name).not.toBe('due');
          expect(other.why, other.name).not.toBe('');
        }
        expect(choices.some((c) => c.reason === 'declined' && /^declined/.test(c.why))).toBe(true);
        await fits(page);

        // 8. Statistics: server-drawn SVG charts, each with a name.
        await page.goto(`/campaigns/${demo.campaignId}/stats`);
        const charts = page.locator('figure.chart svg[role="img"]');
        await expect.poll(() => charts.count()).toBe(4);
        expect(await page.getByRole('img', { name: 'Response rate by sector' }).count()).toBe(1);
        expect(await page.locator('figure.chart rect.bar').count()).toBeGreaterThan(4);
        await fits(page);

        // 9. Users (an admin's page): invite a colleague, see the invitation pending, resend, revoke.
        const adminContext = await browser.newContext({ baseURL, viewport });
        contexts.push(adminContext);
        const adminPage = await logIn(adminContext, admin.email);
        await adminPage.goto('/users');
        await fits(adminPage);
        const invite = adminPage.locator('form[action="/users/invite"]');
        const colleague = `colleague-${viewport.name}@example.org`;
        await invite.getByLabel('Email').fill(colleague);
        await invite.locator('select[name="role"]').selectOption({ label: 'Campaign staff' });
        await adminPage.getByRole('button', { name: 'Send invitation' }).click();
        const pending = adminPage.locator(`tr[data-invitation="${colleague}"]`);
        await expect.poll(() => pending.count()).toBe(1);
        expect(await pending.textContent()).toContain('Campaign staff');
        await fits(adminPage);
        await adminPage.getByRole('button', { name: `Resend the invitation to ${colleague}` }).click();
        await expect.poll(() => adminPage.getByText('the earlier link no longer works').count()).toBe(1);
        expect(
          app.repos.outbox.list().filter((m) => m.kind === 'invitation' && m.toAddress.includes(colleague)),
        ).toHaveLength(2);
        await adminPage.getByRole('button', { name: `Revoke the invitation to ${colleague}` }).click();
        await expect
          .poll(() => adminPage.getByText(`The invitation for ${colleague} is revoked`).count())
          .toBe(1);
        expect(await pending.count()).toBe(0);
        await fits(adminPage);
      } finally {
        for (const c of contexts) await c.close();
      }
    });
  }
});
