import { beforeAll, describe, expect, it } from 'vitest';
import type { UserRow } from '../../../db/repositories/index.js';
import { fixedClock } from '../../../server/lib/clock.js';
import { seedDemo } from '../../../server/services/demo-seed-service.js';
import { factories } from '../../factories.js';
import { buildTestApp, createUser, type TestApp } from '../../helper.js';

/**
 * "Follow-ups due" on the dashboard and the companies pre-checked on a letter's follow-up form
 * are one rule (server/domain/follow-up-defaults.ts): for every letter, the dashboard counts
 * exactly the companies the form pre-checks, and dates them from the earliest of their due dates.
 */

// Monday 2 March 2026: the demo is dated relative to this day.
const TODAY = '2026-03-02T10:00:00Z';
const clock = fixedClock(TODAY);
let app: TestApp;
let staff: UserRow;
let demo: ReturnType<typeof seedDemo>;

beforeAll(async () => {
  app = await buildTestApp({ clock });
  demo = seedDemo({ repos: app.repos, config: app.config, clock });
  staff = await createUser(app, 'staff');

  // A second campaign with every case the rule tells apart, sent on 2 February (due 16 February).
  const f = factories(app);
  const names = [
    'Silent',
    'Holding',
    'Partial',
    'Complete',
    'Reopened',
    'Not Applicable',
    'Declined',
    'Bounced',
    'Closed',
    'Due Later',
    'Assessed Without Reply',
  ];
  const companies = names.map((name) => f.company({ name: `${name} Co` }));
  const campaign = f.campaign({ name: 'Every case', companyIds: companies.map((c) => c.id) });
  clock.set('2026-02-02T09:00:00Z');
  const { letter, dispatches } = f.sentLetter(
    campaign.id,
    companies.map((c) => c.id),
    { questions: ['First?', 'Second?', 'Third?'] },
  );
  const of = (name: string) => dispatches.find((d) => d.companyId === companies[names.indexOf(name)]!.id)!;
  const questionIds = app.repos.letters.questions(letter.id).map((q) => q.id);
  const assess = (name: string, statuses: ('answered' | 'partial' | 'commitment' | 'not_applicable')[]) => {
    for (const [i, status] of statuses.entries())
      app.services.dispatches.assessAnswer(of(name).id, questionIds[i]!, { status }, f.actor);
  };

  clock.set('2026-02-10T09:00:00Z');
  // A holding reply that promised an answer by 25 February, which did not come.
  app.services.dispatches.recordResponse(
    of('Holding').id,
    { kind: 'holding', receivedAt: '2026-02-09', body: 'We will reply.', promisedAt: '2026-02-25' },
    f.actor,
  );
  f.response(of('Partial').id, { kind: 'substantive', receivedAt: '2026-02-09' });
  assess('Partial', ['answered', 'partial', 'commitment']);
  f.response(of('Complete').id, { kind: 'substantive', receivedAt: '2026-02-09' });
  assess('Complete', ['answered', 'commitment', 'answered']);
  f.response(of('Reopened').id, { kind: 'substantive', receivedAt: '2026-02-09' });
  assess('Reopened', ['answered', 'answered', 'answered']);
  // A later assessment of the same question reopens it: the latest one counts.
  assess('Reopened', ['partial']);
  f.response(of('Not Applicable').id, { kind: 'substantive', receivedAt: '2026-02-09' });
  assess('Not Applicable', ['answered', 'not_applicable', 'not_applicable']);
  f.response(of('Declined').id, { kind: 'declined', receivedAt: '2026-02-09' });
  f.response(of('Bounced').id, { kind: 'bounce', receivedAt: '2026-02-03' });
  app.repos.dispatches.update(of('Closed').id, { status: 'closed', closedAt: '2026-02-20T09:00:00.000Z' });
  app.repos.dispatches.update(of('Due Later').id, { dueAt: '2026-03-09' });
  // Every question settled without a recorded reply: still "sent", and nothing left to ask.
  assess('Assessed Without Reply', ['answered', 'answered', 'not_applicable']);
  // A follow-up letter of its own, sent on 20 February to the companies with open questions.
  clock.set('2026-02-20T09:00:00Z');
  const followUp = app.services.followUps.draft(letter.id, {}, f.actor).letter;
  app.services.letters.approve(followUp.id, f.actor);
  app.services.sending.send(followUp.id, { channel: 'post' }, f.actor);
  clock.set(TODAY);
});

