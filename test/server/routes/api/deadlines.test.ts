import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../server/lib/clock.js';
import { apiUser, buildTestApp, type TestApp } from '../../../helper.js';

const clock = fixedClock('2026-01-05T09:00:00Z');
let app: TestApp;
let staff: Record<string, string>;
let coordinator: Record<string, string>;
let member: Record<string, string>;
let memberId: number;
const ids = {
  microsoft: 0,
  shell: 0,
  siemens: 0,
  airbus: 0,
  cisco: 0,
  ngo: 0,
  fund: 0,
  russia: 0,
  pay: 0,
  letter: 0,
  signOnLetter: 0,
};

interface DeadlineJson {
  kind: string;
  date: string;
  title: string;
  explanation: string;
  source: string;
  campaignId?: number;
  companyId?: number;
  dispatchId?: number;
  letterId?: number;
  overrideSource?: string;
  needsDisclosedDate?: boolean;
  id?: number;
}

async function call(method: string, url: string, headers: Record<string, string>, payload?: unknown) {
  return app.inject({
    method: method as 'GET',
    url,
    headers,
    ...(payload !== undefined && { payload: payload as object }),
  });
}

async function deadlines(query: string, headers = staff): Promise<DeadlineJson[]> {
  const response = await call('GET', `/api/deadlines${query}`, headers);
  expect(response.statusCode).toBe(200);
  return response.json();
}

const ofKind = (list: DeadlineJson[], kind: string, companyId?: number) =>
  list.filter((d) => d.kind === kind && (companyId === undefined || d.companyId === companyId));

function parseCalendar(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
}

beforeAll(async () => {
  app = await buildTestApp({ clock });
  staff = (await apiUser(app, 'staff')).headers;
  coordinator = (await apiUser(app, 'coordinator')).headers;
  const company = async (body: Record<string, unknown>) => {
    const response = await call('POST', '/api/companies', staff, body);
    expect(response.statusCode).toBe(201);
    return response.json().id as number;
  };
  ids.microsoft = await company({
    name: 'Microsoft',
    country: 'US',
    jurisdiction: 'US',
    lastProxyDate: '2025-10-24',
    lastAgmDate: '2025-12-10',
    nextAgmDate: '2026-12-09',
  });
  ids.shell = await company({ name: 'Shell', country: 'GB', nextAgmDate: '2026-05-14' });
  ids.siemens = await company({ name: 'Siemens', country: 'DE', nextAgmDate: '2026-05-14' });
  ids.airbus = await company({
    name: 'Airbus',
    country: 'FR',
    lastProxyDate: '2025-10-24',
    lastAgmDate: '2025-04-15',
    nextAgmDate: '2026-04-14',
  });
  ids.cisco = await company({ name: 'Cisco', country: 'US' });
  const org = async (name: string) =>
    (await call('POST', '/api/organizations', coordinator, { name, kind: 'ngo', country: 'GB' })).json()
      .id as number;
  ids.ngo = await org('Example Rights Watch');
  ids.fund = await org('Example Pension Fund');
  const memberUser = await apiUser(app, 'member');
  memberId = memberUser.user.id;
  app.repos.users.update(memberId, { organizationId: ids.ngo });
  member = memberUser.headers;
  const campaign = async (name: string, organizationIds: number[], companyIds: number[]) =>
    (await call('POST', '/api/campaigns', coordinator, { name, organizationIds, companyIds })).json()
      .id as number;
  ids.russia = await campaign('Responsible exit from Russia', [ids.ngo], [ids.microsoft, ids.shell]);
  ids.pay = await campaign('Fair pay', [ids.fund], [ids.siemens]);

  const letter = await call('POST', `/api/campaigns/${ids.russia}/letters`, staff, {
    title: 'Your business in Russia',
    body: 'Dear {{company.name}} board,',
    questions: ['What is your exposure?'],
    companyIds: [ids.microsoft, ids.shell],
  });
  ids.letter = letter.json().id;
  expect((await call('POST', `/api/letters/${ids.letter}/approve`, coordinator)).statusCode).toBe(200);
  const sent = await call('POST', `/api/letters/${ids.letter}/send`, coordinator, { channel: 'post' });
  expect(sent.statusCode).toBe(200);

  const signOn = await call('POST', `/api/campaigns/${ids.russia}/letters`, staff, {
    title: 'Investor statement',
    body: 'We, the undersigned,',
    questions: ['Will you exit?'],
    companyIds: [ids.microsoft],
  });
  ids.signOnLetter = signOn.json().id;
  const opened = await call('POST', `/api/letters/${ids.signOnLetter}/sign-on`, coordinator, {
    closesAt: '2026-01-20T17:00:00Z',
  });
  expect(opened.statusCode).toBe(200);
});

