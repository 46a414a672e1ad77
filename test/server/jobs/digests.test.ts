import { afterAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../../../server/jobs/run-due-jobs.js';
import { addDays } from '../../../server/lib/calendar-dates.js';
import { fixedClock } from '../../../server/lib/clock.js';
import { createSmtpTransport } from '../../../server/lib/mail-transport.js';
import { buildTestApp } from '../../helper.js';
import { buildCampaign } from './fixtures/campaign.js';
import { startSmtpServer } from './fixtures/smtp.js';

const smtp = await startSmtpServer();
afterAll(() => smtp.close());

// Responses are "new" by the time they were recorded, which comes from the same injected clock, so
// the simulated day is any fixed date and the test passes at any time of day.
const today = '2026-03-18';
const clock = fixedClock(`${addDays(today, -20)}T08:00:00.000Z`);
const app = await buildTestApp({ clock, transport: createSmtpTransport(`smtp://127.0.0.1:${smtp.port}`) });

describe('digests', () => {
  it('groups by campaign and lists overdue dispatches and new responses, once per day', async () => {
    const first = await buildCampaign(app, 'Alpha');
    const second = await buildCampaign(app, 'Beta');
    // The Alpha member's organization also belongs to Beta.
    await second.call('PATCH', `/api/campaigns/${second.campaign.id}`, {
      organizationIds: [second.org.id, first.org.id],
    });
    app.repos.users.update(first.member.user.id, { preferences: { digest: 'daily' } });
    const overdue = await first.sendLetter('Alpha letter');
    const answered = await second.sendLetter('Beta letter');
    clock.set(`${today}T06:30:00.000Z`);
    await second.call('POST', `/api/dispatches/${answered.dispatch.id}/responses`, {
      receivedAt: today,
      kind: 'substantive',
      body: 'Our answers.',
    });
    smtp.received.length = 0;

    await runDueJobs(app, clock.now()); // before 07:00: no digest yet
    expect(smtp.received.filter((r) => r.mail.subject?.includes('digest'))).toEqual([]);

    clock.set(`${today}T07:05:00.000Z`);
    await runDueJobs(app, clock.now());
    await runDueJobs(app, clock.now());
    const digests = smtp.received.filter((r) => r.envelopeTo[0] === first.member.user.email);
    expect(digests).toHaveLength(1);
    const { mail } = digests[0]!;
    expect(mail.subject).toMatch(/^Your daily Docket digest, /);
    // Issue 12: digests say they are automatic and name their list; the person's name is in To.
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(digests[0]!.raw).toMatch(/^List-Id: Docket digests <digests\.docket\.test>\r$/im);
    expect(mail.to).toMatchObject({
      value: [{ name: first.member.user.name, address: first.member.user.email }],
    });
    const text = mail.text!;
    const alpha = text.indexOf('== Alpha campaign ==');
    const beta = text.indexOf('== Beta campaign ==');
    expect(alpha).toBeGreaterThan(-1);
    expect(beta).toBeGreaterThan(alpha);
    const alphaSection = text.slice(alpha, beta);
    const betaSection = text.slice(beta);
    expect(alphaSection).toContain('Overdue (no response yet):');
    expect(alphaSection).toContain(`- Alpha Company (Alpha letter): due`);
    expect(alphaSection).toContain(`http://docket.test/dispatches/${overdue.dispatch.id}`);
    expect(betaSection).toContain('New responses since');
    // the response kind in words (issue 15), not its code
    expect(betaSection).toContain('- Beta Company (Beta letter): Substantive response');
    expect(betaSection).not.toContain(': substantive');
    expect(betaSection).not.toContain('Overdue');
    expect(mail.html).toContain(
      // The editable part is sanitized when sent, which writes styles compactly.
      '<h2 style="font-size:1.15em;margin-top:1.5em"><a href="http://docket.test/campaigns/',
    );
    expect(mail.html).toContain('Overdue (no response yet)');
    expect(digests[0]!.raw.replace(/\r?\n[ \t]+/g, ' ')).toMatch(
      /^List-Unsubscribe: <http:\/\/docket\.test\/unsubscribe\//m,
    );

    // The next day: the same person gets the next daily digest, keyed by its date.
    clock.set(`${addDays(today, 1)}T09:00:00.000Z`);
    smtp.received.length = 0;
    await runDueJobs(app, clock.now());
    const next = smtp.received.filter((r) => r.envelopeTo[0] === first.member.user.email);
    expect(next).toHaveLength(1);
    expect(next[0]!.mail.text).not.toContain('New responses since');
  });
});
