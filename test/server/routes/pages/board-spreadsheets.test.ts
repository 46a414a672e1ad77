import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../server/lib/clock.js';
import { factories } from '../../../factories.js';
import { browserSession, buildTestApp, createUser, csrfFrom, type TestApp } from '../../../helper.js';

// Monday 1 June 2026, 09:00 UTC.
const NOW = '2026-06-01T09:00:00Z';
const clock = fixedClock(NOW);
let app: TestApp;
let f: ReturnType<typeof factories>;
const emails = { member: '', outsider: '', staff: '', coordinator: '' };
const ids = { campaign: 0, other: 0 };
const dispatchOf: Record<string, number> = {};

/** An attribute value as a browser reads it (Handlebars escapes `=` and `&`). */
const decode = (html: string) => html.replaceAll('&#x3D;', '=').replaceAll('&amp;', '&');

function csvRows(body: string): string[][] {
  return parse(body, { bom: true }) as string[][];
}

async function xlsxRows(body: Buffer): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

beforeAll(async () => {
  app = await buildTestApp({ clock });
  f = factories(app);
  const org = f.organization();
  const names = [
    'Overdue Oil',
    'Weekly Water',
    'Later Lumber',
    '=HYPERLINK("http://evil.example")',
    'Answered Air',
  ];
  const companies = Object.fromEntries(
    names.map((name, i) => [
      name,
      f.company({ name, country: i % 2 ? 'DE' : 'FR', sector: i < 2 ? 'Energy' : 'Wood' }),
    ]),
  );
  ids.campaign = f.campaign({
    organizationIds: [org.id],
    companyIds: Object.values(companies).map((c) => c.id),
  }).id;
  ids.other = f.campaign({ organizationIds: [], companyIds: [] }).id;
  // Sent 20 days ago: due 6 days ago. Sent 10 days ago: due in 4 days. Sent today: due in 14 days.
  const sendAt = (iso: string, companyNames: string[]) => {
    clock.set(iso);
    const { dispatches } = f.sentLetter(
      ids.campaign,
      companyNames.map((n) => companies[n]!.id),
      { questions: ['What is your exposure?', 'Will you exit?'] },
    );
    for (const d of dispatches) dispatchOf[names.find((n) => companies[n]!.id === d.companyId)!] = d.id;
  };
  sendAt('2026-05-12T09:00:00Z', ['Overdue Oil', 'Answered Air']);
  sendAt('2026-05-22T09:00:00Z', ['Weekly Water']);
  sendAt(NOW, ['Later Lumber', '=HYPERLINK("http://evil.example")']);
  clock.set(NOW);
  // Answered Air replied by email: waiting for staff review.
  const response = f.response(dispatchOf['Answered Air']!, { kind: 'substantive', receivedAt: '2026-05-20' });
  app.db.$client.prepare('UPDATE responses SET reviewed = 0 WHERE id = ?').run(response.id);

  const member = await f.member(org.id);
  emails.member = member.email;
  emails.outsider = (await f.member(f.organization().id)).email;
  emails.staff = (await createUser(app, 'staff')).email;
  emails.coordinator = (await createUser(app, 'coordinator')).email;
});

