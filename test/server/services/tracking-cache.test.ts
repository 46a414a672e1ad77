import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../server/lib/clock.js';
import { buildTestApp, type TestApp } from '../../helper.js';

/**
 * Counts, coverage, escalation and statistics are served from the tracking cache between writes.
 * After every kind of write, and after the day changes, each figure must equal a full recount:
 * the same figures computed inside a transaction, where the cache is bypassed.
 */
describe('cached campaign figures equal a full recount', () => {
  const clock = fixedClock('2024-03-04T09:00:00Z');
  const actor = { userId: null, label: 'test' };
  let app: TestApp;
  let campaignId: number;
  let letterId: number;
  let companyIds: number[];
  let dispatchIds: number[];
  let questionIds: number[];

  const figures = () => {
    const campaign = app.services.campaigns.get(campaignId);
    const board = (filter: Record<string, unknown>) =>
      app.services.dispatches.board({ campaignId, limit: 5, offset: 0, ...filter }).total;
    return {
      summary: app.services.campaigns.summary(campaign, app.services.dispatches.today()).counts,
      list: app.services.campaigns
        .list({ role: 'admin', organizationId: null } as never, app.services.dispatches.today())
        .map((c) => c.counts),
      boardTotals: {
        all: board({}),
        sent: board({ status: 'sent' }),
        responded: board({ status: 'responded' }),
        overdue: board({ overdue: true }),
        veryOverdue: board({ veryOverdue: true }),
        energy: board({ sector: 'Energy' }),
        german: board({ country: 'DE' }),
        named: board({ q: 'Company 1' }),
        everyOverdue: app.services.dispatches.board({ overdue: true, limit: 10, offset: 0 }).total,
      },
      dispatchCount: app.services.dispatches.countForLetter(letterId),
      coverage: app.services.dispatches.letterCoverage(letterId),
      escalation: app.services.escalation.summary(campaignId),
      stats: app.services.stats.forCampaign(campaignId),
    };
  };
  const recount = () => app.repos.transaction(() => figures());
  /** Reads the figures (filling the cache), writes, then compares what is served with a recount. */
  const expectFreshAfter = (write: () => void) => {
    const before = figures();
    expect(figures().stats).toBe(before.stats); // the second read is served from the cache
    write();
    const after = figures();
    expect(after).toEqual(recount());
    return { before, after };
  };

  beforeAll(async () => {
    app = await buildTestApp({ clock });
    companyIds = Array.from(
      { length: 12 },
      (_, i) =>
        app.services.companies.create(
          { name: `Company ${i}`, country: i % 3 ? 'US' : 'DE', sector: i % 2 ? 'Banking' : 'Energy' },
          actor,
        ).id,
    );
    campaignId = app.services.campaigns.create({ name: 'Spring round', public: true }, actor).id;
    const letter = app.services.letters.create(
      campaignId,
      { title: 'Round', body: 'Dear {{company.name}}', questions: ['A?', 'B?'], companyIds },
      actor,
    );
    letterId = letter.id;
    questionIds = app.repos.letters.questions(letterId).map((q) => q.id);
    app.services.letters.approve(letterId, actor);
    app.services.sending.send(letterId, { channel: 'post' }, actor);
    dispatchIds = companyIds.map((id) => app.repos.dispatches.findForLetterCompany(letterId, id)!.id);
    clock.set('2024-03-07T09:00:00Z');
  });

  it('serves repeated reads from the cache and agrees with a recount', () => {
    const first = figures();
    expect(figures().stats).toBe(first.stats);
    expect(figures().coverage).toBe(first.coverage);
    expect(first).toEqual(recount());
    expect(first.boardTotals.all).toBe(12);
  });

  it('after a response is recorded', () => {
    const { before, after } = expectFreshAfter(() =>
      app.services.dispatches.recordResponse(
        dispatchIds[0]!,
        {
          receivedAt: '2024-03-05',
          kind: 'substantive',
          body: 'Our answer',
          answers: [{ questionId: questionIds[0]!, status: 'answered' }] as never,
        },
        actor,
      ),
    );
    expect(after.boardTotals.responded).toBe(before.boardTotals.responded + 1);
    expect(after.stats).not.toEqual(before.stats);
  });

  it('after a declining response and its review', () => {
    let responseId = 0;
    expectFreshAfter(() => {
      responseId = app.services.dispatches.recordResponse(
        dispatchIds[1]!,
        { receivedAt: '2024-03-06', kind: 'declined', body: 'No' },
        actor,
      ).id;
    });
    const { before, after } = expectFreshAfter(() =>
      app.services.dispatches.reviewResponse(responseId, { kind: 'holding', reviewed: true }, actor),
    );
    expect(after.summary).not.toEqual(before.summary);
  });

  it('after an answer is assessed', () => {
    const { before, after } = expectFreshAfter(() =>
      app.services.dispatches.assessAnswer(
        dispatchIds[2]!,
        questionIds[1]!,
        { status: 'partial', quality: 2 } as never,
        actor,
      ),
    );
    expect(after.coverage).not.toEqual(before.coverage);
  });

  it('after a company changes sector and country', () => {
    const { before, after } = expectFreshAfter(() =>
      app.services.companies.update(companyIds[0]!, { sector: 'Banking', country: 'FR' }, actor),
    );
    expect(after.boardTotals.energy).toBe(before.boardTotals.energy - 1);
    expect(after.boardTotals.german).toBe(before.boardTotals.german - 1);
  });

  it('after an escalation level is recorded', () => {
    const { before, after } = expectFreshAfter(() =>
      app.services.escalation.recordLevel(campaignId, companyIds[3]!, 6, 'AGM question', actor),
    );
    expect(after.escalation).not.toEqual(before.escalation);
  });

  it('after another letter is sent to the campaign', () => {
    const { before, after } = expectFreshAfter(() => {
      const second = app.services.letters.create(
        campaignId,
        {
          title: 'Second',
          body: 'Dear {{company.name}}',
          questions: ['C?'],
          companyIds: companyIds.slice(0, 4),
        },
        actor,
      );
      app.services.letters.approve(second.id, actor);
      app.services.sending.send(second.id, { channel: 'post' }, actor);
    });
    expect(after.boardTotals.all).toBe(before.boardTotals.all + 4);
  });

  it('after another process writes to the same database file', () => {
    const { before, after } = expectFreshAfter(() => {
      const other = new Database(app.config.databasePath);
      other.prepare("UPDATE dispatches SET status = 'closed' WHERE id = ?").run(dispatchIds[5]);
      other.close();
    });
    const closed = (counts: Record<string, number>) => counts.closed ?? 0;
    expect(closed(after.summary)).toBe(closed(before.summary) + 1);
  });

  it('after the day changes: overdue is computed from today', () => {
    const { before, after } = expectFreshAfter(() => clock.set('2024-03-20T09:00:00Z'));
    expect(before.boardTotals.overdue).toBe(0);
    expect(after.boardTotals.overdue).toBeGreaterThan(0);
    expect(after.summary.overdue).toBe(after.boardTotals.overdue);
    const later = expectFreshAfter(() => clock.set('2024-04-10T09:00:00Z'));
    expect(later.after.boardTotals.veryOverdue).toBeGreaterThan(later.before.boardTotals.veryOverdue);
  });
});
