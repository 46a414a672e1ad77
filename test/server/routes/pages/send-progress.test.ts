import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../server/lib/clock.js';
import { factories } from '../../../factories.js';
import { browserSession, buildTestApp, createUser, type TestApp } from '../../../helper.js';

/** Issue 15 item 12: a letter sent to 200+ companies shows on its page how far its emails have gone. */
describe('sending to many companies shows the delivery progress', () => {
  const clock = fixedClock('2024-06-03T09:00:00Z');
  const COMPANIES = 220;
  let app: TestApp;
  let letterId: number;
  let session: Awaited<ReturnType<typeof browserSession>>;
  let sendMs: number;

  beforeAll(async () => {
    app = await buildTestApp({ clock });
    const f = factories(app);
    const ids = Array.from({ length: COMPANIES }, (_, i) => f.company({ name: `Bulk Co ${i}` }).id);
    const campaign = f.campaign({ name: 'Bulk campaign' });
    const letter = app.services.letters.create(
      campaign.id,
      {
        title: 'To everyone',
        body: 'Dear {{company.name}},\n\nPlease answer.',
        questions: ['Q?'],
        companyIds: ids,
      },
      f.actor,
    );
    app.services.letters.approve(letter.id, f.actor);
    letterId = letter.id;
    session = await browserSession(app, (await createUser(app, 'coordinator')).email);
    const started = performance.now();
    const sent = await session.post(
      `/letters/${letterId}/send`,
      { channel: 'email', confirmed: 'yes' },
      `/letters/${letterId}/send?channel=email`,
    );
    sendMs = performance.now() - started;
    expect(sent.statusCode).toBe(302);
  });

  const progressOf = (html: string) => {
    const bar = /<progress id="delivery-bar" value="(\d+)" max="(\d+)">/.exec(html);
    return bar ? { value: Number(bar[1]), max: Number(bar[2]) } : null;
  };

  it('sends in one step, every email queued once, and says none has left yet', async () => {
    console.info(`sending to ${COMPANIES} companies took ${Math.round(sendMs)} ms`);
    expect(app.repos.dispatches.listForLetter(letterId)).toHaveLength(COMPANIES);
    const page = await session.get(`/letters/${letterId}`);
    expect(progressOf(page.body)).toEqual({ value: 0, max: COMPANIES });
    expect(page.body).toContain(`Emails delivered: <strong>0 of ${COMPANIES}</strong>`);
    expect(page.body).toContain(`${COMPANIES} waiting in the outbox`);
    expect(page.body).toContain('to see how far it has got');
  });

  it('moves as the outbox delivers, and stops asking for reloads when all have gone', async () => {
    clock.set('2024-06-03T10:00:00Z'); // after the hold
    expect((await app.jobs.outbox.deliverDue(100)).sent).toBe(100);
    const halfway = await session.get(`/letters/${letterId}`);
    expect(progressOf(halfway.body)).toEqual({ value: 100, max: COMPANIES });
    expect(halfway.body).toContain(`${COMPANIES - 100} waiting in the outbox`);
    await app.jobs.outbox.deliverDue(500);
    const done = await session.get(`/letters/${letterId}`);
    expect(progressOf(done.body)).toEqual({ value: COMPANIES, max: COMPANIES });
    expect(done.body).not.toContain('to see how far it has got');
    // nothing twice: one email per company
    const delivered = app.repos.outbox.listForDispatches(
      app.repos.dispatches.listForLetter(letterId).map((d) => d.id),
    );
    expect(delivered.filter((m) => m.status === 'sent')).toHaveLength(COMPANIES);
  });
});