describe('board quick views and the URL', () => {
  it('names statuses in the count filters and the status filter with the badges’ words', async () => {
    const session = await browserSession(app, emails.staff);
    const page = await session.get(`/campaigns/${ids.campaign}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(
      /href="\?status=sent#board" class="count[^"]*"><strong>\d+<\/strong> Sent, no reply yet<\/a>/,
    );
    expect(page.body).toContain('<option value="acknowledged">Holding reply</option>');
    expect(page.body).toContain('<option value="sent">Sent, no reply yet</option>');
    expect(page.body).not.toMatch(/<\/strong> (sent|acknowledged|responded)<\/a>/);
  });

  it('"due this week", "overdue" and "to review" each show their dispatches, and the view stays in every link', async () => {
    const session = await browserSession(app, emails.staff);
    const board = async (query: string) => {
      const page = await session.get(`/campaigns/${ids.campaign}${query}`);
      expect(page.statusCode).toBe(200);
      const rows = [...page.body.matchAll(/name="dispatchIds" value="\d+" aria-label="Select ([^"]+)"/g)].map(
        (m) => decode(m[1]!).replaceAll('&quot;', '"'),
      );
      return { page, rows };
    };
    expect((await board('?view=due-this-week')).rows).toEqual(['Weekly Water']);
    expect((await board('?view=overdue')).rows).toEqual(['Overdue Oil']);
    expect((await board('?view=to-review')).rows).toEqual(['Answered Air']);

    const { page, rows } = await board('?view=due-this-week&sector=Energy&sort=company&direction=desc');
    expect(rows).toEqual(['Weekly Water']);
    const html = decode(page.body);
    // The filter form keeps the view and sort; sort links and the bookmark keep the filters.
    expect(html).toContain('<input type="hidden" name="view" value="due-this-week">');
    expect(html).toContain('<input type="hidden" name="sort" value="company">');
    expect(html).toContain('href="?view=due-this-week&sector=Energy&sort=due&direction=asc#board"');
    expect(html).toContain(
      `href="/campaigns/${ids.campaign}?view=due-this-week&sector=Energy&sort=company&direction=desc#board" class="bookmark-link"`,
    );
    expect(html).toContain(
      `/campaigns/${ids.campaign}/board.csv?view=due-this-week&sector=Energy&sort=company&direction=desc`,
    );
  });
});

describe('spreadsheet exports', () => {
  it('exports the board with the current filters as CSV, with formula-looking text neutralized', async () => {
    const session = await browserSession(app, emails.member);
    const all = await session.get(`/campaigns/${ids.campaign}/board.csv?sort=company`);
    expect(all.statusCode).toBe(200);
    expect(all.headers['content-type']).toContain('text/csv');
    expect(all.headers['content-disposition']).toMatch(
      /attachment; filename="campaign-\d+-board-2026-06-01\.csv"/,
    );
    const rows = csvRows(all.body);
    expect(rows[0]).toEqual([
      'Company',
      'Country',
      'Sector',
      'Letter',
      'Channel',
      'Sent',
      'Due',
      'Status',
      'Lateness',
      'Public label',
      'First response',
      'Dispatch',
    ]);
    expect(rows.slice(1).map((r) => r[0])).toEqual([
      `'=HYPERLINK("http://evil.example")`,
      'Answered Air',
      'Later Lumber',
      'Overdue Oil',
      'Weekly Water',
    ]);
    const oil = rows.find((r) => r[0] === 'Overdue Oil')!;
    expect(oil.slice(5, 9)).toEqual(['2026-05-12', '2026-05-26', 'sent', 'overdue']);

    const filtered = csvRows((await session.get(`/campaigns/${ids.campaign}/board.csv?view=overdue`)).body);
    expect(filtered.slice(1).map((r) => r[0])).toEqual(['Overdue Oil']);
  });

  it('exports the same board as an Excel workbook that opens with its rows', async () => {
    const session = await browserSession(app, emails.member);
    const response = await session.get(`/campaigns/${ids.campaign}/board.xlsx?sector=Energy&sort=company`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const rows = await xlsxRows(response.rawPayload);
    expect(rows[0]![0]).toBe('Company');
    expect(rows.slice(1).map((r) => r[0])).toEqual(['Overdue Oil', 'Weekly Water']);
    expect(rows[1]![11]).toBe(dispatchOf['Overdue Oil']);
  });

  it('exports companies and statistics as CSV and Excel', async () => {
    const session = await browserSession(app, emails.member);
    const companies = csvRows((await session.get('/companies/export.csv?country=DE')).body);
    expect(companies[0]!.slice(0, 3)).toEqual(['Name', 'Country', 'Sector']);
    expect(companies.slice(1).map((r) => r[0])).toEqual([
      `'=HYPERLINK("http://evil.example")`,
      'Weekly Water',
    ]);
    for (const row of companies.slice(1)) expect(row[1]).toBe('DE');
    const workbook = await xlsxRows((await session.get('/companies/export.xlsx')).rawPayload);
    expect(workbook.length).toBeGreaterThanOrEqual(6);

    const stats = csvRows((await session.get(`/campaigns/${ids.campaign}/stats.csv`)).body);
    expect(stats[0]!.slice(0, 3)).toEqual(['Table', 'Group', 'Letters sent']);
    expect(stats.filter((r) => r[0] === 'Overall')).toHaveLength(1);
    expect(stats.find((r) => r[0] === 'Overall')!.slice(2, 4)).toEqual(['5', '0']);
    expect(stats.filter((r) => r[0] === 'By sector').map((r) => r[1])).toEqual(['Energy', 'Wood']);
    const statsBook = new ExcelJS.Workbook();
    await statsBook.xlsx.load(
      (await session.get(`/campaigns/${ids.campaign}/stats.xlsx`)).rawPayload as unknown as ArrayBuffer,
    );
    expect(statsBook.worksheets.map((w) => w.name)).toEqual([
      'Overall',
      'By letter',
      'By sector',
      'By country',
    ]);
  });

  it('refuses a board or statistics export of a campaign the member’s organization is not in', async () => {
    const session = await browserSession(app, emails.outsider);
    expect((await session.get(`/campaigns/${ids.campaign}/board.csv`)).statusCode).toBe(403);
    expect((await session.get(`/campaigns/${ids.campaign}/stats.xlsx`)).statusCode).toBe(403);
  });
});