describe('computed company deadlines', () => {
  it('computes the DOMAIN.md worked examples for US, UK and German companies', async () => {
    const all = await deadlines('');
    const [proposal] = ofKind(all, 'proposal_us_14a8', ids.microsoft);
    expect(proposal).toMatchObject({
      date: '2026-06-26',
      source: 'computed',
      companyId: ids.microsoft,
      explanation:
        '26 Jun 2026: 120 days before 24 Oct 2026, the anniversary of the 24 Oct 2025 proxy statement (SEC Rule 14a-8(e)(2))',
    });
    expect(ofKind(all, 'nomination_us_14a19', ids.microsoft)[0]?.date).toBe('2026-10-11');
    expect(ofKind(all, 'resolution_uk_s338', ids.shell)[0]?.date).toBe('2026-04-01');
    expect(ofKind(all, 'agenda_de_122', ids.siemens)[0]?.date).toBe('2026-04-13');
    expect(ofKind(all, 'agm', ids.shell)[0]).toMatchObject({ date: '2026-05-14', source: 'company' });
  });

  it('AktG §122(2) gives a company that is not listed 24 days instead of 30 (the listed flag)', async () => {
    const company = await call('POST', '/api/companies', staff, {
      name: 'Mittelstand GmbH & Co. KGaA',
      country: 'DE',
      nextAgmDate: '2026-05-14',
      listed: false,
    });
    expect(company.statusCode).toBe(201);
    expect(company.json().listed).toBe(false);
    const id = company.json().id as number;
    const [unlisted] = ofKind(await deadlines(`?companyId=${id}`), 'agenda_de_122', id);
    expect(unlisted?.date).toBe('2026-04-19');
    expect(unlisted?.explanation).toContain('24 days');
    const relisted = await call('PATCH', `/api/companies/${id}`, staff, { listed: true });
    expect(relisted.statusCode).toBe(200);
    expect(ofKind(await deadlines(`?companyId=${id}`), 'agenda_de_122', id)[0]?.date).toBe('2026-04-13');
    expect((await call('DELETE', `/api/companies/${id}`, coordinator)).statusCode).toBe(204);
  });

  it('gives other jurisdictions only their AGM, and nothing without dates', async () => {
    const airbus = await deadlines(`?companyId=${ids.airbus}`);
    expect(airbus.map((d) => d.kind)).toEqual(['agm']);
    expect(await deadlines(`?companyId=${ids.cisco}`)).toEqual([]);
  });

  it('recomputes when the inputs change', async () => {
    const patch = await call('PATCH', `/api/companies/${ids.microsoft}`, staff, {
      lastProxyDate: '2025-11-03',
    });
    expect(patch.statusCode).toBe(200);
    expect(ofKind(patch.json().deadlines, 'proposal_us_14a8')[0]?.date).toBe('2026-07-06');
    await call('PATCH', `/api/companies/${ids.microsoft}`, staff, { nextAgmDate: '2026-10-15' });
    const moved = ofKind(await deadlines(`?companyId=${ids.microsoft}`), 'proposal_us_14a8')[0];
    expect(moved?.needsDisclosedDate).toBe(true);
    expect(moved?.explanation).toContain('Enter the date the company discloses');
    await call('PATCH', `/api/companies/${ids.microsoft}`, staff, {
      lastProxyDate: '2025-10-24',
      nextAgmDate: '2026-12-09',
    });
    expect(ofKind(await deadlines(`?companyId=${ids.microsoft}`), 'proposal_us_14a8')[0]?.date).toBe(
      '2026-06-26',
    );
  });

  it('includes upcoming deadlines in the company JSON', async () => {
    const company = (await call('GET', `/api/companies/${ids.shell}`, staff)).json();
    expect(company.deadlines.map((d: DeadlineJson) => d.kind)).toEqual(
      expect.arrayContaining(['agm', 'resolution_uk_s338', 'response_due', 'escalation_due']),
    );
    expect(company.deadlines.every((d: DeadlineJson) => d.date >= '2026-01-05')).toBe(true);
  });
});

