import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../server/lib/clock.js';
import { browserSession, buildTestApp, createUser } from '../../../helper.js';

const actor = { userId: null, label: 'test' };

// Issue 11: the forms behind legal calendars and holiday calendars.
describe('forms for the listed flag, the holiday region and the campaign’s own days', () => {
  it('saves a company as not listed; its §122(2) deadline counts 24 days', async () => {
    const app = await buildTestApp({ clock: fixedClock('2026-01-05T09:00:00Z') });
    const session = await browserSession(app, (await createUser(app, 'staff')).email);
    const form = await session.get('/companies/new');
    expect(form.body).toContain('<option value="true" selected>Listed on a stock exchange</option>');
    const saved = await session.post(
      '/companies',
      { name: 'Mittelstand AG', country: 'DE', nextAgmDate: '2026-05-14', listed: 'false' },
      '/companies/new',
    );
    expect(saved.statusCode).toBe(302);
    const company = app.repos.companies.findByName('Mittelstand AG')!;
    expect(company.listed).toBe(false);
    const show = await session.get(`/companies/${company.id}`);
    expect(show.body).toContain('19 Apr 2026');
    expect(show.body).toContain('24 days');
    const edit = await session.get(`/companies/${company.id}/edit`);
    expect(edit.body).toContain('<option value="false" selected>Not listed</option>');
  });

  it('refuses a region of another country on the campaign form, naming the field (422)', async () => {
    const app = await buildTestApp();
    const session = await browserSession(app, (await createUser(app, 'coordinator')).email);
    const campaign = app.services.campaigns.create({ name: 'Regions', holidayCountry: 'GB' }, actor);
    const form = { name: 'Regions', responseDays: '14', dayCount: 'calendar', ladder: '1. Letter' };
    const wrong = await session.post(
      `/campaigns/${campaign.id}`,
      { ...form, holidayCountry: 'GB', holidayRegion: 'BY' },
      `/campaigns/${campaign.id}/edit`,
    );
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('is not a region of GB');
    expect(app.repos.campaigns.findById(campaign.id)!.holidayRegion).toBeNull();
    const right = await session.post(
      `/campaigns/${campaign.id}`,
      { ...form, holidayCountry: 'GB', holidayRegion: 'sct' },
      `/campaigns/${campaign.id}/edit`,
    );
    expect(right.statusCode).toBe(302);
    expect(app.repos.campaigns.findById(campaign.id)!.holidayRegion).toBe('SCT');
  });

  it('adds an own day through the page form; an impossible date is refused and nothing is stored', async () => {
    const app = await buildTestApp({ clock: fixedClock('2025-01-10T09:00:00Z') });
    const session = await browserSession(app, (await createUser(app, 'coordinator')).email);
    const campaign = app.services.campaigns.create({ name: 'Own days', holidayCountry: 'UA' }, actor);
    const page = `/campaigns/${campaign.id}/calendar`;
    const bad = await session.post(`${page}/days`, { date: '2025-02-30', kind: 'day_off', name: 'x' }, page);
    // refused next to the field, with what was typed kept in the form
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toMatch(/id="date-error">Enter a date</);
    expect(bad.body).toContain('value="2025-02-30"');
    expect(bad.body).toContain('value="x"');
    expect(app.repos.calendarDays.listForCampaign(campaign.id)).toEqual([]);
    const good = await session.post(
      `${page}/days`,
      { date: '2025-03-10', kind: 'working_day', name: 'Holiday suspended (martial law)' },
      page,
    );
    expect(good.statusCode).toBe(302);
    const after = await session.get(page);
    expect(after.body).toContain('2025-03-10 saved as a working day.');
    expect(after.body).toContain('Holiday suspended (martial law)');
    expect(app.repos.calendarDays.listForCampaign(campaign.id)).toMatchObject([
      { date: '2025-03-10', kind: 'working_day', source: 'entered by hand' },
    ]);
  });
});
