import { describe, expect, it } from 'vitest';
import { type FollowUpCandidateFacts, followUpDefault } from '../../../server/domain/follow-up-defaults.js';
import { fixedClock } from '../../../server/lib/clock.js';
import { factories } from '../../factories.js';
import { browserSession, buildTestApp, createUser } from '../../helper.js';

const TODAY = '2025-06-02';
const base: FollowUpCandidateFacts = { status: 'sent', dueAt: '2025-05-20', openQuestions: 2 };

describe('who gets a follow-up by default', () => {
  it.each<[string, Partial<FollowUpCandidateFacts>, boolean, boolean, string]>([
    ['past due, nothing answered', {}, true, true, '2 open questions, was due 20 May'],
    ['past due, one question open', { openQuestions: 1 }, true, true, '1 open question, was due 20 May'],
    [
      'holding reply, past its new due date',
      { status: 'acknowledged' },
      true,
      true,
      '2 open questions, was due 20 May',
    ],
    [
      'partial answer, past due',
      { status: 'responded', openQuestions: 1 },
      true,
      true,
      '1 open question, was due 20 May',
    ],
    ['due today: not yet late', { dueAt: TODAY }, false, true, 'not due until 2 June (2 open questions)'],
    ['due next week', { dueAt: '2025-06-12' }, false, true, 'not due until 12 June (2 open questions)'],
    [
      'due next year',
      { dueAt: '2026-01-15' },
      false,
      true,
      'not due until 15 January 2026 (2 open questions)',
    ],
    ['declined', { status: 'declined', declinedOn: '2025-05-03' }, false, true, 'declined on 3 May'],
    ['declined, date unknown', { status: 'declined' }, false, true, 'declined'],
    ['bounced', { status: 'bounced' }, false, true, 'the letter bounced: check the address first'],
    ['closed', { status: 'closed', closedOn: '2025-05-30T10:00:00.000Z' }, false, true, 'closed on 30 May'],
    [
      'answered every question',
      { status: 'responded', openQuestions: 0 },
      false,
      false,
      'answered every question',
    ],
    [
      'answered every question before the due date',
      { openQuestions: 0, dueAt: '2025-07-01' },
      false,
      false,
      'answered every question',
    ],
  ])('%s', (_name, facts, checked, selectable, explanation) => {
    const decision = followUpDefault({ ...base, ...facts }, TODAY);
    expect(decision).toMatchObject({ checked, selectable, explanation });
  });
});

describe('the follow-up form on the letter page', () => {
  it('pre-checks only overdue companies with open questions that have not declined, and says why the others are not', async () => {
    const clock = fixedClock('2025-04-01T09:00:00Z');
    const app = await buildTestApp({ clock });
    const f = factories(app);
    const names = ['Overdue Co', 'Declining Co', 'Complete Co', 'Later Co'];
    const companies = names.map((name) => f.company({ name }));
    const campaign = f.campaign({ companyIds: companies.map((c) => c.id) });
    const { letter, dispatches } = f.sentLetter(
      campaign.id,
      companies.map((c) => c.id),
      { questions: ['First?', 'Second?'] },
    );
    const of = (name: string) => dispatches.find((d) => d.companyId === companies[names.indexOf(name)]!.id)!;
    clock.set('2025-04-20T09:00:00Z');
    f.response(of('Declining Co').id, { kind: 'declined', receivedAt: '2025-04-18' });
    const complete = of('Complete Co');
    for (const question of app.repos.letters.questions(letter.id)) {
      app.services.dispatches.assessAnswer(complete.id, question.id, { status: 'answered' }, f.actor);
    }
    app.repos.dispatches.update(of('Later Co').id, { dueAt: '2025-06-12' });
    clock.set('2025-06-02T09:00:00Z');

    const staff = await createUser(app, 'staff');
    const session = await browserSession(app, staff.email);
    const page = await session.get(`/letters/${letter.id}`);
    expect(page.statusCode).toBe(200);
    const form = page.body.slice(page.body.indexOf('id="follow-up"'));
    const row = (name: string) => {
      const match = new RegExp(
        `<label data-follow-up="(\\w+)">(<input[^>]*>) ${name} <span[^>]*>([^<]*)</span>`,
      ).exec(form);
      if (!match) throw new Error(`no follow-up row for ${name}`);
      return { reason: match[1], input: match[2]!, explanation: match[3] };
    };
    expect(row('Overdue Co').input).toContain(' checked');
    expect(row('Overdue Co').explanation).toMatch(/^2 open questions, was due /);
    expect(row('Declining Co')).toMatchObject({ reason: 'declined', explanation: 'declined on 18 April' });
    expect(row('Declining Co').input).not.toContain('checked');
    expect(row('Complete Co')).toMatchObject({ reason: 'answered', explanation: 'answered every question' });
    expect(row('Complete Co').input).toContain('disabled');
    expect(row('Later Co')).toMatchObject({
      reason: 'not_due',
      explanation: 'not due until 12 June (2 open questions)',
    });
    expect(row('Later Co').input).not.toContain('checked');
  });
});
