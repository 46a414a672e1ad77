import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { SEND_LEASE_MS } from '../../../server/jobs/outbox-delivery.js';
import { fixedClock } from '../../../server/lib/clock.js';
import { createSmtpTransport } from '../../../server/lib/mail-transport.js';
import { buildTestApp, createUser, type TestApp } from '../../helper.js';

type Reply = 'accept' | 'reject' | 'defer';

/** A real SMTP server in this process; `reply` decides how it answers the next message. */
async function startSmtpServer() {
  const received: { envelopeTo: string[]; mail: ParsedMail; raw: string }[] = [];
  const state = { reply: 'accept' as Reply };
  const server = new SMTPServer({
    disabledCommands: ['AUTH', 'STARTTLS'],
    authOptional: true,
    logger: false,
    // The app's pooled connections are still open when this closes: don't wait 30 s for them.
    closeTimeout: 200,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        if (state.reply !== 'accept') {
          const code = state.reply === 'reject' ? 550 : 451;
          const text = state.reply === 'reject' ? 'No such mailbox here' : 'Greylisted, try again later';
          return callback(Object.assign(new Error(text), { responseCode: code }));
        }
        const raw = Buffer.concat(chunks);
        received.push({
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          mail: await simpleParser(raw),
          raw: raw.toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { server, port, received, state };
}

const smtp = await startSmtpServer();
afterAll(() => new Promise<void>((resolve) => smtp.server.close(resolve)));

const clock = fixedClock('2026-03-02T09:00:00.000Z');
const app = await buildTestApp({ clock, transport: createSmtpTransport(`smtp://127.0.0.1:${smtp.port}`) });
const admin = await createUser(app, 'admin');

let inviteCounter = 0;
function queueInvitation(app: TestApp) {
  inviteCounter++;
  const email = `invitee${inviteCounter}@example.org`;
  const { url } = app.services.users.invite(
    { email, name: `Invitee ${inviteCounter}`, role: 'member' },
    {
      userId: admin.id,
      label: 'Ada Admin',
    },
  );
  const message = app.repos.outbox.list().find((m) => m.toAddress.endsWith(`<${email}>`))!;
  expect(message).toMatchObject({ kind: 'invitation', status: 'queued', attempts: 0 });
  return { email, url, message };
}

beforeEach(() => {
  smtp.state.reply = 'accept';
  smtp.received.length = 0;
});

describe('outbox delivery over real SMTP', () => {
  it('delivers a queued invitation once, with the stored Message-ID, and marks it sent', async () => {
    const { email, url, message } = queueInvitation(app);

    const result = await app.jobs.outbox.deliverDue();
    expect(result).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    const { mail, envelopeTo } = smtp.received[0]!;
    expect(envelopeTo).toEqual([email]);
    expect(mail.messageId).toBe(message.messageId);
    expect(mail.subject).toBe(message.subject);
    expect(mail.text).toContain(url);
    expect(mail.html).toContain(`href="${url}"`);
    expect(mail.from?.text).toContain('docket@localhost');

    const stored = app.repos.outbox.findById(message.id)!;
    expect(stored).toMatchObject({
      status: 'sent',
      attempts: 1,
      lastError: null,
      sentAt: clock.now().toISOString(),
    });

    expect(await app.jobs.outbox.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
  });

  it('marks a message failed with the reason when the server answers 550', async () => {
    const { message } = queueInvitation(app);
    smtp.state.reply = 'reject';
    const result = await app.jobs.outbox.deliverDue();
    expect(result).toEqual({ sent: 0, retried: 0, failed: 1 });
    const stored = app.repos.outbox.findById(message.id)!;
    expect(stored.status).toBe('failed');
    expect(stored.attempts).toBe(1);
    expect(stored.lastError).toMatch(/550/);
    expect(stored.lastError).toContain('No such mailbox here');
    expect(stored.sentAt).toBeNull();

    smtp.state.reply = 'accept';
    expect(await app.jobs.outbox.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(smtp.received).toHaveLength(0);
  });

  it('keeps a message queued with a later sendAfter when the server answers 451, then sends it with the same Message-ID', async () => {
    const { message } = queueInvitation(app);
    smtp.state.reply = 'defer';
    const result = await app.jobs.outbox.deliverDue();
    expect(result).toEqual({ sent: 0, retried: 1, failed: 0 });
    const deferred = app.repos.outbox.findById(message.id)!;
    expect(deferred.status).toBe('queued');
    expect(deferred.attempts).toBe(1);
    expect(deferred.lastError).toMatch(/451/);
    expect(Date.parse(deferred.sendAfter)).toBeGreaterThan(clock.now().getTime());

    smtp.state.reply = 'accept';
    expect(await app.jobs.outbox.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(smtp.received).toHaveLength(0);

    clock.set(deferred.sendAfter);
    expect(await app.jobs.outbox.deliverDue()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.mail.messageId).toBe(message.messageId);
    expect(app.repos.outbox.findById(message.id)).toMatchObject({
      status: 'sent',
      attempts: 2,
      lastError: null,
    });
  });

  it('backs off longer after each temporary failure', async () => {
    const { message } = queueInvitation(app);
    smtp.state.reply = 'defer';
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      const before = clock.now().getTime();
      await app.jobs.outbox.deliverDue();
      const row = app.repos.outbox.findById(message.id)!;
      delays.push(Date.parse(row.sendAfter) - before);
      clock.set(row.sendAfter);
    }
    expect(delays[1]).toBeGreaterThan(delays[0]!);
    expect(delays[2]).toBeGreaterThan(delays[1]!);
    expect(app.repos.outbox.findById(message.id)!.attempts).toBe(3);
    expect(smtp.received).toHaveLength(0);
    app.repos.outbox.update(message.id, { status: 'failed' });
  });

  it('a message being sent by another worker is not sent again; after a crash it is sent once its lease runs out', async () => {
    const { message } = queueInvitation(app);
    const now = clock.now().getTime();
    const leaseUntil = new Date(now + SEND_LEASE_MS).toISOString();
    expect(app.repos.outbox.claim(message.id, clock.now().toISOString(), leaseUntil)).toBe(true);
    expect(app.repos.outbox.claim(message.id, clock.now().toISOString(), leaseUntil)).toBe(false);

    await app.jobs.outbox.deliverDue();
    expect(smtp.received.map((r) => r.mail.messageId)).not.toContain(message.messageId);
    expect(app.repos.outbox.findById(message.id)).toMatchObject({ status: 'sending', attempts: 0 });

    // The worker that claimed it died mid-send: the message must not stay 'sending' forever.
    clock.set(new Date(now + SEND_LEASE_MS + 1000).toISOString());
    expect(await app.jobs.outbox.deliverDue()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(smtp.received.map((r) => r.mail.messageId)).toEqual([message.messageId]);
    expect(app.repos.outbox.findById(message.id)).toMatchObject({ status: 'sent', attempts: 1 });
  });
});

describe('file transport (the default without SMTP_URL)', () => {
  it('writes each message as an .eml file with the stored Message-ID', async () => {
    const fileApp = await buildTestApp();
    const fileAdmin = await createUser(fileApp, 'admin');
    fileApp.services.users.invite(
      { email: 'file@example.org', role: 'staff' },
      { userId: fileAdmin.id, label: 'Ada' },
    );
    const [message] = fileApp.repos.outbox.list();

    expect(await fileApp.jobs.outbox.deliverDue()).toEqual({ sent: 1, retried: 0, failed: 0 });
    const files = readdirSync(fileApp.config.mailDir);
    expect(files).toEqual([`${String(message!.id).padStart(6, '0')}-invitation.eml`]);
    const mail = await simpleParser(readFileSync(join(fileApp.config.mailDir, files[0]!)));
    expect(mail.messageId).toBe(message!.messageId);
    expect(mail.subject).toBe(message!.subject);
    expect(mail.text).toContain('/setup/');
    expect(fileApp.repos.outbox.findById(message!.id)!.status).toBe('sent');
  });
});
