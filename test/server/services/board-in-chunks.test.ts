import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../server/lib/clock.js';
import { factories } from '../../factories.js';
import { buildTestApp, type TestApp } from '../../helper.js';

/**
 * A board export yields to other requests between chunks. Writes made meanwhile must not make it
 * repeat or skip a row: the set of dispatches and their order are fixed when it starts.
 */

const clock = fixedClock('2026-03-02T10:00:00Z');
let app: TestApp;
let f: ReturnType<typeof factories>;
let campaignId: number;
let dispatchIds: number[];

beforeAll(async () => {
  app = await buildTestApp({ clock });
  f = factories(app);
  const companies = Array.from({ length: 12 }, () => f.company());
  const campaign = f.campaign({ companyIds: companies.map((c) => c.id) });
  campaignId = campaign.id;
  const { dispatches } = f.sentLetter(
    campaign.id,
    companies.map((c) => c.id),
  );
  dispatchIds = dispatches.map((d) => d.id);
});

describe('the whole board in chunks', () => {
  it('gives every dispatch exactly once, in board order, while statuses change', () => {
    const board = (sort: 'status' | 'due') =>
      app.services.dispatches.board({ campaignId, sort, limit: 100, offset: 0 }).items.map((d) => d.id);
    const before = board('status');
    const seen: number[] = [];
    const chunks = app.services.dispatches.boardInChunks({ campaignId, sort: 'status' }, 3);
    let round = 0;
    for (const rows of chunks) {
      seen.push(...rows.map((row) => row.id));
      // Between chunks: a response moves a row not yet written to the front of the status order,
      // and one already written to the back; offset paging would skip the first and repeat the second.
      if (round === 0) {
        f.response(before[before.length - 1]!, { kind: 'declined', receivedAt: '2026-03-02' });
        f.response(before[0]!, { kind: 'substantive', receivedAt: '2026-03-02' });
      }
      round++;
    }
    expect(round).toBe(4);
    expect(seen).toEqual(before);
    expect(new Set(seen).size).toBe(dispatchIds.length);
    // The rows carry the data as read, chunk by chunk: the later response shows.
    expect(board('status')).not.toEqual(before);
  });

  it('yields nothing for a filter that matches nothing', () => {
    expect([...app.services.dispatches.boardInChunks({ campaignId, status: 'closed' }, 3)]).toEqual([]);
  });
});
