import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { answers, companies, dispatches, letters, questions, responses } from '../../../db/schema.js';
import { ANSWER_STATUSES } from '../../../server/domain/vocabulary.js';
import { addDays, daysBetween, isCalendarDate, parseDateInZone } from '../../../server/lib/calendar-dates.js';
import { fixedClock } from '../../../server/lib/clock.js';
import { coverage } from '../../../server/services/coverage.js';
import { median, rate } from '../../../server/services/metrics.js';
import { RESPONSE_TIME_BUCKETS } from '../../../server/services/stats-service.js';
import { factories } from '../../factories.js';
import { buildTestApp, type TestApp } from '../../helper.js';
import { seededRandom } from '../../seeded-random.js';

const TIMEZONE = 'America/New_York';

/**
 * The statistics read each dispatch once and keep counts and day histograms. Here a campaign of a
 * few hundred dispatches (every kind of response, unreviewed ones, answers assessed twice, holding
 * replies that move the due date, bounces, dates that are not dates, instants near midnight in the
 * time zone) is recounted from the raw tables with DOMAIN §4's definitions written out plainly,
 * medians from sorted lists: the two must agree on every figure.
 */
describe('campaign statistics agree with a full recount from the raw rows', () => {
  const clock = fixedClock('2024-01-08T03:30:00Z');
  let app: TestApp;
  let campaignId: number;

  beforeAll(async () => {
    app = await buildTestApp({ clock, env: { TIMEZONE } });
    const f = factories(app);
    const random = seededRandom(14);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
    const sectors = ['Banking', 'Energy', 'Mining', 'Utilities', null];
    const countries = ['US', 'DE', 'FR', 'GB', 'BR'];
    const companyIds = Array.from({ length: 150 }, (_, i) => {
      const sector = sectors[(i * 7) % sectors.length]!;
      const country = countries[i % countries.length]!;
      return sector === null
        ? app.services.companies.create({ name: `No sector ${i}`, country }, f.actor).id
        : f.company({ country, sector }).id;
    });
    campaignId = f.campaign({ name: 'Recounted', companyIds }).id;
    const other = f.campaign({ name: 'Another campaign', companyIds });

    // Four letters a week or so apart, at hours that fall on the previous day in New York.
    const plan = [
      { at: '2024-01-08T03:30:00Z', to: companyIds.slice(0, 100), questions: ['Q1?', 'Q2?'] },
      { at: '2024-01-17T15:00:00Z', to: companyIds.slice(50), questions: [] },
      {
        at: '2024-01-26T04:45:00Z',
        to: companyIds.filter((_, i) => i % 2 === 0),
        questions: ['A?', 'B?', 'C?'],
      },
      { at: '2024-02-05T12:00:00Z', to: companyIds.filter((_, i) => i % 3 === 0), questions: ['Only?'] },
    ];
    const sent = plan.map(({ at, to, questions }, k) => {
      clock.set(at);
      return f.sentLetter(campaignId, to, { title: `Round ${'ABCD'[k]}`, questions });
    });
    const elsewhere = f.sentLetter(other.id, companyIds.slice(0, 20), { title: 'Elsewhere' });
    clock.set('2024-05-20T09:00:00Z');

    const record = app.services.dispatches.recordResponse.bind(app.services.dispatches);
    for (const { letter, dispatches: rows } of sent) {
      const letterQuestions = app.repos.letters.questions(letter.id);
      const assessments = () =>
        letterQuestions
          .filter(() => random() < 0.8)
          .map((q) => ({ questionId: q.id, status: pick(ANSWER_STATUSES) }));
      for (const d of rows) {
        const sentDate = d.dueRule.sentDate;
        const day = (offset: number) => addDays(sentDate, offset);
        const r = random();
        const body = 'Our reply.';
        if (r < 0.1) continue;
        if (r < 0.18) {
          record(d.id, { kind: 'bounce', receivedAt: day(Math.floor(random() * 3)), body }, f.actor);
        } else if (r < 0.26) {
          record(d.id, { kind: 'auto_reply', receivedAt: day(0), body }, f.actor);
          if (random() < 0.5)
            record(
              d.id,
              { kind: 'substantive', receivedAt: day(3 + Math.floor(random() * 40)), body },
              f.actor,
            );
        } else if (r < 0.52) {
          const offset = Math.floor(random() * 70);
          record(
            d.id,
            { kind: 'substantive', receivedAt: day(offset), body, answers: assessments() },
            f.actor,
          );
          // A second assessment of a question: the latest one counts.
          if (letterQuestions.length && random() < 0.3)
            app.services.dispatches.assessAnswer(
              d.id,
              pick(letterQuestions).id,
              { status: pick(ANSWER_STATUSES) },
              f.actor,
            );
        } else if (r < 0.67) {
          // A holding reply, often after the first due date, promising a later one; sometimes answered later.
          const offset = Math.floor(random() * 30);
          const promisedAt = random() < 0.7 ? day(offset + 20 + Math.floor(random() * 30)) : null;
          record(d.id, { kind: 'holding', receivedAt: day(offset), body, promisedAt }, f.actor);
          if (random() < 0.5)
            record(
              d.id,
              {
                kind: 'substantive',
                receivedAt: day(offset + 1 + Math.floor(random() * 40)),
                body,
                answers: assessments(),
              },
              f.actor,
            );
        } else if (r < 0.77) {
          record(d.id, { kind: 'declined', receivedAt: day(Math.floor(random() * 25)), body }, f.actor);
        } else if (r < 0.87) {
          // Emailed, not yet reviewed: it changes nothing public.
          record(
            d.id,
            { kind: 'substantive', receivedAt: day(Math.floor(random() * 20)), body },
            f.actor,
            'email',
          );
        } else {
          // An instant: 03:30 UTC is the evening before in New York.
          const offset = 1 + Math.floor(random() * 45);
          record(
            d.id,
            { kind: 'substantive', receivedAt: `${day(offset)}T03:30:00Z`, body, answers: assessments() },
            f.actor,
          );
        }
      }
    }
    for (const d of elsewhere.dispatches.slice(0, 10))
      record(d.id, { kind: 'substantive', receivedAt: '2024-02-20', body: 'Elsewhere' }, f.actor);

    // Stored values that are not dates (imports and old data hold such), each on a different dispatch.
    const used = new Set<number>();
    const take = (test: (d: ReturnType<typeof app.repos.dispatches.findById> & {}) => boolean) => {
      const found = sent
        .flatMap((s) => s.dispatches)
        .map((d) => app.repos.dispatches.findById(d.id)!)
        .find((d) => !used.has(d.id) && test(d))!;
      used.add(found.id);
      return found.id;
    };
    const answered = (d: { status: string; firstResponseAt: string | null }) =>
      d.status !== 'bounced' && d.firstResponseAt !== null;
    app.repos.dispatches.update(take(answered), { firstResponseAt: '2024-02-30T12:00:00.000Z' });
    app.repos.dispatches.update(take(answered), { sentAt: 'yesterday' });
    app.repos.dispatches.update(take(answered), { dueAt: '2024-13-01', originalDueAt: null });
    app.repos.dispatches.update(take(answered), { originalDueAt: '2024-04-31' });
    // Rows from before the original due date was kept: timeliness counts from the due date.
    for (let i = 0; i < 5; i++) app.repos.dispatches.update(take(answered), { originalDueAt: null });
    app.repos.dispatches.update(
      take((d) => d.status === 'bounced'),
      { firstResponseAt: 'not a date' },
    );
    const reviewed = app.db.select().from(responses).where(eq(responses.kind, 'substantive')).all();
    const broken = reviewed.find((r) => r.reviewed && !used.has(r.dispatchId))!;
    used.add(broken.dispatchId);
    app.db.update(responses).set({ receivedAt: '2024-03-32' }).where(eq(responses.id, broken.id)).run();
  });

  /** DOMAIN §4 from the raw tables: no SQL aggregates, no histograms. */
  function recount(id: number) {
    const rows = app.db
      .select({ dispatch: dispatches, company: companies, letter: letters })
      .from(dispatches)
      .innerJoin(companies, eq(companies.id, dispatches.companyId))
      .innerJoin(letters, eq(letters.id, dispatches.letterId))
      .where(eq(dispatches.campaignId, id))
      .all();
    const allResponses = app.db.select().from(responses).all();
    const allAnswers = app.db.select().from(answers).all();
    const allQuestions = app.db.select().from(questions).all();
    const date = (text: string | null) => (text === null ? undefined : parseDateInZone(text, TIMEZONE));

    const facts = rows.map(({ dispatch, company, letter }) => {
      const reviewed = allResponses.filter((r) => r.dispatchId === dispatch.id && r.reviewed);
      const substantiveTimes = reviewed.filter((r) => r.kind === 'substantive').map((r) => r.receivedAt);
      const firstSubstantiveAt = substantiveTimes.length ? substantiveTimes.sort()[0]! : null;
      const latestStatuses = allQuestions
        .filter((q) => q.letterId === dispatch.letterId)
        .map((q) => {
          const assessed = allAnswers.filter((a) => a.dispatchId === dispatch.id && a.questionId === q.id);
          return assessed.sort((a, b) => b.id - a.id)[0]?.status;
        });
      const sentDate = date(dispatch.sentAt);
      const response = date(dispatch.firstResponseAt);
      const substantive = date(firstSubstantiveAt);
      const dueText = dispatch.originalDueAt ?? dispatch.dueAt;
      const due = isCalendarDate(dueText) ? dueText : undefined;
      return {
        id: dispatch.id,
        letterId: dispatch.letterId,
        letterTitle: letter.title,
        sector: company.sector ?? 'Unknown',
        country: company.country,
        bounced: dispatch.status === 'bounced',
        responded: dispatch.firstResponseAt !== null,
        substantive: firstSubstantiveAt !== null,
        declined: reviewed.some((r) => r.kind === 'declined'),
        timely: response !== undefined && due !== undefined && response <= due,
        invalid:
          sentDate === undefined ||
          due === undefined ||
          (dispatch.firstResponseAt !== null && response === undefined) ||
          (firstSubstantiveAt !== null && substantive === undefined),
        daysToFirstResponse: sentDate && response ? daysBetween(sentDate, response) : undefined,
        daysToSubstantive: sentDate && substantive ? daysBetween(sentDate, substantive) : undefined,
        latestStatuses,
      };
    });
    type Fact = (typeof facts)[number];
    const known = (values: (number | undefined)[]) => values.filter((v): v is number => v !== undefined);

    function summary(group: Fact[]) {
      const reached = group.filter((f) => !f.bounced);
      const responded = reached.filter((f) => f.responded);
      const substantive = reached.filter((f) => f.substantive);
      const invalid = reached.filter((f) => f.invalid);
      return {
        dispatches: group.length,
        bounced: group.length - reached.length,
        invalidDates: invalid.length,
        invalidDispatchIds: invalid.map((f) => f.id),
        responseRate: rate(responded.length, reached.length),
        substantiveRate: rate(substantive.length, reached.length),
        declineRate: rate(reached.filter((f) => f.declined).length, reached.length),
        timelyRate: rate(responded.filter((f) => f.timely).length, reached.length),
        medianDaysToFirstResponse: median(known(responded.map((f) => f.daysToFirstResponse))),
        medianDaysToSubstantiveResponse: median(known(substantive.map((f) => f.daysToSubstantive))),
        coverage: coverage(reached.flatMap((f) => f.latestStatuses)),
      };
    }
    function groups(key: (f: Fact) => string) {
      const names = [...new Set(facts.map(key))].sort((a, b) => a.localeCompare(b));
      return names.map((name) => ({ name, ...summary(facts.filter((f) => key(f) === name)) }));
    }
    const waits = known(facts.filter((f) => !f.bounced).map((f) => f.daysToFirstResponse));
    const stats = {
      campaignId: id,
      ...summary(facts),
      timeToFirstResponse: RESPONSE_TIME_BUCKETS.map((bucket) => ({
        ...bucket,
        count: waits.filter((d) => d >= bucket.from && (bucket.to === null || d <= bucket.to)).length,
      })),
      byLetter: groups((f) => `${f.letterId}`).map((group) => ({
        ...group,
        letterId: Number(group.name),
        name: facts.find((f) => `${f.letterId}` === group.name)!.letterTitle,
      })),
      bySector: groups((f) => f.sector),
      byCountry: groups((f) => f.country),
    };
    // How many first-response days each letter's median is taken of (to check both parities occur).
    const firstResponseCounts = stats.byLetter.map(
      (g) =>
        facts.filter((f) => f.letterId === g.letterId && !f.bounced && f.daysToFirstResponse !== undefined)
          .length,
    );
    return { stats, firstResponseCounts };
  }

  /** The order of invalid dispatch ids is the order rows are read in, which SQL does not fix. */
  function withSortedIds<T extends { invalidDispatchIds: number[] }>(group: T): T {
    return { ...group, invalidDispatchIds: [...group.invalidDispatchIds].sort((a, b) => a - b) };
  }
  function normalized(figures: ReturnType<typeof recount>['stats']) {
    return {
      ...withSortedIds(figures),
      byLetter: figures.byLetter.map(withSortedIds),
      bySector: figures.bySector.map(withSortedIds),
      byCountry: figures.byCountry.map(withSortedIds),
    };
  }

  it('the data covers every case the statistics distinguish', () => {
    const { stats: expected, firstResponseCounts } = recount(campaignId);
    expect(expected.dispatches).toBeGreaterThan(300);
    expect(expected.bounced).toBeGreaterThan(10);
    expect(expected.invalidDates).toBe(5);
    expect(expected.bySector.map((s) => s.name)).toEqual([
      'Banking',
      'Energy',
      'Mining',
      'Unknown',
      'Utilities',
    ]);
    expect(expected.byLetter.map((l) => l.name)).toEqual(['Round A', 'Round B', 'Round C', 'Round D']);
    // Medians of an even and of an odd number of days, and both kinds of median known.
    expect(firstResponseCounts.some((n) => n % 2 === 0)).toBe(true);
    expect(firstResponseCounts.some((n) => n % 2 === 1)).toBe(true);
    expect(expected.medianDaysToFirstResponse).not.toBeNull();
    expect(expected.medianDaysToSubstantiveResponse).not.toBeNull();
    // Holding replies that moved the due date, answered timely before the original one or not.
    const held = app.db
      .select()
      .from(dispatches)
      .all()
      .filter((d) => d.originalDueAt !== null && d.firstResponseAt);
    expect(held.length).toBeGreaterThan(5);
    expect(held.some((d) => d.dueAt !== d.originalDueAt)).toBe(true);
    expect(expected.timelyRate.numerator).toBeGreaterThan(0);
    expect(expected.timelyRate.numerator).toBeLessThan(expected.responseRate.numerator);
    expect(expected.coverage.asked).toBeGreaterThan(0);
  });

  it('every figure, overall and by letter, sector and country, equals the recount', () => {
    const stats = app.services.stats.forCampaign(campaignId);
    expect(normalized(stats)).toEqual(normalized(recount(campaignId).stats));
  });

  it('the bounced letter with a broken date is not reported as invalid; the others are', () => {
    const stats = app.services.stats.forCampaign(campaignId);
    const bounced = app.db
      .select()
      .from(dispatches)
      .all()
      .filter((d) => d.status === 'bounced');
    expect(stats.invalidDispatchIds).toHaveLength(5);
    for (const d of bounced) expect(stats.invalidDispatchIds).not.toContain(d.id);
  });
});
