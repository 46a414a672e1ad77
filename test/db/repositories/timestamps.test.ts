import { describe, expect, it } from 'vitest';
import { runDueJobs } from '../../../server/jobs/run-due-jobs.js';
import { fixedClock } from '../../../server/lib/clock.js';
import { seedDemo } from '../../../server/services/demo-seed-service.js';
import { buildTestApp } from '../../helper.js';
import { buildCampaign } from '../../server/jobs/fixtures/campaign.js';

// A clock years away from the machine's, so a row stamped by SQLite's `now` or `new Date()`
// instead of the injected clock stands out.
const CLOCK_AT = '2041-05-06T07:08:09.010Z';

/** Every created_at / updated_at value in the database, with its table and column. */
function allStamps(app: Awaited<ReturnType<typeof buildTestApp>>) {
  const sqlite = app.db.$client;
  const tables = sqlite
    .prepare(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'`,
    )
    .all() as { name: string }[];
  const stamps: { table: string; column: string; value: string }[] = [];
  for (const { name } of tables) {
    const columns = sqlite.prepare(`SELECT name FROM pragma_table_info(?)`).all(name) as { name: string }[];
    for (const { name: column } of columns) {
      if (column !== 'created_at' && column !== 'updated_at') continue;
      for (const row of sqlite.prepare(`SELECT "${column}" AS value FROM "${name}"`).all() as {
        value: string;
      }[]) {
        stamps.push({ table: name, column, value: String(row.value) });
      }
    }
  }
  return stamps;
}

describe('one clock', () => {
  it('stamps every row of a whole workflow with the injected clock, never the machine time', async () => {
    const clock = fixedClock(CLOCK_AT);
    const app = await buildTestApp({ clock });
    seedDemo({ repos: app.repos, config: app.config, today: '2041-05-06' });
    const fixture = await buildCampaign(app, 'Clock');
    const { dispatch } = await fixture.sendLetter('Clock letter');
    await fixture.call('POST', `/api/dispatches/${dispatch.id}/responses`, {
      receivedAt: '2041-05-06',
      kind: 'substantive',
      body: 'Our answers.',
    });
    await fixture.call('POST', '/api/deadlines', {
      kind: 'custom',
      title: 'Board meeting',
      date: '2041-06-01',
      companyId: fixture.company.id,
    });
    await app.services.inbound.receive(
      'From: someone@elsewhere.example\r\nTo: nobody@docket.test\r\nSubject: Hello\r\nMessage-ID: <clock@elsewhere.example>\r\n\r\nHi.\r\n',
      ['nobody@docket.test'],
    );
    await runDueJobs(app, clock.now());

    const stamps = allStamps(app);
    const tablesSeen = new Set(stamps.map((s) => s.table));
    for (const table of ['users', 'organizations', 'companies', 'campaigns', 'letters', 'dispatches']) {
      expect(tablesSeen, table).toContain(table);
    }
    for (const table of ['responses', 'outbox', 'events', 'templates', 'inbound_messages', 'api_tokens']) {
      expect(tablesSeen, table).toContain(table);
    }
    const machineYear = String(new Date().getUTCFullYear());
    const offClock = stamps.filter((s) => s.value !== CLOCK_AT);
    expect(offClock.filter((s) => s.value.startsWith(machineYear))).toEqual([]);
    expect(offClock).toEqual([]);
  });
});