describe('overrides and custom deadlines', () => {
  it('replaces a computed deadline by a disclosed date with its source, and back', async () => {
    const put = await call('PUT', `/api/companies/${ids.microsoft}/deadlines/proposal_us_14a8`, staff, {
      date: '2026-06-19',
      source: '2026 proxy statement, p. 87',
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ date: '2026-06-19', source: 'manual' });
    const list = ofKind(await deadlines(`?companyId=${ids.microsoft}`), 'proposal_us_14a8');
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      date: '2026-06-19',
      source: 'manual',
      overrideSource: '2026 proxy statement, p. 87',
    });
    expect(list[0]!.explanation).toContain('2026 proxy statement, p. 87');
    expect(list[0]!.explanation).toContain('replaces the computed 26 Jun 2026');

    const again = await call('PUT', `/api/companies/${ids.microsoft}/deadlines/proposal_us_14a8`, staff, {
      date: '2026-06-18',
      source: 'Form 8-K',
    });
    expect(again.json().overrideSource).toBe('Form 8-K');
    expect(ofKind(await deadlines(`?companyId=${ids.microsoft}`), 'proposal_us_14a8')).toHaveLength(1);

    const events = app.repos.events.listForCompany(ids.microsoft).map((e) => e.type);
    expect(events.filter((t) => t === 'deadline.overridden')).toHaveLength(2);

    const removed = await call('DELETE', `/api/companies/${ids.microsoft}/deadlines/proposal_us_14a8`, staff);
    expect(removed.statusCode).toBe(204);
    const back = ofKind(await deadlines(`?companyId=${ids.microsoft}`), 'proposal_us_14a8');
    expect(back).toMatchObject([{ date: '2026-06-26', source: 'computed' }]);
    expect(app.repos.events.listForCompany(ids.microsoft)[0]?.type).toBe('deadline.override_removed');
    const missing = await call('DELETE', `/api/companies/${ids.microsoft}/deadlines/proposal_us_14a8`, staff);
    expect(missing.statusCode).toBe(404);
  });

  it('refuses overrides of kinds that are not computed filing deadlines or do not apply', async () => {
    const agm = await call('PUT', `/api/companies/${ids.microsoft}/deadlines/agm`, staff, {
      date: '2026-06-19',
      source: 'x',
    });
    expect(agm.statusCode).toBe(400);
    const foreign = await call('PUT', `/api/companies/${ids.shell}/deadlines/proposal_us_14a8`, staff, {
      date: '2026-06-19',
      source: 'x',
    });
    expect(foreign.statusCode).toBe(409);
    const blank = await call('PUT', `/api/companies/${ids.shell}/deadlines/resolution_uk_s338`, staff, {
      date: '2026-04-01',
      source: ' ',
    });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().message).toContain('source');
    const unknown = await call('PUT', '/api/companies/9999/deadlines/resolution_uk_s338', staff, {
      date: '2026-04-01',
      source: 'AGM notice',
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('an override stands even when the computed date cannot be computed', async () => {
    const put = await call('PUT', `/api/companies/${ids.cisco}/deadlines/proposal_us_14a8`, staff, {
      date: '2026-05-01',
      source: 'company website',
    });
    expect(put.statusCode).toBe(200);
    expect(await deadlines(`?companyId=${ids.cisco}`)).toMatchObject([
      { kind: 'proposal_us_14a8', date: '2026-05-01', overrideSource: 'company website' },
    ]);
    await call('DELETE', `/api/companies/${ids.cisco}/deadlines/proposal_us_14a8`, staff);
  });

  it('creates, lists and deletes a custom deadline', async () => {
    const created = await call('POST', '/api/deadlines', staff, {
      kind: 'custom',
      date: '2026-02-10',
      title: 'Coalition call on Russia exits',
      explanation: 'Agreed at the January call',
      campaignId: ids.russia,
    });
    expect(created.statusCode).toBe(201);
    const custom = created.json();
    expect(custom).toMatchObject({ kind: 'custom', source: 'manual', campaignId: ids.russia });
    const listed = ofKind(await deadlines(`?campaignId=${ids.russia}`), 'custom');
    expect(listed.filter((d) => d.id === custom.id)).toMatchObject([
      { title: 'Coalition call on Russia exits', date: '2026-02-10' },
    ]);
    expect(app.repos.events.listForCampaign(ids.russia)[0]).toMatchObject({ type: 'deadline.created' });

    const bad = await call('POST', '/api/deadlines', staff, {
      kind: 'custom',
      date: '2026-02-30',
      title: 'x',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('date');
    const noCampaign = await call('POST', '/api/deadlines', staff, {
      kind: 'custom',
      date: '2026-02-10',
      title: 'x',
      campaignId: 999,
    });
    expect(noCampaign.statusCode).toBe(400);
    expect(noCampaign.json().message).toContain('campaignId');
    const computedKind = await call('POST', '/api/deadlines', staff, {
      kind: 'agm',
      date: '2026-02-10',
      title: 'x',
    });
    expect(computedKind.statusCode).toBe(400);

    // Deleting is for coordinators and above (README's role table); staff are refused.
    expect((await call('DELETE', `/api/deadlines/${custom.id}`, staff)).statusCode).toBe(403);
    const coordinator = (await apiUser(app, 'coordinator')).headers;
    const deleted = await call('DELETE', `/api/deadlines/${custom.id}`, coordinator);
    expect(deleted.statusCode).toBe(204);
    expect(
      ofKind(await deadlines(`?campaignId=${ids.russia}`), 'custom').filter((d) => d.id === custom.id),
    ).toEqual([]);
    expect((await call('DELETE', `/api/deadlines/${custom.id}`, coordinator)).statusCode).toBe(404);
  });
});

describe('deadlines of letters', () => {
  it('lists the response and escalation dates of each open dispatch, and sign-on closing', async () => {
    const list = await deadlines(`?campaignId=${ids.russia}`);
    const due = ofKind(list, 'response_due');
    expect(due.map((d) => d.companyId).sort()).toEqual([ids.microsoft, ids.shell].sort());
    expect(due[0]).toMatchObject({
      date: '2026-01-19',
      explanation: '19 Jan 2026: 14 calendar days from 5 Jan 2026',
      campaignId: ids.russia,
      letterId: ids.letter,
      source: 'computed',
    });
    expect(due[0]!.dispatchId).toBeGreaterThan(0);
    expect(due[0]!.title).toMatch(/^Response due: (Microsoft|Shell) — Your business in Russia$/);
    const escalation = ofKind(list, 'escalation_due');
    expect(escalation).toHaveLength(2);
    expect(escalation[0]).toMatchObject({ date: '2026-02-02' });
    expect(escalation[0]!.explanation).toContain('14 days after the response due date 19 Jan 2026');
    expect(ofKind(list, 'sign_on_closes')).toMatchObject([
      { date: '2026-01-20', letterId: ids.signOnLetter, campaignId: ids.russia },
    ]);
    expect(ofKind(list, 'sign_on_closes')[0]!.explanation).toContain('17:00');
  });

  it('drops the response deadline once the company has responded', async () => {
    const dispatchId = ofKind(await deadlines(`?companyId=${ids.shell}`), 'response_due')[0]!.dispatchId;
    const response = await call('POST', `/api/dispatches/${dispatchId}/responses`, staff, {
      receivedAt: '2026-01-05',
      kind: 'substantive',
      body: 'Our answer.',
    });
    expect(response.statusCode).toBe(201);
    const shell = await deadlines(`?companyId=${ids.shell}`);
    expect(ofKind(shell, 'response_due')).toEqual([]);
    expect(ofKind(shell, 'escalation_due')).toEqual([]);
    expect(ofKind(shell, 'resolution_uk_s338')).toHaveLength(1);
  });
});

describe('filters and scope', () => {
  it('sorts by date and filters by from and to (inclusive)', async () => {
    const all = await deadlines('');
    expect(all.map((d) => d.date)).toEqual([...all.map((d) => d.date)].sort());
    const spring = await deadlines('?from=2026-04-01&to=2026-04-13');
    expect(spring.map((d) => `${d.date} ${d.kind}`)).toEqual([
      '2026-04-01 resolution_uk_s338',
      '2026-04-13 agenda_de_122',
    ]);
    expect((await deadlines('?from=2026-12-10')).every((d) => d.date >= '2026-12-10')).toBe(true);
    // Only the letter's escalation dates fall in this window: one per dispatch still open (an
    // earlier test in this file records a response, so count the open ones rather than assume).
    const escalationOnly = await deadlines('?from=2026-02-01&to=2026-02-03');
    const board = await call('GET', `/api/dispatches?letterId=${ids.letter}`, staff);
    const open = (board.json().items as { status: string }[]).filter((d) =>
      ['sent', 'acknowledged'].includes(d.status),
    );
    expect(open.length).toBeGreaterThan(0);
    expect(escalationOnly.map((d) => d.kind)).toEqual(open.map(() => 'escalation_due'));
  });

  it('filters by campaign (with its target companies) and by company', async () => {
    const russia = await deadlines(`?campaignId=${ids.russia}`);
    expect(new Set(russia.map((d) => d.companyId).filter(Boolean))).toEqual(
      new Set([ids.microsoft, ids.shell]),
    );
    expect(russia.some((d) => d.kind === 'agm' && d.companyId === ids.microsoft)).toBe(true);
    const pay = await deadlines(`?campaignId=${ids.pay}`);
    expect(pay.map((d) => d.kind).sort()).toEqual(['agenda_de_122', 'agm']);
    const microsoft = await deadlines(`?companyId=${ids.microsoft}`);
    expect(microsoft.every((d) => d.companyId === ids.microsoft)).toBe(true);
    expect(microsoft.some((d) => d.kind === 'sign_on_closes')).toBe(false);
  });

  it('validates the query', async () => {
    expect((await call('GET', '/api/deadlines?from=2026-13-01', staff)).statusCode).toBe(400);
    expect((await call('GET', '/api/deadlines?to=tomorrow', staff)).statusCode).toBe(400);
    const reversed = await call('GET', '/api/deadlines?from=2026-05-01&to=2026-04-01', staff);
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().message).toContain('to');
    expect((await call('GET', '/api/deadlines?campaignId=999', staff)).statusCode).toBe(404);
    expect((await call('GET', '/api/deadlines?companyId=999', staff)).statusCode).toBe(404);
  });

  it('shows members only their campaigns and the companies those target', async () => {
    await call('POST', '/api/deadlines', staff, {
      kind: 'custom',
      date: '2026-03-01',
      title: 'Staff retreat',
    });
    await call('POST', '/api/deadlines', staff, {
      kind: 'custom',
      date: '2026-03-02',
      title: 'Siemens engagement call',
      companyId: ids.siemens,
    });
    await call('POST', '/api/deadlines', staff, {
      kind: 'custom',
      date: '2026-03-03',
      title: 'Microsoft engagement call',
      companyId: ids.microsoft,
    });
    const mine = await deadlines('', member);
    const companies = new Set(mine.map((d) => d.companyId).filter(Boolean));
    expect(companies).toEqual(new Set([ids.microsoft, ids.shell]));
    expect(mine.every((d) => d.campaignId === undefined || d.campaignId === ids.russia)).toBe(true);
    expect(mine.map((d) => d.title)).toContain('Microsoft engagement call');
    expect(mine.map((d) => d.title)).not.toContain('Siemens engagement call');
    expect(mine.map((d) => d.title)).not.toContain('Staff retreat');
    expect((await deadlines('', staff)).map((d) => d.title)).toContain('Staff retreat');
    expect((await call('GET', `/api/deadlines?campaignId=${ids.pay}`, member)).statusCode).toBe(403);
    expect(await deadlines(`?companyId=${ids.siemens}`, member)).toEqual([]);
    const company = (await call('GET', `/api/companies/${ids.siemens}`, member)).json();
    expect(company.deadlines).toEqual([]);
  });
});

describe('calendar feeds', () => {
  /** The member's feed address (each test asks for it: created on first use, the same after). */
  const feedUrl = async (): Promise<string> => (await call('GET', '/api/me', member)).json().calendarUrl;

  it('gives each user a secret feed address in GET /api/me, created once', async () => {
    const me = (await call('GET', '/api/me', member)).json();
    expect(me.calendarUrl).toMatch(/^http:\/\/docket\.test\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    expect((await call('GET', '/api/me', member)).json().calendarUrl).toBe(me.calendarUrl);
  });

  it('serves the user’s deadlines as iCalendar that a calendar application can read', async () => {
    const response = await app.inject({ url: (await feedUrl()).replace('http://docket.test', '') });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const text = response.body;
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:')).toBe(true);
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const events = parseCalendar(text);
    const visible = await deadlines(`?from=2025-11-06&to=2027-01-05`, member);
    expect(events).toHaveLength(visible.length);
    const proposal = events.find((e) => e.uid.startsWith('proposal-us-14a8-'))!;
    // Changed by issue 11: the UID names the deadline, not its date.
    expect(proposal.uid).toBe(`proposal-us-14a8-c${ids.microsoft}@docket.test`);
    expect(proposal.summary).toBe('Shareholder proposal deadline (Rule 14a-8): Microsoft');
    expect(proposal.startDate.toString()).toBe('2026-06-26');
    expect(proposal.startDate.isDate).toBe(true);
    expect(proposal.endDate.toString()).toBe('2026-06-27');
    expect(proposal.description).toContain('120 days before 24 Oct 2026');
    expect(events.some((e) => e.summary.includes('Siemens'))).toBe(false);
    const due = events.find((e) => e.uid.startsWith('response-due-'))!;
    expect(due.description).toContain('14 calendar days from 5 Jan 2026');
  });

  it('keeps an event’s UID when its date moves, and removes control characters from input', async () => {
    const path = (await feedUrl()).replace('http://docket.test', '');
    const before = parseCalendar((await app.inject({ url: path })).body);
    const agm = before.find((e) => e.uid === `agm-c${ids.microsoft}@docket.test`)!;
    expect(agm.startDate.toString()).toBe('2026-12-09');
    const moved = await call('PATCH', `/api/companies/${ids.microsoft}`, staff, {
      nextAgmDate: '2026-12-16',
      name: 'Microsoft\u0007 Corp\u0000\u001b[31m',
    });
    expect(moved.statusCode).toBe(200);
    const text = (await app.inject({ url: path })).body;
    // biome-ignore lint/suspicious/noControlCharactersInRegex: checking that none is left
    expect(text).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/);
    const after = parseCalendar(text);
    const same = after.filter((e) => e.uid === `agm-c${ids.microsoft}@docket.test`);
    expect(same).toHaveLength(1);
    expect(same[0]!.startDate.toString()).toBe('2026-12-16');
    expect(same[0]!.summary).toBe('Microsoft Corp[31m annual general meeting');
    expect(new Set(after.map((e) => e.uid)).size).toBe(after.length);
    await call('PATCH', `/api/companies/${ids.microsoft}`, staff, {
      nextAgmDate: '2026-12-09',
      name: 'Microsoft',
    });
  });

  it('answers 404 for a wrong token', async () => {
    expect((await app.inject({ url: `/calendar/${'A'.repeat(43)}.ics` })).statusCode).toBe(404);
    expect((await app.inject({ url: '/calendar/short.ics' })).statusCode).toBe(404);
  });

  it('rotates the address: the old one stops working, the new one works', async () => {
    const old = await feedUrl();
    const rotated = await call('POST', '/api/me/calendar-token', member);
    expect(rotated.statusCode).toBe(200);
    const { calendarUrl } = rotated.json();
    expect(calendarUrl).not.toBe(old);
    expect((await app.inject({ url: old.replace('http://docket.test', '') })).statusCode).toBe(404);
    expect((await app.inject({ url: calendarUrl.replace('http://docket.test', '') })).statusCode).toBe(200);
    expect((await call('GET', '/api/me', member)).json().calendarUrl).toBe(calendarUrl);
    expect(app.repos.users.findById(memberId)?.calendarToken).toBe(
      calendarUrl.split('/').pop()!.slice(0, -4),
    );
  });

  it('stops serving the feed of a deactivated user', async () => {
    const other = await apiUser(app, 'staff');
    const url = (await call('GET', '/api/me', other.headers)).json().calendarUrl as string;
    const path = url.replace('http://docket.test', '');
    expect((await app.inject({ url: path })).statusCode).toBe(200);
    app.repos.users.update(other.user.id, { active: false });
    expect((await app.inject({ url: path })).statusCode).toBe(404);
  });

  it('downloads a campaign’s deadlines as .ics for those who may read the campaign', async () => {
    const response = await call('GET', `/campaigns/${ids.russia}/deadlines.ics`, member);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="responsible-exit-from-russia-deadlines.ics"',
    );
    const events = parseCalendar(response.body);
    expect(events.some((e) => e.uid.startsWith(`response-due-m${ids.russia}-c`))).toBe(true);
    expect(events.some((e) => e.uid === `agm-c${ids.microsoft}@docket.test`)).toBe(true);
    // The sign-on closes at 17:00 UTC: a timed event in the configured time zone, not a whole day.
    const signOn = events.find((e) => e.summary.startsWith('Sign-on closes: Investor statement'))!;
    expect(signOn.startDate.isDate).toBe(false);
    expect(signOn.startDate.toString()).toBe('2026-01-20T17:00:00');
    expect(signOn.component.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('UTC');
    expect(response.body).toContain('BEGIN:VTIMEZONE\r\nTZID:UTC');
    expect(response.body).toContain('DTSTART;TZID=UTC:20260120T170000');
    expect((await call('GET', `/campaigns/${ids.pay}/deadlines.ics`, member)).statusCode).toBe(403);
    expect((await call('GET', '/campaigns/999/deadlines.ics', member)).statusCode).toBe(404);
  });
});
