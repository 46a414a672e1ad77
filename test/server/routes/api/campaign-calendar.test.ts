import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../server/lib/clock.js';
import { apiUser, buildTestApp, type TestApp } from '../../../helper.js';

// Issue 11: a campaign's holiday calendar is a country, an optional region and its own days.
const clock = fixedClock('2025-06-20T09:00:00Z');
let app: TestApp;
let staff: Record<string, string>;
let coordinator: Record<string, string>;
let member: Record<string, string>;

async function call(method: string, url: string, headers: Record<string, string>, payload?: unknown) {
  return app.inject({
    method: method as 'GET',
    url,
    headers,
    ...(payload !== undefined && { payload: payload as object }),
  });
}

async function campaignWithLetter(name: string, fields: Record<string, unknown>, sentAt: string) {
  const company = (
    await call('POST', '/api/companies', staff, { name: `${name} company`, country: 'GB' })
  ).json().id;
  const campaign = await call('POST', '/api/campaigns', coordinator, {
    name,
    companyIds: [company],
    ...fields,
  });
  expect(campaign.statusCode, campaign.body).toBe(201);
  const letter = (
    await call('POST', `/api/campaigns/${campaign.json().id}/letters`, staff, {
      title: 'Letter',
      body: 'Dear {{company.name}}',
      questions: ['Q?'],
      companyIds: [company],
    })
  ).json().id;
  expect((await call('POST', `/api/letters/${letter}/approve`, coordinator)).statusCode).toBe(200);
  clock.set(sentAt);
  const sent = await call('POST', `/api/letters/${letter}/send`, coordinator, { channel: 'post', sentAt });
  expect(sent.statusCode, sent.body).toBe(200);
  const dispatchId = app.repos.dispatches.findForLetterCompany(letter, company)!.id;
  return { campaignId: campaign.json().id as number, dispatchId };
}

const dueChanges = (dispatchId: number) =>
  app.repos.events.listForDispatch(dispatchId).filter((e) => e.type === 'dispatch.due_changed');

beforeAll(async () => {
  app = await buildTestApp({ clock });
  staff = (await apiUser(app, 'staff')).headers;
  coordinator = (await apiUser(app, 'coordinator')).headers;
  member = (await apiUser(app, 'member')).headers;
});

// The Ukrainian public holidays of 2025 as a government calendar file lists them (three shown).
const UKRAINE_2025_ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Example//Holidays//UK',
  'BEGIN:VEVENT',
  'UID:ua-2025-06-28@example.gov.ua',
  'DTSTART;VALUE=DATE:20250628',
  'DTEND;VALUE=DATE:20250629',
  'SUMMARY:День Конституції',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:ua-2025-06-30@example.gov.ua',
  'DTSTART;VALUE=DATE:20250630',
  'SUMMARY:День Конституції (вихідний\\, перенесений)',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:ua-2025-07-15@example.gov.ua',
  'DTSTART;VALUE=DATE:20250715',
  'DTEND;VALUE=DATE:20250716',
  'SUMMARY:День Української Державності',
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n');

