import { afterAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../../../server/jobs/run-due-jobs.js';
import { fixedClock } from '../../../server/lib/clock.js';
import { createSmtpTransport } from '../../../server/lib/mail-transport.js';
import { apiUser, buildTestApp } from '../../helper.js';
import { startSmtpServer } from '../jobs/fixtures/smtp.js';

const smtp = await startSmtpServer();
afterAll(() => new Promise<void>((resolve) => smtp.server.close(resolve)));

const clock = fixedClock('2026-04-06T09:00:00Z');
const app = await buildTestApp({ clock, transport: createSmtpTransport(`smtp://127.0.0.1:${smtp.port}`) });
const coordinator = (await apiUser(app, 'coordinator')).headers;
const call = (method: string, url: string, payload?: object) =>
  app.inject({ method: method as 'POST', url, headers: coordinator, ...(payload && { payload }) });

const companyIds: number[] = [];
for (const [name, contacts] of [
  ['Alpha plc', ['ir@alpha.example', 'board@alpha.example']],
  ['Beta AG', ['ir@beta.example']],
] as const) {
  const company = await call('POST', '/api/companies', {
    name,
    country: 'GB',
    contacts: contacts.map((email) => ({ function: 'ir', email })),
  });
  companyIds.push(company.json().id);
}
const campaign = (await call('POST', '/api/campaigns', { name: 'Hold', responseDays: 14 })).json();

async function approvedLetter() {
  const letter = (
    await call('POST', `/api/campaigns/${campaign.id}/letters`, {
      title: 'Questions to {{company.name}}',
      body: 'Dear {{company.name}},',
      questions: ['Why?'],
      companyIds,
    })
  ).json();
  await call('POST', `/api/letters/${letter.id}/approve`);
  return letter.id as number;
}

/** Letters that reached the companies' mail servers (not the coordinator's digests). */
const lettersReceived = () =>
  smtp.received.filter((r) => r.envelopeTo.some((to) => /@(alpha|beta)\.example$/.test(to)));

const dispatchesOf = (letterId: number) => app.repos.dispatches.listForLetter(letterId);
const messagesOf = (letterId: number) =>
  app.repos.outbox.listForDispatches(dispatchesOf(letterId).map((d) => d.id));

describe('sending safely', () => {
  it('the send plan names the companies, email messages, channel and each due date, storing nothing', async () => {
    const letterId = await approvedLetter();
    const plan = await call('GET', `/api/letters/${letterId}/send-plan?channel=email`);
    expect(plan.statusCode).toBe(200);
    expect(plan.json()).toMatchObject({
      channel: 'email',
      messages: 3,
      holdMinutes: 10,
      companies: [
        { name: 'Alpha plc', messages: 2, dueAt: '2026-04-20' },
        { name: 'Beta AG', messages: 1, dueAt: '2026-04-20' },
      ],
    });
    expect(dispatchesOf(letterId)).toHaveLength(0);
    expect(app.repos.letters.findById(letterId)!.status).toBe('approved');
  });

  it('emails wait out the hold; undo returns the letter to approved and removes dispatches and queued emails', async () => {
    const letterId = await approvedLetter();
    const sent = await call('POST', `/api/letters/${letterId}/send`, { channel: 'email' });
    expect(sent.statusCode).toBe(200);
    const messages = messagesOf(letterId);
    expect(messages).toHaveLength(3);
    for (const m of messages) expect(m.sendAfter).toBe('2026-04-06T09:10:00.000Z');

    clock.set('2026-04-06T09:05:00Z');
    await runDueJobs(app, clock.now());
    expect(lettersReceived()).toHaveLength(0);
    expect(messagesOf(letterId).every((m) => m.status === 'queued')).toBe(true);

    const undone = await call('POST', `/api/letters/${letterId}/undo-send`);
    expect(undone.statusCode).toBe(200);
    expect(undone.json()).toMatchObject({
      letter: { status: 'approved', sentAt: null },
      removedDispatches: 2,
      removedMessages: 3,
    });
    expect(dispatchesOf(letterId)).toHaveLength(0);
    expect(app.repos.outbox.list().filter((m) => m.kind === 'letter')).toHaveLength(0);
    const undoEvent = app.repos.events.listForLetter(letterId).find((e) => e.type === 'letter.send_undone');
    expect(undoEvent?.data).toEqual({ dispatches: 2, messages: 3 });

    clock.set('2026-04-06T09:30:00Z');
    await runDueJobs(app, clock.now());
    expect(lettersReceived()).toHaveLength(0);
  });

  it('once an email has left, undo is refused with the reason and changes nothing', async () => {
    const letterId = await approvedLetter();
    clock.set('2026-04-07T09:00:00Z');
    await call('POST', `/api/letters/${letterId}/send`, { channel: 'email' });
    clock.set('2026-04-07T09:11:00Z');
    await runDueJobs(app, clock.now());
    expect(
      lettersReceived()
        .map((r) => r.envelopeTo[0])
        .sort(),
    ).toEqual(['board@alpha.example', 'ir@alpha.example', 'ir@beta.example']);
    const refused = await call('POST', `/api/letters/${letterId}/undo-send`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('ALREADY_DELIVERED');
    expect(refused.json().message).toMatch(
      /the email to \S+ has left at 2026-04-07 09:11 UTC; a letter that has left cannot be called back/,
    );
    expect(app.repos.letters.findById(letterId)!.status).toBe('sent');
    expect(dispatchesOf(letterId)).toHaveLength(2);
    expect(messagesOf(letterId)).toHaveLength(3);
  });

  it('a letter recorded as sent by post can be undone within the hold, not after', async () => {
    const letterId = await approvedLetter();
    clock.set('2026-04-08T09:00:00Z');
    await call('POST', `/api/letters/${letterId}/send`, { channel: 'post' });
    expect((await call('POST', `/api/letters/${letterId}/undo-send`)).statusCode).toBe(200);
    await call('POST', `/api/letters/${letterId}/send`, { channel: 'post' });
    clock.set('2026-04-08T09:11:00Z');
    const late = await call('POST', `/api/letters/${letterId}/undo-send`);
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'HOLD_OVER' });
    expect(dispatchesOf(letterId)).toHaveLength(2);
  });
});
