import { beforeAll, describe, expect, it } from 'vitest';
import { isOpenDispatch, lateness } from '../../server/domain/dispatch-lateness.js';
import { addDays } from '../../server/lib/calendar-dates.js';
import { fixedClock } from '../../server/lib/clock.js';
import { seedDemo } from '../../server/services/demo-seed-service.js';
import { factories } from '../factories.js';
import { buildTestApp, type TestApp } from '../helper.js';

/**
 * `dispatch_tallies` counts dispatches by campaign, letter, status, due and escalation date and
 * whether questions are open; triggers keep it (migration 0011). After every kind of write it
 * must equal a full recount of the dispatches, and the counts read from it (campaign summary,
 * dashboard, digests) must equal the same counts taken from the dispatches, on any day.
 */

const clock = fixedClock('2026-03-02T10:00:00Z');
let app: TestApp;
let f: ReturnType<typeof factories>;

const client = () => app.db.$client;

function recount() {
  return client()
    .prepare(
      `SELECT campaign_id, letter_id, status, due_at, escalate_at, open_questions > 0 AS has_open_questions, count(*) AS n
       FROM dispatches GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`,
    )
    .all();
}

function tallies() {
  return client().prepare('SELECT * FROM dispatch_tallies ORDER BY 1, 2, 3, 4, 5, 6').all();
}

function expectTalliesEqualRecount() {
  const expected = recount();
  expect(expected.length).toBeGreaterThan(0);
  expect(tallies()).toEqual(expected);
}

/** The counts read off the tallies next to the same counts taken from every dispatch, as of `today`. */
function expectCountsAgree(today: string) {
  const rows = client()
    .prepare(
      'SELECT campaign_id AS campaignId, letter_id AS letterId, status, due_at AS dueAt, escalate_at AS escalateAt FROM dispatches',
    )
    .all() as { campaignId: number; letterId: number; status: 'sent'; dueAt: string; escalateAt: string }[];
  const campaignIds = [...new Set(rows.map((r) => r.campaignId))];
  const statusCounts = app.repos.campaigns.statusCounts(campaignIds);
  for (const campaignId of campaignIds) {
    const mine = rows.filter((r) => r.campaignId === campaignId);
    const byStatus: Record<string, number> = {};
    for (const r of mine) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    expect(statusCounts.get(campaignId), `campaign ${campaignId}`).toEqual(byStatus);
    expect(
      app.repos.campaigns.overdueCounts(campaignId, today),
      `campaign ${campaignId} on ${today}`,
    ).toEqual({
      overdue: mine.filter((r) => lateness(r, today).overdue).length,
      veryOverdue: mine.filter((r) => lateness(r, today).veryOverdue).length,
    });
    expect(app.repos.reminders.overdue(campaignId, today, 1).total).toBe(
      mine.filter((r) => lateness(r, today).overdue).length,
    );
    // The board's counts for the filters the tallies can answer.
    const boardCount = (filter: Omit<Parameters<typeof app.repos.dispatches.boardCount>[0], 'today'>) =>
      app.repos.dispatches.boardCount({ campaignId, today, ...filter });
    const inWeek = addDays(today, 6);
    expect(boardCount({}), `campaign ${campaignId}`).toBe(mine.length);
    expect(boardCount({ overdue: true })).toBe(mine.filter((r) => lateness(r, today).overdue).length);
    expect(boardCount({ veryOverdue: true })).toBe(mine.filter((r) => lateness(r, today).veryOverdue).length);
    expect(boardCount({ dueBy: inWeek })).toBe(
      mine.filter((r) => isOpenDispatch(r.status) && r.dueAt >= today && r.dueAt <= inWeek).length,
    );
    for (const status of new Set(mine.map((r) => r.status))) {
      expect(boardCount({ status }), status).toBe(mine.filter((r) => r.status === status).length);
      expect(boardCount({ status, overdue: true }), status).toBe(
        mine.filter((r) => r.status === status && lateness(r, today).overdue).length,
      );
    }
    for (const letterId of new Set(mine.map((r) => r.letterId))) {
      expect(boardCount({ letterId }), `letter ${letterId}`).toBe(
        mine.filter((r) => r.letterId === letterId).length,
      );
    }
  }
  const open = rows.filter((r) => r.status === 'sent' || r.status === ('acknowledged' as 'sent'));
  for (const [from, to] of [
    [undefined, today],
    [today, undefined],
    ['2026-02-10', '2026-03-20'],
  ] as const) {
    const inRange = (date: string) => (!from || date >= from) && (!to || date <= to);
    expect(app.repos.deadlines.countOpenDispatchesByDate('due', { from, to })).toBe(
      open.filter((r) => inRange(r.dueAt)).length,
    );
    expect(
      app.repos.deadlines.countOpenDispatchesByDate('escalate', {
        from,
        to,
        campaignIds: campaignIds.slice(0, 1),
      }),
    ).toBe(open.filter((r) => r.campaignId === campaignIds[0] && inRange(r.escalateAt)).length);
  }
}

