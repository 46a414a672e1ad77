/**
 * Delivers 2,000 queued messages through the outbox to an in-process SMTP sink, against a baseline
 * of sending the same 2,000 messages straight through nodemailer (same pooled transport, no outbox).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { fixedClock } from '../server/lib/clock.js';
import { createSmtpTransport } from '../server/lib/mail-transport.js';

const MESSAGES = 2_000;

async function startSink() {
  const server = new SMTPServer({
    disabledCommands: ['AUTH', 'STARTTLS'],
    authOptional: true,
    logger: false,
    closeTimeout: 100,
    onData(stream, _session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => callback());
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  // Without this, delayed ACKs stall each pipelined SMTP reply by ~40 ms on loopback.
  server.server.on('connection', (socket: import('node:net').Socket) => socket.setNoDelay(true));
  return { server, port: (server.server.address() as AddressInfo).port };
}

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'docket-bench-outbox-'));
  const sink = await startSink();
  const smtpUrl = `smtp://127.0.0.1:${sink.port}`;
  const config = loadConfig({
    DATABASE_PATH: join(dir, 'bench.db'),
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret!',
    LOG_LEVEL: 'silent',
  });
  const clock = fixedClock('2026-03-02T09:00:00Z');
  const app = await buildApp(config, { logger: false, clock, transport: createSmtpTransport(smtpUrl) });
  try {
    const data = (i: number) => ({
      name: `Person ${i}`,
      inviterName: 'Ada',
      instanceName: 'the coalition',
      roleLabel: 'member',
      url: `http://docket.test/setup/${i}`,
      expiresAt: '2026-03-09',
    });
    const queued = app.repos.transaction(() =>
      Array.from({ length: MESSAGES }, (_, i) =>
        app.services.mailer.queue({
          kind: 'invitation',
          to: `p${i}@example.org`,
          template: 'invitation',
          data: data(i),
        }),
      ),
    );

    const baselineTransport = nodemailer.createTransport(`${smtpUrl}?pool=true`);
    let started = performance.now();
    // The same concurrency as the outbox: five messages in flight over the pool's five connections.
    const pending = [...queued];
    const sendNext = async () => {
      for (let m = pending.shift(); m; m = pending.shift()) {
        await baselineTransport.sendMail({
          messageId: m.messageId,
          from: m.fromAddress,
          to: m.toAddress,
          subject: m.subject,
          text: m.text,
          html: m.html,
        });
      }
    };
    await Promise.all(Array.from({ length: 5 }, sendNext));
    const baselineMs = performance.now() - started;
    baselineTransport.close();

    started = performance.now();
    const result = await app.jobs.outbox.deliverDue(MESSAGES);
    const outboxMs = performance.now() - started;
    if (result.sent !== MESSAGES) throw new Error(`outbox sent ${result.sent} of ${MESSAGES}`);

    return {
      messages: MESSAGES,
      outboxMs: Math.round(outboxMs),
      outboxMessagesPerSecond: Math.round((MESSAGES / outboxMs) * 1000),
      baselineMs: Math.round(baselineMs),
      baselineMessagesPerSecond: Math.round((MESSAGES / baselineMs) * 1000),
      ratio: Number((outboxMs / baselineMs).toFixed(2)),
      note: 'ratio = outbox delivery time ÷ plain nodemailer time for the same messages (lower is better)',
    };
  } finally {
    await app.close();
    await new Promise<void>((resolve) => sink.server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  }
}
