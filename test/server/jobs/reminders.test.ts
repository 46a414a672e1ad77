import { afterAll, describe, expect, it } from 'vitest';
import { campaignCoordinators } from '../../../db/schema.js';
import { runDueJobs } from '../../../server/jobs/run-due-jobs.js';
import { addDays } from '../../../server/lib/calendar-dates.js';
import { fixedClock } from '../../../server/lib/clock.js';
import { createSmtpTransport } from '../../../server/lib/mail-transport.js';
import { readUnsubscribeToken } from '../../../server/lib/unsubscribe.js';
import { buildTestApp } from '../../helper.js';
import { buildCampaign } from './fixtures/campaign.js';
import { type ReceivedMail, startSmtpServer } from './fixtures/smtp.js';

const smtp = await startSmtpServer();
afterAll(() => smtp.close());

// Monday 2 March 2026: the letter goes out today with a 14-day window → due Mon 16 March,
// escalation (due + 14) Mon 30 March. A sign-on closes Fri 20 March at 17:00.
const START = '2026-03-02';
const clock = fixedClock(`${START}T08:00:00.000Z`);
const app = await buildTestApp({
  clock,
  transport: createSmtpTransport(`smtp://127.0.0.1:${smtp.port}`),
  // This month is about reminders: the letter leaves at once (the send hold has its own tests).
  env: { MAIL_FROM: 'Example Coalition <coalition@docket.test>', SEND_HOLD_MINUTES: '0' },
});
const world = await buildCampaign(app, 'Month');
const { dispatch } = await world.sendLetter('Your business in Russia');
const signOn = await world.openSignOn('Investor statement on Russia', '2026-03-20T17:00:00.000Z');

describe('reminders across a simulated month', () => {
  const byDay = new Map<string, ReceivedMail[]>();

  it('sends the letter to the company with proper headers', async () => {
    await runDueJobs(app, clock.now());
    const letters = smtp.received.filter((r) => r.envelopeTo.includes('ir@month-company.example'));
    expect(letters).toHaveLength(1);
    const { mail } = letters[0]!;
    const stored = app.repos.outbox.list().find((m) => m.kind === 'letter')!;
    expect(mail.from?.text).toBe('"Example Coalition" <coalition@docket.test>');
    expect(mail.replyTo?.text).toMatch(/^reply\+[\w-]+@docket\.test$/);
    expect(mail.replyTo?.text).toBe(stored.replyTo);
    expect(mail.subject).toMatch(/^Your business in Russia \[Docket ref [\w-]{8}\]$/);
    expect(mail.messageId).toBe(stored.messageId);
    expect(mail.messageId).toMatch(/^<[\w-]+@docket\.test>$/);
    expect(mail.headers.get('x-docket-dispatch')).toBe(String(dispatch.id));
    smtp.received.length = 0;
  });

  it('fires each reminder on its day, once, even when the jobs run twice and concurrently', async () => {
    expect(dispatch).toMatchObject({ dueAt: '2026-03-16', escalateAt: '2026-03-30' });
    for (let day = 0; day <= 35; day++) {
      const date = addDays(START, day);
      clock.set(`${date}T08:00:00.000Z`);
      await Promise.all([runDueJobs(app, clock.now()), runDueJobs(app, clock.now())]);
      await runDueJobs(app, clock.now());
      if (smtp.received.length) byDay.set(date, smtp.received.splice(0));
    }
    const summary = Object.fromEntries(
      [...byDay].map(([date, mails]) => [
        date,
        mails.map((r) => `${r.envelopeTo.join(',')}: ${r.mail.subject}`).sort(),
      ]),
    );
    const coordinator = world.coordinator.user.email;
    const member = world.member.user.email;
    expect(summary).toEqual({
      '2026-03-13': [`${member}: Sign-on closes in 7 days: Investor statement on Russia`],
      '2026-03-14': [`${coordinator}: Responses due in 2 days: Your business in Russia (Month Company)`],
      '2026-03-17': [`${coordinator}: Overdue: Your business in Russia (Month Company)`],
      '2026-03-19': [`${member}: Sign-on closes in 1 day: Investor statement on Russia`],
      '2026-03-20': [`${member}: Sign-on closes today: Investor statement on Russia`],
      '2026-03-30': [`${coordinator}: Ready to publish or escalate: Your business in Russia (Month Company)`],
    });
  });

  it('links to the dispatch and to a signed one-click unsubscribe', () => {
    const [overdue] = byDay.get('2026-03-17')!;
    const { mail } = overdue!;
    expect(mail.text).toContain(`http://docket.test/dispatches/${dispatch.id}`);
    expect(mail.html).toContain(`href="http://docket.test/dispatches/${dispatch.id}"`);
    const headers = overdue!.raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
    const url = /^List-Unsubscribe: <([^>]+)>/im.exec(headers)?.[1];
    expect(url).toMatch(/^http:\/\/docket\.test\/unsubscribe\//);
    expect(headers).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/im);
    expect(mail.text).toContain(url!);
    const token = decodeURIComponent(url!.split('/unsubscribe/')[1]!);
    expect(readUnsubscribeToken(app.config.sessionSecret, token)).toEqual({
      userId: world.coordinator.user.id,
      list: 'reminders',
    });
    const [signOnMail] = byDay.get('2026-03-19')!;
    expect(signOnMail!.mail.text).toContain(`http://docket.test/letters/${signOn.id}`);
  });

  it('keys every reminder once, with the outbox message it went out in', () => {
    const keys = app.repos.reminders;
    expect(
      keys.claimKey({
        rule: 'overdue',
        subjectKey: `dispatch:${dispatch.id}`,
        anchorDate: '2026-03-16',
        recipient: world.coordinator.user.email,
      }),
    ).toBeUndefined();
    const reminders = app.repos.outbox.list().filter((m) => m.kind === 'reminder');
    expect(reminders).toHaveLength(6);
    expect(reminders.every((m) => m.status === 'sent' && m.attempts === 1)).toBe(true);
  });
});