beforeAll(async () => {
  app = await buildTestApp({ clock });
  f = factories(app);
  seedDemo({ repos: app.repos, config: app.config, clock });
});

describe('the dispatch tallies', () => {
  it('equal a recount after the demo (sending, responses of every kind, assessments, a follow-up)', () => {
    expectTalliesEqualRecount();
    for (const day of ['2026-01-15', '2026-03-02', '2026-03-16', '2026-06-01']) expectCountsAgree(day);
  });

  it('equal a recount after each kind of write to a dispatch', () => {
    const companies = [1, 2, 3, 4, 5].map(() => f.company());
    const campaign = f.campaign({ companyIds: companies.map((c) => c.id) });
    clock.set('2026-03-03T09:00:00Z');
    const { letter, dispatches } = f.sentLetter(
      campaign.id,
      companies.map((c) => c.id),
      { questions: ['One?', 'Two?'] },
    );
    expectTalliesEqualRecount();
    const questionIds = app.repos.letters.questions(letter.id).map((q) => q.id);

    clock.set('2026-03-05T09:00:00Z');
    // A holding reply moves the due date; a substantive one answers; a decline; a bounce.
    app.services.dispatches.recordResponse(
      dispatches[0]!.id,
      { kind: 'holding', receivedAt: '2026-03-04', body: 'Soon.', promisedAt: '2026-04-01' },
      f.actor,
    );
    expectTalliesEqualRecount();
    f.response(dispatches[1]!.id, { kind: 'substantive', receivedAt: '2026-03-04' });
    expectTalliesEqualRecount();
    for (const id of questionIds)
      app.services.dispatches.assessAnswer(dispatches[1]!.id, id, { status: 'answered' }, f.actor);
    expectTalliesEqualRecount();
    f.response(dispatches[2]!.id, { kind: 'declined', receivedAt: '2026-03-04' });
    f.response(dispatches[3]!.id, { kind: 'bounce', receivedAt: '2026-03-04' });
    expectTalliesEqualRecount();
    // Closed by hand, dates moved, and a new question for everyone.
    app.repos.dispatches.update(dispatches[4]!.id, {
      status: 'closed',
      closedAt: '2026-03-05T09:00:00.000Z',
    });
    app.repos.dispatches.update(dispatches[0]!.id, { dueAt: '2026-04-02', escalateAt: '2026-04-20' });
    expectTalliesEqualRecount();
    app.db.$client
      .prepare('INSERT INTO questions (letter_id, number, text) VALUES (?, 3, ?)')
      .run(letter.id, 'Three?');
    expectTalliesEqualRecount();
    for (const day of ['2026-03-05', '2026-03-12', '2026-03-18', '2026-04-03', '2026-05-01']) expectCountsAgree(day);

    // Deleting dispatches (an undone send removes them) takes them out of the counts.
    const other = f.company();
    const again = f.campaign({ companyIds: [other.id] });
    const sent = f.sentLetter(again.id, [other.id]);
    expectTalliesEqualRecount();
    app.repos.dispatches.deleteForLetter(sent.letter.id);
    expectTalliesEqualRecount();
    expect(tallies().every((row) => (row as { n: number }).n > 0)).toBe(true);
  });
});
