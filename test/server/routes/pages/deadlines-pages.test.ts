import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../server/lib/clock.js';
import { browserSession, buildTestApp, createUser, type TestApp } from '../../../helper.js';

const actor = { userId: null, label: 'test' };
const clock = fixedClock('2026-04-01T09:00:00Z');
let app: TestApp;
let staffEmail: string;
let memberEmail: string;
const ids = { microsoft: 0, siemens: 0, campaign: 0 };

/** An attribute value as a browser reads it (Handlebars escapes `=` and `&`). */
const decode = (html: string) => html.replaceAll('&#x3D;', '=').replaceAll('&amp;', '&');

beforeAll(async () => {
  app = await buildTestApp({ clock });
  ids.microsoft = app.services.companies.create(
    {
      name: 'Microsoft',
      country: 'US',
      jurisdiction: 'US',
      lastProxyDate: '2025-10-24',
      nextAgmDate: '2026-12-09',
    },
    actor,
  ).id;
  ids.siemens = app.services.companies.create(
    { name: 'Siemens', country: 'DE', nextAgmDate: '2026-05-14' },
    actor,
  ).id;
  const org = app.services.organizations.create(
    { name: 'Example Rights Watch', kind: 'ngo', country: 'GB' },
    actor,
  );
  ids.campaign = app.services.campaigns.create(
    { name: 'Governance', organizationIds: [org.id], companyIds: [ids.siemens] },
    actor,
  ).id;
  staffEmail = (await createUser(app, 'staff')).email;
  const member = await createUser(app, 'member');
  app.repos.users.update(member.id, { organizationId: org.id });
  memberEmail = member.email;
});

describe('the deadlines page', () => {
  it('lists the next 90 days by default, with explanations, and links from the navigation', async () => {
    const session = await browserSession(app, staffEmail);
    const page = await session.get('/deadlines');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<a href="/deadlines" aria-current="page">Deadlines</a>');
    expect(page.body).toContain('Agenda item request deadline (AktG §122(2)): Siemens');
    expect(page.body).toContain('13 Apr 2026');
    expect(page.body).toContain('the day of receipt and the day of the meeting not counted');
    expect(page.body).toContain('Siemens annual general meeting');
    expect(page.body).toContain('Shareholder proposal deadline (Rule 14a-8): Microsoft');
    // 9 December is more than 90 days after 1 April.
    expect(page.body).not.toContain('Microsoft annual general meeting');
    const later = await session.get('/deadlines?from=2026-12-01&to=2026-12-31');
    expect(later.body).toContain('Microsoft annual general meeting');
    expect(later.body).not.toContain('Siemens annual general meeting');
  });

  it('filters by campaign and company', async () => {
    const session = await browserSession(app, staffEmail);
    const byCompany = await session.get(
      `/deadlines?from=2026-01-01&to=2026-12-31&companyId=${ids.microsoft}`,
    );
    expect(byCompany.body).toContain('Shareholder proposal deadline (Rule 14a-8): Microsoft');
    expect(byCompany.body).not.toContain('Siemens annual general meeting');
    const byCampaign = await session.get(
      `/deadlines?from=2026-01-01&to=2026-12-31&campaignId=${ids.campaign}`,
    );
    expect(byCampaign.body).toContain('Siemens annual general meeting');
    expect(byCampaign.body).not.toContain('Microsoft');
    expect(byCampaign.body).toContain(`/campaigns/${ids.campaign}/deadlines.ics`);
    const bad = await session.get('/deadlines?from=2026-02-30');
    expect(bad.statusCode).toBe(400);
  });

  it('shows a month as a calendar grid with previous and next links', async () => {
    const session = await browserSession(app, staffEmail);
    const page = await session.get('/deadlines?view=month&month=2026-05');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('May 2026');
    // May 2026 starts on a Friday: the grid starts on Monday 27 April and ends on Sunday 31 May.
    expect(page.body).toContain('data-date="2026-04-27"');
    expect(page.body).toContain('data-date="2026-05-31"');
    expect(page.body).not.toContain('data-date="2026-06-01"');
    const cell = /data-date="2026-05-14">([\s\S]*?)<\/td>/.exec(page.body)?.[1] ?? '';
    expect(cell).toContain('Siemens annual general meeting');
    const html = decode(page.body);
    expect(html).toContain('href="/deadlines?view=month&month=2026-04"');
    expect(html).toContain('href="/deadlines?view=month&month=2026-06"');
    const december = decode((await session.get('/deadlines?view=month&month=2026-12')).body);
    expect(december).toContain('href="/deadlines?view=month&month=2027-01"');
    expect((await session.get('/deadlines?view=month&month=2026-13')).statusCode).toBe(400);
  });

  it('lets staff add a custom deadline and a coordinator delete it, re-rendering the form on errors', async () => {
    const session = await browserSession(app, staffEmail);
    const invalid = await session.post('/deadlines', { date: '', title: 'Board call' }, '/deadlines');
    expect(invalid.statusCode).toBe(422);
    expect(invalid.body).toContain('value="Board call"');
    const added = await session.post(
      '/deadlines',
      { date: '2026-04-10', title: 'Board call', campaignId: String(ids.campaign) },
      '/deadlines',
    );
    expect(added.statusCode).toBe(302);
    const page = await session.get('/deadlines');
    expect(page.body).toContain('Board call');
    expect(page.body).not.toMatch(/action="\/deadlines\/\d+\/delete"/);
    const coordinator = await browserSession(app, (await createUser(app, 'coordinator')).email);
    const coordinatorPage = await coordinator.get('/deadlines');
    const id = /action="\/deadlines\/(\d+)\/delete"/.exec(coordinatorPage.body)?.[1];
    expect(id).toBeDefined();
    const deleted = await coordinator.post(`/deadlines/${id}/delete`, {}, '/deadlines');
    expect(deleted.statusCode).toBe(302);
    expect((await coordinator.get('/deadlines')).body).not.toContain(`action="/deadlines/${id}/delete"`);
  });

  it('shows members only their campaigns’ deadlines and no staff forms', async () => {
    const session = await browserSession(app, memberEmail);
    const page = await session.get('/deadlines?from=2026-01-01&to=2026-12-31');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Siemens annual general meeting');
    expect(page.body).not.toContain('Microsoft');
    expect(page.body).not.toContain('Add a deadline');
  });
});

