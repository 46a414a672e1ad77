import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  canTransition,
  LETTER_TRANSITIONS,
  letterSql,
  statusesThatCanBecome,
} from '../../../server/domain/letter-lifecycle.js';
import { isCollectingSignatures, isSignOnOpen, signOnSql } from '../../../server/domain/sign-on-window.js';
import { LETTER_STATUSES } from '../../../server/domain/vocabulary.js';
import { fixedClock } from '../../../server/lib/clock.js';
import { factories } from '../../factories.js';
import { buildTestApp } from '../../helper.js';

const app = await buildTestApp({ clock: fixedClock('2026-03-02T09:00:00.000Z') });
const make = factories(app);

/** One letter row whose status and closing time each case sets. */
function letterRow() {
  const company = make.company();
  const campaign = make.campaign({ companyIds: [company.id] });
  const letter = app.services.letters.create(
    campaign.id,
    { title: 'Rules', body: 'Dear {{company.name}}', questions: ['Q?'], companyIds: [company.id] },
    make.actor,
  );
  const set = (status: string, closesAt: string | null) =>
    app.db.$client
      .prepare('UPDATE letters SET status = ?, sign_on_closes_at = ? WHERE id = ?')
      .run(status, closesAt, letter.id);
  return { id: letter.id, set };
}

describe('the letter lifecycle', () => {
  it.each(LETTER_STATUSES)('a letter may become %s from exactly the statuses the table allows', (to) => {
    expect(statusesThatCanBecome(to)).toEqual(
      LETTER_STATUSES.filter((from) => LETTER_TRANSITIONS[from].includes(to)),
    );
  });

  it('a sent or withdrawn letter never changes again', () => {
    for (const to of LETTER_STATUSES) {
      expect(canTransition('sent', to)).toBe(false);
      expect(canTransition('withdrawn', to)).toBe(false);
    }
  });

  it('the SQL guard of a transition selects exactly the statuses the rule allows', () => {
    const letter = letterRow();
    for (const from of LETTER_STATUSES) {
      letter.set(from, null);
      for (const to of LETTER_STATUSES) {
        const row = app.db.get<{ n: number }>(
          sql`SELECT count(*) AS n FROM letters WHERE id = ${letter.id} AND ${letterSql.canBecome(to)}`,
        );
        expect(row.n === 1, `${from} → ${to}`).toBe(canTransition(from, to));
      }
    }
  });
});

describe('the sign-on window', () => {
  const now = new Date('2026-03-02T12:00:00.000Z');
  const cases = [
    // status, closes at, collecting, open
    ['sign_on', '2026-03-02T12:00:01.000Z', true, true],
    ['sign_on', '2026-03-02T12:00:00.000Z', true, false], // closes at this very moment: closed
    ['sign_on', '2026-03-01T17:00:00.000Z', true, false],
    ['sign_on', null, false, false],
    ['draft', '2026-03-09T17:00:00.000Z', false, false],
    ['approved', '2026-03-09T17:00:00.000Z', false, false],
    ['sent', '2026-03-09T17:00:00.000Z', false, false],
  ] as const;

  it.each(cases)('%s closing %s: collecting %s, open %s', (status, closesAt, collecting, open) => {
    expect(isCollectingSignatures({ status, signOnClosesAt: closesAt })).toBe(collecting);
    expect(isSignOnOpen({ status, signOnClosesAt: closesAt }, now)).toBe(open);
  });

  it('the SQL conditions agree with the rule in every case', () => {
    const letter = letterRow();
    for (const [status, closesAt, collecting, open] of cases) {
      letter.set(status, closesAt);
      const row = app.db.get<{ collecting: number; open: number }>(sql`
        SELECT (${signOnSql.collecting()}) AS collecting, (${signOnSql.open(now)}) AS open
        FROM letters WHERE id = ${letter.id}`);
      expect(Boolean(row.collecting), `${status} ${closesAt}`).toBe(collecting);
      expect(Boolean(row.open), `${status} ${closesAt}`).toBe(open);
    }
  });
});
