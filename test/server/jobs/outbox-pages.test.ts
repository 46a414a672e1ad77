import { afterAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../../../server/jobs/run-due-jobs.js';
import { fixedClock } from '../../../server/lib/clock.js';
import { createSmtpTransport } from '../../../server/lib/mail-transport.js';
import { unsubscribeToken } from '../../../server/lib/unsubscribe.js';
import { apiUser, browserSession, buildTestApp, createUser, type TestApp } from '../../helper.js';
import { closedPort, startSmtpServer } from './fixtures/smtp.js';

const clock = fixedClock('2026-03-02T09:00:00.000Z');

async function queueInvitation(app: TestApp, email: string) {
  const admin = await createUser(app, 'admin');
  app.services.users.invite({ email, role: 'member' }, { userId: admin.id, label: 'Ada' });
  return app.repos.outbox.list().find((m) => m.toAddress === email)!;
}

describe('delivery when the SMTP server is down or deferring', () => {
  const servers: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
  });

  it('retries while nothing listens and while the server answers 451, then delivers with the same Message-ID', async () => {
    const port = await closedPort();
    const app = await buildTestApp({ clock, transport: createSmtpTransport(`smtp://127.0.0.1:${port}`) });
    const message = await queueInvitation(app, 'down@example.org');

    const refused = await runDueJobs(app, clock.now());
    expect(refused.outbox).toEqual({ sent: 0, retried: 1, failed: 0 });
    const afterRefused = app.repos.outbox.findById(message.id)!;
    expect(afterRefused).toMatchObject({ status: 'queued', attempts: 1 });
    expect(afterRefused.lastError).toMatch(/ECONNREFUSED|connect/i);

    const smtp = await startSmtpServer(port);
    servers.push(smtp);
    smtp.state.reply = 'defer';
    clock.set(afterRefused.sendAfter);
    expect((await runDueJobs(app, clock.now())).outbox).toEqual({ sent: 0, retried: 1, failed: 0 });
    const afterDefer = app.repos.outbox.findById(message.id)!;
    expect(afterDefer).toMatchObject({ status: 'queued', attempts: 2 });
    expect(afterDefer.lastError).toMatch(/451/);

    smtp.state.reply = 'accept';
    clock.set(afterDefer.sendAfter);
    expect((await runDueJobs(app, clock.now())).outbox).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(smtp.received.map((r) => r.mail.messageId)).toEqual([message.messageId]);
    expect(app.repos.outbox.findById(message.id)).toMatchObject({
      status: 'sent',
      attempts: 3,
      lastError: null,
    });
  });
});

