import { describe, expect, it } from 'vitest';
import { runDueJobs } from '../../../server/jobs/run-due-jobs.js';
import { addDays } from '../../../server/lib/calendar-dates.js';
import { fixedClock } from '../../../server/lib/clock.js';
import { buildTestApp } from '../../helper.js';
import { buildCampaign } from './fixtures/campaign.js';

describe('letter titles in digests and reminders', () => {
  it('name each company’s copy by its own title, and the letter without any company’s name where several share an email', async () => {
    const clock = fixedClock('2026-03-02T08:00:00.000Z');
    const app = await buildTestApp({ clock });
    const world = await buildCampaign(app, 'Titles');
    const second = await world.call('POST', '/api/companies', {
      name: 'Second & "Co"',
      country: 'DE',
      contacts: [{ function: 'ir', email: 'ir@second.example' }],
    });
    app.repos.users.update(world.member.user.id, { preferences: { digest: 'daily' } });
    const letter = await world.call('POST', `/api/campaigns/${world.campaign.id}/letters`, {
      title: 'Coalition letter on {{company.name}} business in Russia',
      body: 'Dear {{company.name}},',
      questions: ['Why?'],
      companyIds: [world.company.id, second.id],
    });
    await world.call('POST', `/api/letters/${letter.id}/approve`);
    const sent = await world.call('POST', `/api/letters/${letter.id}/send`, { channel: 'post' });
    const dueAt = sent.dispatches[0].dueAt as string;

    // Two days before the due date the coordinator gets one reminder about both companies.
    clock.set(`${addDays(dueAt, -2)}T08:00:00.000Z`);
    await runDueJobs(app, clock.now());
    const reminder = app.repos.outbox.list().find((m) => m.kind === 'reminder')!;
    expect(reminder.subject).toBe(
      'Responses due in 2 days: Coalition letter on [company name] business in Russia (2 companies)',
    );
    // A day after it, the member's digest lists each overdue company with its own copy's title.
    clock.set(`${addDays(dueAt, 1)}T08:00:00.000Z`);
    await runDueJobs(app, clock.now());
    const digest = app.repos.outbox.list().find((m) => m.kind === 'digest')!;
    expect(digest.text).toContain('Coalition letter on Second & "Co" business in Russia');
    expect(digest.text).toContain('Coalition letter on Titles Company business in Russia');
    for (const message of app.repos.outbox.list()) {
      expect(`${message.subject}\n${message.text}\n${message.html}`).not.toContain('{{');
    }
  });
});
