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