describe('the outbox page and API', async () => {
  const smtp = await startSmtpServer();
  afterAll(() => smtp.close());
  const app = await buildTestApp({ clock, transport: createSmtpTransport(`smtp://127.0.0.1:${smtp.port}`) });
  const coordinator = await createUser(app, 'coordinator');
  const api = await apiUser(app, 'coordinator');

  it('shows a message refused with 550 as failed, and sends it again with the same Message-ID', async () => {
    const message = await queueInvitation(app, 'nobody@example.org');
    smtp.state.reply = 'reject';
    expect((await runDueJobs(app, clock.now())).outbox).toEqual({ sent: 0, retried: 0, failed: 1 });

    const failed = await app.inject({
      method: 'GET',
      url: '/api/outbox?status=failed',
      headers: api.headers,
    });
    expect(failed.statusCode).toBe(200);
    expect(failed.json()).toEqual([
      expect.objectContaining({ id: message.id, to: 'nobody@example.org', status: 'failed', attempts: 1 }),
    ]);
    expect(failed.json()[0].lastError).toContain('No such mailbox here');
    expect(
      (await app.inject({ method: 'GET', url: '/api/outbox?status=bogus', headers: api.headers })).statusCode,
    ).toBe(400);

    const browser = await browserSession(app, coordinator.email);
    const list = await browser.get('/outbox?status=failed');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('nobody@example.org');
    expect(list.body).toContain('No such mailbox here');
    expect(list.body).toContain('href="/outbox"');
    // statuses in words: the filter and the badge
    expect(list.body).toContain('aria-current="page">Failed (1)</a>');
    expect(list.body).toContain('<span class="badge badge-failed">Failed</span>');
    const page = await browser.get(`/outbox/${message.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<iframe class="email-html" sandbox=""');
    expect(page.body).not.toContain('<body style'); // the HTML is escaped into srcdoc, never inlined
    expect(page.body).toContain(message.messageId.replace('<', '&lt;').replace('>', '&gt;'));

    smtp.state.reply = 'accept';
    const resent = await browser.post(`/outbox/${message.id}/resend`, {}, `/outbox/${message.id}`);
    expect(resent.statusCode).toBe(302);
    expect(app.repos.outbox.findById(message.id)).toMatchObject({
      status: 'queued',
      attempts: 0,
      lastError: null,
    });
    expect((await runDueJobs(app, clock.now())).outbox.sent).toBe(1);
    expect(smtp.received.map((r) => r.mail.messageId)).toEqual([message.messageId]);

    const again = await app.inject({
      method: 'POST',
      url: `/api/outbox/${message.id}/resend`,
      headers: api.headers,
    });
    expect(again.statusCode).toBe(409);
    const staff = await apiUser(app, 'staff');
    expect((await app.inject({ method: 'GET', url: '/api/outbox', headers: staff.headers })).statusCode).toBe(
      403,
    );
  });

  it('refuses a resend without a CSRF token', async () => {
    const browser = await browserSession(app, coordinator.email);
    const response = await app.inject({ method: 'POST', url: '/outbox/1/resend', cookies: browser.cookies });
    expect(response.statusCode).toBe(403);
  });
});

describe('unsubscribe links and settings', async () => {
  const app = await buildTestApp({ clock });
  const member = await createUser(app, 'member');

  it('confirms with GET and unsubscribes with a one-click POST carrying no session or CSRF token', async () => {
    const token = unsubscribeToken(app.config.sessionSecret, member.id, 'reminders');
    const page = await app.inject({ method: 'GET', url: `/unsubscribe/${token}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(member.email);
    expect(app.repos.users.findById(member.id)!.preferences).toEqual({ digest: 'weekly' });

    const oneClick = await app.inject({
      method: 'POST',
      url: `/unsubscribe/${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.statusCode).toBe(200);
    expect(app.repos.users.findById(member.id)!.preferences).toEqual({
      digest: 'weekly',
      remindersDaysBefore: [],
    });

    const digest = unsubscribeToken(app.config.sessionSecret, member.id, 'digest');
    await app.inject({
      method: 'POST',
      url: `/unsubscribe/${digest}`,
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      payload: '--x--',
    });
    expect(app.repos.users.findById(member.id)!.preferences.digest).toBe('off');
  });

  it('answers 404 to a tampered token and changes nothing', async () => {
    app.repos.users.update(member.id, { preferences: { digest: 'daily' } });
    const token = unsubscribeToken(app.config.sessionSecret, member.id, 'digest');
    const other = await createUser(app, 'member');
    const tampered = token.replace(`unsub.${member.id}.`, `unsub.${other.id}.`);
    for (const method of ['GET', 'POST'] as const) {
      const response = await app.inject({
        method,
        url: `/unsubscribe/${tampered}`,
        ...(method === 'POST' && {
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: 'List-Unsubscribe=One-Click',
        }),
      });
      expect(response.statusCode).toBe(404);
    }
    expect(app.repos.users.findById(member.id)!.preferences).toEqual({ digest: 'daily' });
    expect(app.repos.users.findById(other.id)!.preferences).toEqual({ digest: 'weekly' });
  });

  it('lets a member choose a digest and reminder days on /settings, with field errors', async () => {
    const browser = await browserSession(app, member.email);
    const page = await browser.get('/settings');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('name="digest" value="daily" checked');
    const bad = await browser.post(
      '/settings',
      { digest: 'weekly', remindersDaysBefore: '7, soon' },
      '/settings',
    );
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('whole numbers of days');
    expect(app.repos.users.findById(member.id)!.preferences).toEqual({ digest: 'daily' });
    const good = await browser.post(
      '/settings',
      { digest: 'weekly', remindersDaysBefore: '7, 1' },
      '/settings',
    );
    expect(good.statusCode).toBe(302);
    expect(app.repos.users.findById(member.id)!.preferences).toEqual({
      digest: 'weekly',
      remindersDaysBefore: [7, 1],
    });
    await browser.post('/settings', { digest: 'off', remindersDaysBefore: '' }, '/settings');
    expect(app.repos.users.findById(member.id)!.preferences).toEqual({ digest: 'off' });
  });
});

describe('reminder rules per campaign', async () => {
  const app = await buildTestApp({ clock });
  const api = await apiUser(app, 'coordinator');
  const campaign = (
    await app.inject({
      method: 'POST',
      url: '/api/campaigns',
      headers: api.headers,
      payload: { name: 'Rules' },
    })
  ).json();
  const url = `/api/campaigns/${campaign.id}/reminder-rules`;

  it('starts from the defaults and stores a validated edit', async () => {
    const initial = (await app.inject({ method: 'GET', url, headers: api.headers })).json();
    expect(initial.isDefault).toBe(true);
    expect(initial.rules.map((r: { key: string }) => r.key)).toContain('very-overdue');

    const bad = await app.inject({
      method: 'PUT',
      url,
      headers: api.headers,
      payload: { rules: [{ key: 'x', audience: 'coordinator', anchor: 'someday', offsetDays: 1 }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('anchor');
    const twice = await app.inject({
      method: 'PUT',
      url,
      headers: api.headers,
      payload: {
        rules: [
          { key: 'a', audience: 'coordinator', anchor: 'due', offsetDays: 1 },
          { key: 'a', audience: 'coordinator', anchor: 'due', offsetDays: 3 },
        ],
      },
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().message).toContain('rules/1/key');

    const rules = [{ key: 'late-7', audience: 'coordinator', anchor: 'due', offsetDays: 7 }];
    const saved = await app.inject({ method: 'PUT', url, headers: api.headers, payload: { rules } });
    expect(saved.json()).toEqual({ campaignId: campaign.id, isDefault: false, rules });
    const member = await apiUser(app, 'member');
    expect((await app.inject({ method: 'GET', url, headers: member.headers })).statusCode).toBe(403);
    const reset = await app.inject({ method: 'DELETE', url, headers: api.headers });
    expect(reset.json().isDefault).toBe(true);
  });
});