/** Per letter: the companies its follow-up form pre-checks and the earliest of their due dates. */
function formsPreChecked() {
  const letters = app.repos.campaigns
    .list()
    .flatMap((c) => app.repos.letters.listForCampaign(c.id))
    .filter((l) => l.status === 'sent');
  return new Map(
    letters.map((letter) => {
      const checked = app.services.followUps.candidates(letter.id).filter((c) => c.checked);
      const dueDates = checked.map((c) => app.repos.dispatches.findForLetterCompany(letter.id, c.id)!.dueAt);
      return [letter.id, { companies: checked.length, oldestDueAt: dueDates.sort()[0] }];
    }),
  );
}

function dashboardFollowUps() {
  const { week } = app.services.dashboard.forUser(staff);
  return {
    total: week.actions.followUps,
    byLetter: new Map(
      week.followUpsDue.map((row) => [
        row.letterId,
        { companies: row.companies, oldestDueAt: row.oldestDueAt },
      ]),
    ),
  };
}

function expectAgreement() {
  const forms = formsPreChecked();
  const dashboard = dashboardFollowUps();
  expect(forms.size).toBeGreaterThanOrEqual(4);
  for (const [letterId, form] of forms) {
    const row = dashboard.byLetter.get(letterId);
    expect(row?.companies ?? 0, `letter ${letterId}`).toBe(form.companies);
    if (form.companies > 0) expect(row?.oldestDueAt, `letter ${letterId}`).toBe(form.oldestDueAt);
  }
  expect([...dashboard.byLetter.keys()].every((id) => forms.has(id))).toBe(true);
  expect(dashboard.total).toBe([...forms.values()].reduce((n, f) => n + f.companies, 0));
  return { forms, dashboard };
}

describe('follow-ups due: the dashboard and the follow-up form agree', () => {
  it('counts, for every letter, exactly the companies the follow-up form pre-checks', () => {
    const { forms, dashboard } = expectAgreement();
    // The demo round: four companies that did not answer, and Airbus, which answered in part.
    const round = app.services.followUps
      .candidates(demo.letterIds.round)
      .filter((c) => c.checked)
      .map((c) => c.name);
    expect(round.sort()).toEqual(['Airbus', 'Cisco', 'JPMorgan Chase', 'Schlumberger', 'Unilever']);
    expect(dashboard.byLetter.get(demo.letterIds.round)?.companies).toBe(5);
    // The second campaign: only the companies past due, with open questions, that did not decline.
    const everyCase = app.repos.campaigns.list().find((c) => c.name === 'Every case')!;
    const letter = app.repos.letters.listForCampaign(everyCase.id).find((l) => l.kind === 'initial');
    expect(
      app.services.followUps
        .candidates(letter!.id)
        .filter((c) => c.checked)
        .map((c) => c.name)
        .sort(),
    ).toEqual(['Holding Co', 'Partial Co', 'Reopened Co', 'Silent Co']);
    expect(forms.get(letter!.id)?.companies).toBe(4);
  });

  it('still agrees on other days: the day a due date falls, and the day after', () => {
    try {
      for (const day of ['2026-03-09T10:00:00Z', '2026-03-10T10:00:00Z', '2026-06-01T10:00:00Z']) {
        clock.set(day);
        expectAgreement();
      }
    } finally {
      clock.set(TODAY);
    }
  });
});