describe('a Ukrainian campaign without holidays through its own days (martial law since 2022)', () => {
  it('imports the holidays as working days from an .ics file and recomputes the open due date', async () => {
    // Sent Mon 23 Jun 2025, 5 working days; date-holidays would skip Mon 30 Jun (Constitution Day, moved).
    const { campaignId, dispatchId } = await campaignWithLetter(
      'Ukraine',
      { responseDays: 5, dayCount: 'working', holidayCountry: 'UA' },
      '2025-06-23T09:00:00Z',
    );
    expect(app.repos.dispatches.findById(dispatchId)!.dueAt).toBe('2025-07-01');

    const imported = await call('POST', `/api/campaigns/${campaignId}/calendar/import`, coordinator, {
      ics: UKRAINE_2025_ICS,
      kind: 'working_day',
      filename: 'ua-holidays-2025.ics',
    });
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json()).toEqual({ imported: 3, recomputed: 1 });
    const dispatch = app.repos.dispatches.findById(dispatchId)!;
    expect(dispatch.dueAt).toBe('2025-06-30');
    expect(dispatch.originalDueAt).toBe('2025-06-30');
    expect(dispatch.dueExplanation).toContain('counting as working days Mon 30 Jun 2025');
    expect(dueChanges(dispatchId).at(-1)!.data).toMatchObject({
      from: '2025-07-01',
      to: '2025-06-30',
      reason: 'calendar_changed',
    });

    const calendar = (await call('GET', `/api/campaigns/${campaignId}/calendar`, staff)).json();
    expect((await call('GET', `/api/campaigns/${campaignId}/calendar`, member)).statusCode).toBe(403);
    const july15 = calendar.days.find((d: { date: string }) => d.date === '2025-07-15');
    expect(july15).toMatchObject({ kind: 'working_day', source: 'imported from ua-holidays-2025.ics' });
    expect(
      calendar.days.some(
        (d: { kind: string; source: string }) => d.kind === 'day_off' && d.source.includes('UA'),
      ),
    ).toBe(true);
  });

  it('refuses a file that is not an iCalendar or has impossible dates, naming the field; nothing changes', async () => {
    const { campaignId } = await campaignWithLetter(
      'Bad files',
      { holidayCountry: 'UA' },
      '2025-06-23T09:00:00Z',
    );
    for (const ics of [
      'hello',
      'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20251301\r\nEND:VEVENT\r\nEND:VCALENDAR',
    ]) {
      const response = await call('POST', `/api/campaigns/${campaignId}/calendar/import`, coordinator, {
        ics,
        kind: 'day_off',
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toMatch(/^ics: /);
    }
    expect(app.repos.calendarDays.listForCampaign(campaignId)).toEqual([]);
  });
});

describe('own days by hand, the region, and the calendar page', () => {
  it('adds and removes a day off; bad dates and kinds are refused; members may only read', async () => {
    const { campaignId, dispatchId } = await campaignWithLetter(
      'By hand',
      { responseDays: 10, dayCount: 'calendar', holidayCountry: 'GB', holidayRegion: 'ENG' },
      '2025-06-20T09:00:00Z',
    );
    expect(app.repos.dispatches.findById(dispatchId)!.dueAt).toBe('2025-06-30');
    for (const date of ['2025-02-30', '2025-13-01', 'soon']) {
      const bad = await call('POST', `/api/campaigns/${campaignId}/calendar/days`, coordinator, {
        date,
        kind: 'day_off',
        name: 'x',
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().message).toContain('date');
    }
    const badKind = await call('POST', `/api/campaigns/${campaignId}/calendar/days`, coordinator, {
      date: '2025-06-30',
      kind: 'holiday',
      name: 'x',
    });
    expect(badKind.statusCode).toBe(400);
    expect(badKind.json().message).toContain('kind');
    const forbidden = await call('POST', `/api/campaigns/${campaignId}/calendar/days`, member, {
      date: '2025-06-30',
      kind: 'day_off',
      name: 'x',
    });
    expect(forbidden.statusCode).toBe(403);

    const added = await call('POST', `/api/campaigns/${campaignId}/calendar/days`, coordinator, {
      date: '2025-06-30',
      kind: 'day_off',
      name: 'Office move',
    });
    expect(added.statusCode).toBe(201);
    expect(added.json().recomputed).toBe(1);
    expect(app.repos.dispatches.findById(dispatchId)!.dueAt).toBe('2025-07-01');
    const removed = await call(
      'DELETE',
      `/api/campaigns/${campaignId}/calendar/days/2025-06-30`,
      coordinator,
    );
    expect(removed.json()).toEqual({ recomputed: 1 });
    expect(app.repos.dispatches.findById(dispatchId)!.dueAt).toBe('2025-06-30');
    expect(dueChanges(dispatchId)).toHaveLength(2);
    expect(
      (await call('DELETE', `/api/campaigns/${campaignId}/calendar/days/2025-06-30`, coordinator)).statusCode,
    ).toBe(404);
  });

  it('a region must belong to the country; changing it recomputes the open due dates', async () => {
    // Sent Fri 15 Aug 2025, 10 calendar days → Mon 25 Aug, the summer bank holiday in England but not Scotland.
    const { campaignId, dispatchId } = await campaignWithLetter(
      'Regions',
      { responseDays: 10, holidayCountry: 'GB', holidayRegion: 'SCT' },
      '2025-08-15T09:00:00Z',
    );
    expect(app.repos.dispatches.findById(dispatchId)!.dueAt).toBe('2025-08-25');
    const wrong = await call('PATCH', `/api/campaigns/${campaignId}`, coordinator, { holidayRegion: 'BY' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().message).toContain('holidayRegion');
    expect(wrong.json().message).toContain('ENG');
    const england = await call('PATCH', `/api/campaigns/${campaignId}`, coordinator, {
      holidayRegion: 'ENG',
    });
    expect(england.statusCode).toBe(200);
    expect(england.json().holidayRegion).toBe('ENG');
    const dispatch = app.repos.dispatches.findById(dispatchId)!;
    expect(dispatch.dueAt).toBe('2025-08-26');
    expect(dispatch.dueExplanation).toContain('Summer bank holiday, GB-ENG');
    expect(dispatch.dueRule).toMatchObject({ holidayCountry: 'GB', holidayRegion: 'ENG' });
    expect(dueChanges(dispatchId)).toHaveLength(1);
  });

  it('the calendar page lists the days that count with their sources, and offers forms to coordinators', async () => {
    const { campaignId } = await campaignWithLetter(
      'Page',
      { holidayCountry: 'DE', holidayRegion: 'NW' },
      '2025-06-20T09:00:00Z',
    );
    await call('POST', `/api/campaigns/${campaignId}/calendar/days`, coordinator, {
      date: '2025-12-24',
      kind: 'day_off',
      name: 'Heiligabend <closed>',
      source: 'company notice',
    });
    const page = await call('GET', `/campaigns/${campaignId}/calendar`, coordinator);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Public holidays of <strong>DE-NW</strong>');
    expect(page.body).toContain('Fronleichnam');
    expect(page.body).toContain('public holiday (date-holidays DE-NW)');
    expect(page.body).toContain('Heiligabend &lt;closed&gt;');
    expect(page.body).not.toContain('Silvester');
    expect(page.body).toContain(`action="/campaigns/${campaignId}/calendar/import"`);
    expect(page.body).toContain('name="_csrf"');
    const asStaff = await call('GET', `/campaigns/${campaignId}/calendar`, staff);
    expect(asStaff.statusCode).toBe(200);
    expect(asStaff.body).not.toContain(`action="/campaigns/${campaignId}/calendar/import"`);
  });
});