describe('filing deadlines on the company page', () => {
  it('explains each computed deadline and lets staff override it with a source', async () => {
    const session = await browserSession(app, staffEmail);
    const page = await session.get(`/companies/${ids.microsoft}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Shareholder proposal deadline (Rule 14a-8)');
    expect(page.body).toContain(
      '26 Jun 2026: 120 days before 24 Oct 2026, the anniversary of the 24 Oct 2025 proxy statement (SEC Rule 14a-8(e)(2))',
    );
    expect(page.body).toContain('Cannot be computed without the last AGM date.');

    const url = `/companies/${ids.microsoft}/deadlines/proposal_us_14a8`;
    const invalid = await session.post(
      url,
      { date: '2026-06-19', source: '' },
      `/companies/${ids.microsoft}`,
    );
    expect(invalid.statusCode).toBe(422);
    expect(invalid.body).toContain('value="2026-06-19"');
    const saved = await session.post(
      url,
      { date: '2026-06-19', source: '2026 proxy statement, p. 87' },
      `/companies/${ids.microsoft}`,
    );
    expect(saved.statusCode).toBe(302);
    const after = await session.get(`/companies/${ids.microsoft}`);
    expect(after.body).toContain('19 Jun 2026: date from 2026 proxy statement, p. 87');
    expect(after.body).toContain('Remove override');
    const removed = await session.post(`${url}/delete`, {}, `/companies/${ids.microsoft}`);
    expect(removed.statusCode).toBe(302);
    expect((await session.get(`/companies/${ids.microsoft}`)).body).not.toContain('Remove override');
  });

  it('shows members the deadlines without the override form', async () => {
    const session = await browserSession(app, memberEmail);
    const page = await session.get(`/companies/${ids.siemens}`);
    expect(page.body).toContain('Agenda item request deadline (AktG §122(2))');
    expect(page.body).not.toContain('/deadlines/agenda_de_122"');
  });
});

describe('calendar feed settings', () => {
  it('shows the feed address and makes a new one', async () => {
    const session = await browserSession(app, memberEmail);
    const page = await session.get('/settings/calendar');
    expect(page.statusCode).toBe(200);
    const url = /id="calendar-url">([^<]+)</.exec(page.body)?.[1];
    expect(url).toMatch(/^http:\/\/docket\.test\/calendar\/[\w-]{43}\.ics$/);
    const feed = await app.inject({ url: url!.replace('http://docket.test', '') });
    expect(feed.statusCode).toBe(200);
    expect(feed.body).toContain('SUMMARY:Siemens annual general meeting');
    const rotated = await session.post('/settings/calendar-token', {}, '/settings/calendar');
    expect(rotated.statusCode).toBe(302);
    const next = /id="calendar-url">([^<]+)</.exec((await session.get('/settings/calendar')).body)?.[1];
    expect(next).not.toBe(url);
    expect((await app.inject({ url: url!.replace('http://docket.test', '') })).statusCode).toBe(404);
  });
});
