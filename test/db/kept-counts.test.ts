import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLOSING_ANSWER_STATUSES, isOpen } from '../../server/domain/open-questions.js';
import { fixedClock } from '../../server/lib/clock.js';
import { PROJECT_ROOT } from '../../server/lib/project-root.js';
import { factories } from '../factories.js';
import { buildTestApp, type TestApp } from '../helper.js';

/**
 * `dispatches.open_questions` and the counts of questions by latest status are kept by triggers
 * (migration 0011) so the dashboard and the statistics do not read every answer. After every kind
 * of write that can change them, they must equal a full recount with the domain rule (`isOpen`
 * over each question's latest answer) and the latest answers' statuses.
 */

const clock = fixedClock('2026-02-02T09:00:00Z');
let app: TestApp;
let f: ReturnType<typeof factories>;

/** Every dispatch's stored count next to the recount from the rule, for the ones that differ. */
function disagreements() {
  const rows = app.db.$client
    .prepare(
      `SELECT id, letter_id AS letterId, open_questions AS open, questions_answered AS answered,
        questions_committed AS commitment, questions_partial AS partial, questions_not_applicable AS notApplicable
       FROM dispatches`,
    )
    .all() as ({ id: number; letterId: number } & Record<string, number>)[];
  const wrong: unknown[] = [];
  for (const { id, letterId, ...stored } of rows) {
    const latest = new Map(app.repos.dispatches.latestAnswers([id]).map((a) => [a.questionId, a.status]));
    const statuses = app.repos.letters.questions(letterId).map((q) => latest.get(q.id));
    const count = (status: string) => statuses.filter((s) => s === status).length;
    const recount = {
      open: statuses.filter((s) => isOpen(s as Parameters<typeof isOpen>[0])).length,
      answered: count('answered'),
      commitment: count('commitment'),
      partial: count('partial'),
      notApplicable: count('not_applicable'),
    };
    if (JSON.stringify(recount) !== JSON.stringify(stored)) wrong.push({ id, stored, recount });
  }
  return { checked: rows.length, wrong };
}

function expectAgreement() {
  const { checked, wrong } = disagreements();
  expect(checked).toBeGreaterThan(0);
  expect(wrong).toEqual([]);
}

let letterId: number;
let dispatchIds: number[];
let questionIds: number[];

beforeAll(async () => {
  app = await buildTestApp({ clock });
  f = factories(app);
  const companies = [1, 2, 3, 4].map(() => f.company());
  const campaign = f.campaign({ companyIds: companies.map((c) => c.id) });
  const sent = f.sentLetter(
    campaign.id,
    companies.map((c) => c.id),
    { questions: ['First?', 'Second?', 'Third?'] },
  );
  letterId = sent.letter.id;
  dispatchIds = sent.dispatches.map((d) => d.id);
  questionIds = app.repos.letters.questions(letterId).map((q) => q.id);
});

describe('the open-questions count kept on every dispatch', () => {
  it('starts with every question open when a letter is sent', () => {
    const stored = app.db.$client
      .prepare('SELECT open_questions FROM dispatches WHERE letter_id = ?')
      .pluck()
      .all(letterId);
    expect(stored).toEqual([3, 3, 3, 3]);
    expectAgreement();
  });

  it('follows each assessment, and the latest assessment of a question counts', () => {
    app.services.dispatches.assessAnswer(dispatchIds[0]!, questionIds[0]!, { status: 'answered' }, f.actor);
    app.services.dispatches.assessAnswer(dispatchIds[0]!, questionIds[1]!, { status: 'partial' }, f.actor);
    app.services.dispatches.assessAnswer(dispatchIds[1]!, questionIds[0]!, { status: 'commitment' }, f.actor);
    app.services.dispatches.assessAnswer(
      dispatchIds[1]!,
      questionIds[1]!,
      { status: 'not_applicable' },
      f.actor,
    );
    app.services.dispatches.assessAnswer(dispatchIds[1]!, questionIds[2]!, { status: 'answered' }, f.actor);
    expectAgreement();
    expect(app.repos.dispatches.findById(dispatchIds[1]!)).toBeDefined();
    const open = (id: number) =>
      app.db.$client.prepare('SELECT open_questions FROM dispatches WHERE id = ?').pluck().get(id);
    expect(open(dispatchIds[0]!)).toBe(2);
    expect(open(dispatchIds[1]!)).toBe(0);
    // A later, weaker assessment reopens the question.
    app.services.dispatches.assessAnswer(dispatchIds[1]!, questionIds[2]!, { status: 'partial' }, f.actor);
    expect(open(dispatchIds[1]!)).toBe(1);
    expectAgreement();
  });

  it('follows an answer whose status is changed in place, or that is deleted', () => {
    const client = app.db.$client;
    const answerId = client
      .prepare('SELECT id FROM answers WHERE dispatch_id = ? ORDER BY id DESC LIMIT 1')
      .pluck()
      .get(dispatchIds[0]!) as number;
    client.prepare("UPDATE answers SET status = 'answered' WHERE id = ?").run(answerId);
    expectAgreement();
    client.prepare("UPDATE answers SET status = 'declined' WHERE id = ?").run(answerId);
    expectAgreement();
    // An answer moved to another company's copy counts for the new one and no longer for the old.
    client
      .prepare("UPDATE answers SET dispatch_id = ?, status = 'answered' WHERE id = ?")
      .run(dispatchIds[2]!, answerId);
    expectAgreement();
    client.prepare('DELETE FROM answers WHERE id = ?').run(answerId);
    expectAgreement();
  });

  it('follows questions added to and removed from a letter', () => {
    app.repos.letters.replaceQuestions(letterId, [
      { id: questionIds[0]!, text: 'First?' },
      { id: questionIds[1]!, text: 'Second?' },
      { id: questionIds[2]!, text: 'Third?' },
      { text: 'Fourth?' },
    ]);
    expectAgreement();
    // Removing a question removes its answers (cascade) and its count.
    app.repos.letters.replaceQuestions(letterId, [{ id: questionIds[1]!, text: 'Second?' }]);
    expectAgreement();
  });

  it('counts for the dispatches of another letter, assessed on their own', () => {
    const late = f.company();
    const campaign = f.campaign({ companyIds: [late.id] });
    const sent = f.sentLetter(campaign.id, [late.id], { questions: ['Only?'] });
    expectAgreement();
    app.services.dispatches.assessAnswer(
      sent.dispatches[0]!.id,
      app.repos.letters.questions(sent.letter.id)[0]!.id,
      { status: 'answered' },
      f.actor,
    );
    expectAgreement();
  });

  it('is computed with the closing statuses of the domain rule', () => {
    // The triggers spell the closing statuses out; they must be exactly CLOSING_ANSWER_STATUSES.
    const triggers = app.db.$client
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%counts_questions'")
      .all() as { name: string; sql: string }[];
    expect(triggers.length).toBe(8);
    const expected = `NOT IN (${CLOSING_ANSWER_STATUSES.map((s) => `'${s}'`).join(', ')})`;
    for (const trigger of triggers) expect(trigger.sql, trigger.name).toContain(expected);
    // …and so does the migration's count of the dispatches there were.
    const migration = readFileSync(join(PROJECT_ROOT, 'db', 'migrations', '0011_kept_counts.sql'), 'utf8');
    const backfill = migration
      .split('--> statement-breakpoint')
      .find(
        (statement) => statement.trimStart().startsWith('--') && statement.includes('UPDATE `dispatches`'),
      );
    expect(backfill).toContain(expected);
  });
});
