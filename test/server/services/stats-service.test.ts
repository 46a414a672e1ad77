import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../server/lib/clock.js';
import { median, rate, wilsonInterval } from '../../../server/services/metrics.js';
import { apiUser, buildTestApp, type TestApp } from '../../helper.js';

describe('metrics', () => {
  it('Wilson 95% interval, medians and small groups', () => {
    const [low, high] = wilsonInterval(11, 49)!;
    expect(low).toBeCloseTo(0.1303, 3);
    expect(high).toBeCloseTo(0.3588, 3);
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(rate(1, 4)).toMatchObject({ value: 0.25, small: true });
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});

describe('campaign statistics (DOMAIN §4)', () => {
  const clock = fixedClock('2022-11-15T09:00:00Z');
  const actor = { userId: null, label: 'test' };
  let app: TestApp;
  let campaignId: number;
  let stats: Record<string, any>;

  beforeAll(async () => {
    app = await buildTestApp({ clock });
    const ids = Array.from(
      { length: 50 },
      (_, i) =>
        app.services.companies.create(
          { name: `Company ${i}`, country: i < 20 ? 'US' : 'DE', sector: i % 2 ? 'Banking' : 'Energy' },
          actor,
        ).id,
    );
    campaignId = app.services.campaigns.create({ name: 'Late-2022 round' }, actor).id;
    const letter = app.services.letters.create(
      campaignId,
      { title: 'Round', body: 'Dear {{company.name}}', questions: ['A?', 'B?'], companyIds: ids },
      actor,
    );
    const [qa, qb] = app.repos.letters.questions(letter.id);
    app.services.letters.approve(letter.id, actor);
    app.services.sending.send(letter.id, { channel: 'post' }, actor);
    clock.set('2022-12-20T09:00:00Z');
    const dispatch = (i: number) => app.repos.dispatches.findForLetterCompany(letter.id, ids[i]!)!.id;
    const respond = (
      i: number,
      kind: 'substantive' | 'holding' | 'declined' | 'bounce' | 'auto_reply',
      receivedAt: string,
      answers: object[] = [],
    ) =>
      app.services.dispatches.recordResponse(
        dispatch(i),
        { receivedAt, kind, body: 'x', answers: answers as never },
        actor,
      );
    // 11 of 49 respond (the 50th letter bounced): 6 substantive, 3 holding, 2 declined; 2 answer after the due date.
    respond(0, 'substantive', '2022-11-20', [
      { questionId: qa!.id, status: 'answered' },
      { questionId: qb!.id, status: 'partial' },
    ]);
    respond(1, 'substantive', '2022-11-22', [
      { questionId: qa!.id, status: 'answered' },
      { questionId: qb!.id, status: 'not_applicable' },
    ]);
    respond(2, 'substantive', '2022-11-25');
    respond(3, 'substantive', '2022-11-28');
    respond(4, 'substantive', '2022-12-05');
    respond(5, 'substantive', '2022-12-10');
    respond(6, 'holding', '2022-11-18');
    respond(7, 'holding', '2022-11-19');
    respond(8, 'holding', '2022-11-21');
    respond(9, 'declined', '2022-11-16');
    respond(10, 'declined', '2022-11-17');
    respond(11, 'auto_reply', '2022-11-16');
    respond(49, 'bounce', '2022-11-15');
    const staff = await apiUser(app, 'staff');
    stats = (await app.inject({ url: `/api/campaigns/${campaignId}/stats`, headers: staff.headers })).json();
  });

  it('counts the response rate over letters that arrived: 11 of 49 = 22.4%', () => {
    expect(stats).toMatchObject({ dispatches: 50, bounced: 1 });
    expect(stats.responseRate).toMatchObject({ numerator: 11, denominator: 49, small: false });
    expect(stats.responseRate.value).toBeCloseTo(0.2245, 4);
    expect(stats.responseRate.interval[0]).toBeCloseTo(0.1303, 3);
    expect(stats.substantiveRate).toMatchObject({ numerator: 6, denominator: 49 });
    expect(stats.declineRate).toMatchObject({ numerator: 2, denominator: 49 });
  });

  it('timely responses, median days and question coverage', () => {
    // Due 29 Nov 2022 (14 days from 15 Nov): the responses of 5 and 10 December are late.
    expect(stats.timelyRate).toMatchObject({ numerator: 9, denominator: 49 });
    // First responses after 1,2,3,4,5,6,7,10,13,20,25 days -> median 6
    expect(stats.medianDaysToFirstResponse).toBe(6);
    // Substantive after 5,7,10,13,20,25 days -> median 11.5
    expect(stats.medianDaysToSubstantiveResponse).toBe(11.5);
    // 49 letters x 2 questions, one not applicable: (2 answered + 0.5 partial) / 97
    expect(stats.coverage).toMatchObject({ answered: 2, partial: 1, asked: 97 });
    expect(stats.coverage.value).toBeCloseTo(2.5 / 97, 5);
  });

  it('segments by letter, sector and country, flagging small groups', () => {
    expect(stats.byLetter).toHaveLength(1);
    expect(stats.byLetter[0]).toMatchObject({
      name: 'Round',
      responseRate: { numerator: 11, denominator: 49 },
    });
    expect(stats.bySector.map((s: { name: string }) => s.name)).toEqual(['Banking', 'Energy']);
    const us = stats.byCountry.find((c: { name: string }) => c.name === 'US');
    expect(us.responseRate).toMatchObject({ numerator: 11, denominator: 20, small: false });
    const tiny = rate(1, 3);
    expect(tiny.small).toBe(true);
  });
});

describe('statistics by the revised definitions (issue 11)', () => {
  const clock = fixedClock('2023-04-11T09:00:00Z');
  const actor = { userId: null, label: 'test' };
  let app: TestApp;
  let campaignId: number;
  let dispatchIds: number[];

  beforeAll(async () => {
    app = await buildTestApp({ clock });
    const ids = ['Alpha', 'Beta', 'Gamma', 'Delta'].map(
      (name) => app.services.companies.create({ name, country: 'US' }, actor).id,
    );
    campaignId = app.services.campaigns.create({ name: 'No numbered questions' }, actor).id;
    const letter = app.services.letters.create(
      campaignId,
      { title: 'An open letter', body: 'Dear {{company.name}}', questions: [], companyIds: ids },
      actor,
    );
    app.services.letters.approve(letter.id, actor);
    app.services.sending.send(letter.id, { channel: 'post' }, actor);
    dispatchIds = ids.map((id) => app.repos.dispatches.findForLetterCompany(letter.id, id)!.id);
    clock.set('2023-06-30T09:00:00Z');
  });

  it('counts every dispatch of a letter without numbered questions', async () => {
    app.services.dispatches.recordResponse(
      dispatchIds[0]!,
      { receivedAt: '2023-04-20', kind: 'substantive', body: 'Our answer' },
      actor,
    );
    const stats = app.services.stats.forCampaign(campaignId);
    expect(stats.dispatches).toBe(4);
    expect(stats.responseRate).toMatchObject({ numerator: 1, denominator: 4 });
    expect(stats.timelyRate).toMatchObject({ numerator: 1, denominator: 4 });
    expect(stats.coverage).toMatchObject({ asked: 0 });
  });

  it('a holding reply after the original due date moves the due date but is not timely', async () => {
    // Due 25 Apr 2023 (14 calendar days from 11 Apr); the holding reply comes on 28 Apr.
    app.services.dispatches.recordResponse(
      dispatchIds[1]!,
      { receivedAt: '2023-04-28', kind: 'holding', body: 'We will answer', promisedAt: '2023-05-31' },
      actor,
    );
    const moved = app.repos.dispatches.findById(dispatchIds[1]!)!;
    expect(moved.dueAt).toBe('2023-05-31');
    expect(moved.originalDueAt).toBe('2023-04-25');
    const stats = app.services.stats.forCampaign(campaignId);
    expect(stats.responseRate).toMatchObject({ numerator: 2, denominator: 4 });
    expect(stats.timelyRate).toMatchObject({ numerator: 1, denominator: 4 });
  });

  it('bounces and auto-replies are not responses', async () => {
    app.services.dispatches.recordResponse(
      dispatchIds[2]!,
      { receivedAt: '2023-04-12', kind: 'auto_reply', body: 'Out of office' },
      actor,
    );
    app.services.dispatches.recordResponse(
      dispatchIds[3]!,
      { receivedAt: '2023-04-12', kind: 'bounce', body: 'Mailbox unknown' },
      actor,
    );
    const stats = app.services.stats.forCampaign(campaignId);
    expect(stats.bounced).toBe(1);
    expect(stats.responseRate).toMatchObject({ numerator: 2, denominator: 3 });
    expect(stats.timelyRate).toMatchObject({ numerator: 1, denominator: 3 });
  });

  it('a stored value that is not a date is shown as invalid; the statistics and page still work', async () => {
    app.repos.dispatches.update(dispatchIds[0]!, { firstResponseAt: '2031-13-01' });
    const staff = await apiUser(app, 'staff');
    const api = await app.inject({ url: `/api/campaigns/${campaignId}/stats`, headers: staff.headers });
    expect(api.statusCode).toBe(200);
    expect(api.json()).toMatchObject({ invalidDates: 1, invalidDispatchIds: [dispatchIds[0]] });
    expect(api.json().responseRate).toMatchObject({ numerator: 2, denominator: 3 });
    expect(api.json().timelyRate).toMatchObject({ numerator: 0, denominator: 3 });
    const page = await app.inject({ url: `/campaigns/${campaignId}/stats`, headers: staff.headers });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('stored date that is not a real date');
  });
});
