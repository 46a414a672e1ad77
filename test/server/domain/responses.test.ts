import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { publicLabel } from '../../../server/domain/public-label.js';
import { countsAsResponse, responseSql } from '../../../server/domain/responses.js';
import { RESPONSE_KINDS } from '../../../server/domain/vocabulary.js';
import { fixedClock } from '../../../server/lib/clock.js';
import { factories } from '../../factories.js';
import { buildTestApp } from '../../helper.js';

describe('what counts as a response', () => {
  it.each([
    ['substantive', true],
    ['holding', true],
    ['declined', true],
    ['auto_reply', false],
    ['bounce', false],
  ] as const)('%s counts: %s', (kind, counts) => {
    expect(countsAsResponse(kind)).toBe(counts);
  });

  it('the SQL condition selects exactly the kinds the rule counts', async () => {
    const app = await buildTestApp({ clock: fixedClock('2026-03-02T09:00:00.000Z') });
    const make = factories(app);
    const company = make.company();
    const campaign = make.campaign({ companyIds: [company.id] });
    const [dispatch] = make.sentLetter(campaign.id, [company.id]).dispatches;
    const { id } = make.response(dispatch!.id, { kind: 'substantive', receivedAt: '2026-03-02' });
    for (const kind of RESPONSE_KINDS) {
      app.db.$client.prepare('UPDATE responses SET kind = ? WHERE id = ?').run(kind, id);
      const row = app.db.get<{ n: number }>(
        sql`SELECT count(*) AS n FROM responses WHERE id = ${id} AND ${responseSql.counts()}`,
      );
      expect(row.n === 1, kind).toBe(countsAsResponse(kind));
    }
  });
});

describe('the public label', () => {
  const clock = { dueAt: '2026-03-16', escalateAt: '2026-03-30' };
  it.each([
    ['sent', '2026-03-16', 'Awaiting response'],
    ['sent', '2026-03-17', 'Did not respond'],
    ['acknowledged', '2026-03-16', 'Awaiting response'],
    ['acknowledged', '2026-03-17', 'Did not respond'],
    ['responded', '2026-03-31', 'Responded'],
    ['declined', '2026-03-31', 'Declined to respond'],
    ['bounced', '2026-03-01', 'Did not respond'],
    ['closed', '2026-03-01', 'Did not respond'],
  ] as const)('%s on %s reads "%s"', (status, today, label) => {
    expect(publicLabel({ status, ...clock }, today)).toBe(label);
  });
});