describe('who receives reminders', () => {
  it('sends coordinator reminders to the named coordinators only, and members with a digest get the digest instead', async () => {
    clock.set('2026-05-04T08:00:00.000Z'); // a Monday
    const other = await buildCampaign(app, 'Named');
    const named = other.coordinator.user;
    app.repos.users.update(other.member.user.id, { preferences: { digest: 'weekly' } });
    app.db.insert(campaignCoordinators).values({ campaignId: other.campaign.id, userId: named.id }).run();
    const { dispatch: d } = await other.sendLetter('Named letter');
    await other.openSignOn('Named sign-on', '2026-05-11T17:00:00.000Z');
    smtp.received.length = 0;

    await runDueJobs(app, clock.now());
    const received = smtp.received.splice(0).filter((r) => !r.envelopeTo[0]!.includes('named-company'));
    // Opening sign-on emails each member organization's people their own link, whatever their digest choice.
    const invitations = received.filter((r) => r.mail.subject?.startsWith('Sign “'));
    expect(invitations.map((r) => `${r.envelopeTo[0]}: ${r.mail.subject}`)).toEqual([
      `${other.member.user.email}: Sign “Named sign-on” for Named Rights Watch`,
    ]);
    const mondayMail = received.filter((r) => !invitations.includes(r));
    expect(mondayMail.map((r) => `${r.envelopeTo[0]}: ${r.mail.subject}`)).toEqual([
      `${other.member.user.email}: Your weekly Docket digest, 4 May 2026`,
    ]);
    expect(mondayMail[0]!.mail.text).toContain('Named sign-on: closes 11 May 2026');

    clock.set(`${addDays(d.dueAt, -2)}T08:00:00.000Z`);
    await runDueJobs(app, clock.now());
    expect(smtp.received.map((r) => `${r.envelopeTo[0]}: ${r.mail.subject}`)).toEqual([
      `${named.email}: Responses due in 2 days: Named letter (Named Company)`,
    ]);
  });
});