describe('bulk actions on the board', () => {
  const selected = () => [dispatchOf['Overdue Oil']!, dispatchOf['Answered Air']!].map(String);

  it('"select all on this page" takes every row of the page, without JavaScript', async () => {
    const session = await browserSession(app, emails.member);
    const board = await session.get(`/campaigns/${ids.campaign}?view=overdue`);
    const pageIds = [...board.body.matchAll(/name="pageIds" value="(\d+)"/g)].map((m) => m[1]!);
    expect(pageIds).toEqual([String(dispatchOf['Overdue Oil'])]);
    const response = await session.post(
      `/campaigns/${ids.campaign}/bulk`,
      { action: 'export-csv', allOnPage: '1', pageIds },
      `/campaigns/${ids.campaign}`,
    );
    expect(
      csvRows(response.body)
        .slice(1)
        .map((r) => r[0]),
    ).toEqual(['Overdue Oil']);
  });

  it('exports only the selected rows', async () => {
    const session = await browserSession(app, emails.member);
    const response = await session.post(
      `/campaigns/${ids.campaign}/bulk`,
      { action: 'export-csv', dispatchIds: selected() },
      `/campaigns/${ids.campaign}`,
    );
    expect(response.statusCode).toBe(200);
    expect(
      csvRows(response.body)
        .slice(1)
        .map((r) => r[0]),
    ).toEqual(['Answered Air', 'Overdue Oil']);
  });

  it('asks a coordinator to confirm closing, changes nothing before, then reports each company', async () => {
    const session = await browserSession(app, emails.coordinator);
    const ask = await session.post(
      `/campaigns/${ids.campaign}/bulk`,
      { action: 'close', dispatchIds: selected() },
      `/campaigns/${ids.campaign}`,
    );
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain('Close (stop chasing)?');
    expect(ask.body).toContain('Overdue Oil');
    expect(ask.body).toContain('will be left: already responded');
    expect(app.repos.dispatches.findById(dispatchOf['Overdue Oil']!)!.status).toBe('sent');

    const token = csrfFrom(ask.body);
    const confirmed = await app.inject({
      method: 'POST',
      url: `/campaigns/${ids.campaign}/bulk/confirm`,
      cookies: session.cookies,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams([
        ['_csrf', token],
        ['action', 'close'],
        ...selected().map((id) => ['dispatchIds', id]),
      ]).toString(),
    });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.body).toContain('Done for 1 of 2');
    expect(confirmed.body).toMatch(/Overdue Oil<\/a><\/td>[\s\S]*?closed: no longer chased/);
    expect(confirmed.body).toMatch(/Answered Air<\/a><\/td>[\s\S]*?not closed: already responded/);
    expect(app.repos.dispatches.findById(dispatchOf['Overdue Oil']!)!.status).toBe('closed');
    expect(app.repos.dispatches.findById(dispatchOf['Answered Air']!)!.status).toBe('responded');
    // Reopen for the other tests.
    app.repos.dispatches.update(dispatchOf['Overdue Oil']!, { status: 'sent' });
  });

  it('refuses closing and recording post to staff, and any state change without a CSRF token', async () => {
    const staff = await browserSession(app, emails.staff);
    for (const action of ['close', 'post']) {
      const refused = await staff.post(
        `/campaigns/${ids.campaign}/bulk`,
        { action, dispatchIds: selected() },
        `/campaigns/${ids.campaign}`,
      );
      expect(refused.statusCode).toBe(403);
    }
    const coordinator = await browserSession(app, emails.coordinator);
    const forged = await app.inject({
      method: 'POST',
      url: `/campaigns/${ids.campaign}/bulk/confirm`,
      cookies: coordinator.cookies,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `action=close&dispatchIds=${dispatchOf['Overdue Oil']}`,
    });
    expect(forged.statusCode).toBe(403);
    expect(app.repos.dispatches.findById(dispatchOf['Overdue Oil']!)!.status).toBe('sent');
    // A dispatch of another campaign cannot be slipped into the selection.
    const member = await browserSession(app, emails.member);
    const stranger = await member.post(
      `/campaigns/${ids.other}/bulk`,
      { action: 'export-csv', dispatchIds: selected() },
      `/campaigns/${ids.campaign}`,
    );
    expect(stranger.statusCode).toBe(403);
  });

  it('records "sent by post" for a coordinator, once per dispatch', async () => {
    const session = await browserSession(app, emails.coordinator);
    app.repos.dispatches.update(dispatchOf['Weekly Water']!, { channel: 'email' });
    const ids2 = [dispatchOf['Weekly Water']!, dispatchOf['Later Lumber']!].map(String);
    const ask = await session.post(
      `/campaigns/${ids.campaign}/bulk`,
      { action: 'post', dispatchIds: ids2 },
      `/campaigns/${ids.campaign}`,
    );
    const done = await app.inject({
      method: 'POST',
      url: `/campaigns/${ids.campaign}/bulk/confirm`,
      cookies: session.cookies,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams([
        ['_csrf', csrfFrom(ask.body)],
        ['action', 'post'],
        ...ids2.map((id) => ['dispatchIds', id]),
      ]).toString(),
    });
    expect(done.body).toContain('Done for 1 of 2');
    expect(done.body).toContain('recorded as sent by post (was email)');
    expect(done.body).toContain('already recorded as sent by post');
    expect(app.repos.dispatches.findById(dispatchOf['Weekly Water']!)!.channel).toBe('post');
  });

  it('drafts one follow-up per letter for the selected companies with open questions (staff)', async () => {
    const session = await browserSession(app, emails.staff);
    const ask = await session.post(
      `/campaigns/${ids.campaign}/bulk`,
      {
        action: 'follow_up',
        dispatchIds: [String(dispatchOf['Overdue Oil']), String(dispatchOf['Weekly Water'])],
      },
      `/campaigns/${ids.campaign}`,
    );
    expect(ask.statusCode).toBe(200);
    const done = await app.inject({
      method: 'POST',
      url: `/campaigns/${ids.campaign}/bulk/confirm`,
      cookies: session.cookies,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams([
        ['_csrf', csrfFrom(ask.body)],
        ['action', 'follow_up'],
        ['dispatchIds', String(dispatchOf['Overdue Oil'])],
        ['dispatchIds', String(dispatchOf['Weekly Water'])],
      ]).toString(),
    });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Done for 2 of 2');
    const drafts = [...done.body.matchAll(/href="\/letters\/(\d+)">open the draft/g)].map((m) =>
      Number(m[1]),
    );
    expect(new Set(drafts).size).toBe(2);
    for (const id of new Set(drafts)) {
      const letter = app.services.letters.get(id);
      expect(letter).toMatchObject({ kind: 'follow_up', status: 'draft' });
      expect(app.repos.letters.companyIds(id)).toHaveLength(1);
    }
  });
});
