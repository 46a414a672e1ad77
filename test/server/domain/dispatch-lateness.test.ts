import { type SQL, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { dispatchSql, isOpenDispatch, lateness } from '../../../server/domain/dispatch-lateness.js';
import { DISPATCH_STATUSES } from '../../../server/domain/vocabulary.js';
import { factories } from '../../factories.js';
import { buildTestApp } from '../../helper.js';

/** 1 when the condition holds for the row, else 0. */
const countIf = (condition: SQL) => sql<number>`sum(case when ${condition} then 1 else 0 end)`;

const DUE = '2026-03-16';
const ESCALATE = '2026-03-30';

describe('dispatch lateness', () => {
  it.each([
    // status, today, overdue, very overdue
    ['sent', '2026-03-16', false, false], // on the due date: not yet late
    ['sent', '2026-03-17', true, false],
    ['sent', '2026-03-30', true, false], // on the escalation date: not yet very late
    ['sent', '2026-03-31', true, true],
    ['acknowledged', '2026-03-31', true, true],
    ['responded', '2026-03-31', false, false],
    ['declined', '2026-03-31', false, false],
    ['bounced', '2026-03-31', false, false],
    ['closed', '2026-03-31', false, false],
  ] as const)('%s on %s: overdue %s, very overdue %s', (status, today, overdue, veryOverdue) => {
    expect(lateness({ status, dueAt: DUE, escalateAt: ESCALATE }, today)).toEqual({ overdue, veryOverdue });
  });

  it('only sent and acknowledged dispatches are open', () => {
    expect(DISPATCH_STATUSES.filter(isOpenDispatch)).toEqual(['sent', 'acknowledged']);
  });

  it('the SQL conditions select exactly the dispatches the rule calls late, for every status and day', async () => {
    const app = await buildTestApp();
    const make = factories(app);
    const company = make.company();
    const campaign = make.campaign({ companyIds: [company.id] });
    const [dispatch] = make.sentLetter(campaign.id, [company.id]).dispatches;
    const days = ['2026-03-15', '2026-03-16', '2026-03-17', '2026-03-30', '2026-03-31'];
    for (const status of DISPATCH_STATUSES) {
      app.db.$client
        .prepare('UPDATE dispatches SET status = ?, due_at = ?, escalate_at = ? WHERE id = ?')
        .run(status, DUE, ESCALATE, dispatch!.id);
      for (const today of days) {
        const rule = lateness({ status, dueAt: DUE, escalateAt: ESCALATE }, today);
        const row = app.db.get<{ open: number; overdue: number; veryOverdue: number }>(sql`
          SELECT ${countIf(dispatchSql.open())} AS open,
            ${countIf(dispatchSql.overdue(today))} AS overdue,
            ${countIf(dispatchSql.veryOverdue(today))} AS veryOverdue
          FROM dispatches WHERE id = ${dispatch!.id}`);
        const label = `${status} on ${today}`;
        expect(Boolean(row.open), label).toBe(isOpenDispatch(status));
        expect(Boolean(row.overdue), label).toBe(rule.overdue);
        expect(Boolean(row.veryOverdue), label).toBe(rule.veryOverdue);
      }
    }
  });
});
