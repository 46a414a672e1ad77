import { beforeAll, describe, expect, it } from 'vitest';
import { BOARD_SORTS } from '../../../db/repositories/dispatches-repository.js';
import { fixedClock } from '../../../server/lib/clock.js';
import { factories } from '../../factories.js';
import { buildTestApp, type TestApp } from '../../helper.js';

/**
 * The board reads a page past the middle backwards from the end (so the last page costs what
 * the first does) through statements prepared once per filter. Every page, from either end,
 * must hold exactly the rows of the one-page board in the same order, for every sort, direction
 * and filter, with ties (same due date, same status, same sending day) broken the same way.
 */
describe('board pages from either end', () => {
  const clock = fixedClock('2024-03-04T09:00:00Z');
  let app: TestApp;
  let campaignId: number;

  beforeAll(async () => {
    app = await buildTestApp({ clock });
    const make = factories(app);
    const names = [
      'beta',
      'Alpha',
      'gamma',
      'Émile',
      'delta',
      'Zeta',
      'epsilon',
      'Äpfel',
      'eta',
      'theta',
      'Iota',
    ];
    const companies = names.map((name, i) =>
      make.company({
        name: `${name} ${i}`,
        sector: i % 2 ? 'Energy' : 'Banking',
        country: i % 3 ? 'DE' : 'US',
      }),
    );
    campaignId = make.campaign({ companyIds: companies.map((c) => c.id) }).id;
    make.sentLetter(
      campaignId,
      companies.map((c) => c.id),
    );
    clock.set('2024-03-06T09:00:00Z');
    make.sentLetter(
      campaignId,
      companies.slice(0, 7).map((c) => c.id),
    );
    const some = app.repos.dispatches.board({ campaignId, today: '2024-03-06', limit: 100, offset: 0 }).items;
    for (const [i, row] of some.entries()) {
      if (i % 4 === 1)
        app.services.dispatches.recordResponse(
          row.id,
          { receivedAt: '2024-03-06', kind: 'substantive', body: 'Answer' },
          { userId: null, label: 'test' },
        );
    }
    clock.set('2024-04-20T09:00:00Z');
  });

  const filters: Record<string, object> = {
    all: {},
    overdue: { overdue: true },
    responded: { status: 'responded' },
    energy: { sector: 'Energy' },
    german: { country: 'de' },
    named: { q: 'e' },
  };

  for (const [filterName, filter] of Object.entries(filters)) {
    for (const sort of BOARD_SORTS) {
      for (const direction of ['asc', 'desc'] as const) {
        it(`${filterName}, sorted by ${sort} ${direction}`, () => {
          const board = (limit: number, offset: number) =>
            app.services.dispatches.board({ campaignId, sort, direction, limit, offset, ...filter });
          const whole = board(1000, 0);
          expect(whole.total).toBe(whole.items.length);
          expect(whole.total).toBeGreaterThan(1);
          const ids = whole.items.map((r) => r.id);
          for (const limit of [1, 3, 5]) {
            for (let offset = 0; offset < whole.total + limit; offset++) {
              const page = board(limit, offset);
              expect(page.total).toBe(whole.total);
              expect(page.items.map((r) => r.id)).toEqual(ids.slice(offset, offset + limit));
            }
          }
          expect(board(3, whole.total - 1).items).toEqual(whole.items.slice(-1));
        });
      }
    }
  }

  it('names sort by their case fold, accents and capitals among the rest', () => {
    const names = app.services.dispatches
      .board({ campaignId, sort: 'company', limit: 1000, offset: 0 })
      .items.map((r) => r.companyName);
    const folded = names.map((n) => n.normalize('NFKC').toUpperCase().toLowerCase());
    expect(folded).toEqual([...folded].sort());
    expect(names.indexOf('Alpha 1')).toBeLessThan(names.indexOf('beta 0'));
  });
});
