/**
 * Receives 1,000 messages through Docket's inbound SMTP listener (replies to reply addresses,
 * delivery reports to bounce addresses, auto-replies and unmatched mail, all stored), against a
 * baseline of the same 1,000 messages into a bare SMTP server that only reads them. Same client,
 * same five connections.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { startInboundSmtp } from '../server/jobs/inbound-mail.js';
import { fixedClock } from '../server/lib/clock.js';

const MESSAGES = 1_000;
const DISPATCHES = 100;

async function startSink() {
  const server = new SMTPServer({
    disabledCommands: ['AUTH', 'STARTTLS'],
    authOptional: true,
    logger: false,
    closeTimeout: 100,
    disableReverseLookup: true,
    onData(stream, _session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => callback());
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  server.server.on('connection', (socket: Socket) => socket.setNoDelay(true));
  return { server, port: (server.server.address() as AddressInfo).port };
}

function messages(dispatches: { replyToken: string; bounceToken: string | null }[]) {
  return Array.from({ length: MESSAGES }, (_, i) => {
    const d = dispatches[i % dispatches.length]!;
    const id = `<bench-${i}@company${i % 50}.example>`;
    switch (i % 4) {
      case 0:
        return {
          envelope: { from: `ir${i}@company.example`, to: [`reply+${d.replyToken}@docket.test`] },
          raw: `From: IR <ir${i}@company.example>\r\nTo: reply+${d.replyToken}@docket.test\r\nSubject: Re: our letter ${i}\r\nMessage-ID: ${id}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${'We answer your questions in turn. '.repeat(40)}\r\n`,
        };
      case 1:
        return {
          envelope: { from: '', to: [`bounce+${d.bounceToken}@docket.test`] },
          raw: `From: MAILER-DAEMON@mx.company.example\r\nTo: bounce+${d.bounceToken}@docket.test\r\nSubject: Undelivered Mail Returned to Sender\r\nMessage-ID: ${id}\r\nMIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=B\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.company.example\r\n\r\nFinal-Recipient: rfc822; ir@bench-co.example\r\nAction: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\r\n--B--\r\n`,
        };
      case 2:
        return {
          envelope: { from: '', to: [`reply+${d.replyToken}@docket.test`] },
          raw: `From: ir${i}@company.example\r\nTo: reply+${d.replyToken}@docket.test\r\nSubject: Automatic reply: our letter\r\nAuto-Submitted: auto-replied\r\nMessage-ID: ${id}\r\n\r\nI am out of the office.\r\n`,
        };
      default:
        return {
          envelope: { from: `stranger${i}@elsewhere.example`, to: [`info@docket.test`] },
          raw: `From: stranger${i}@elsewhere.example\r\nTo: info@docket.test\r\nSubject: Hello ${i}\r\nMessage-ID: ${id}\r\n\r\nA message for nobody in particular.\r\n`,
        };
    }
  });
}

async function sendAll(port: number, mail: ReturnType<typeof messages>) {
  const client = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    pool: true,
    maxConnections: 5,
    maxMessages: Infinity,
  });
  const pending = [...mail];
  const sendNext = async () => {
    for (let m = pending.shift(); m; m = pending.shift()) await client.sendMail(m);
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: 5 }, sendNext));
  const ms = performance.now() - started;
  client.close();
  return ms;
}

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'docket-bench-inbound-'));
  const config = loadConfig({
    DATABASE_PATH: join(dir, 'bench.db'),
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret!',
    LOG_LEVEL: 'silent',
    MAIL_DOMAIN: 'docket.test',
  });
  const app = await buildApp(config, { logger: false, clock: fixedClock('2026-03-02T09:00:00Z') });
  const sink = await startSink();
  const listener = await startInboundSmtp({
    inbound: app.services.inbound,
    port: 0,
    host: '127.0.0.1',
    log: app.log,
    perSenderPerMinute: 10_000,
  });
  try {
    const actor = { userId: null, label: 'bench' };
    const company = app.services.companies.create(
      { name: 'Bench Co', country: 'GB', contacts: [{ function: 'ir', email: 'ir@bench-co.example' }] },
      actor,
    );
    const campaign = app.services.campaigns.create({ name: 'Bench' }, actor);
    const dispatches = Array.from({ length: DISPATCHES }, (_, i) => {
      const letter = app.services.letters.create(
        campaign.id,
        { title: `Letter ${i}`, body: 'Dear {{company.name}}', questions: ['Q?'], companyIds: [company.id] },
        actor,
      );
      app.services.letters.approve(letter.id, actor);
      return app.services.sending.send(letter.id, {}, actor).dispatches[0]!;
    });
    const mail = messages(dispatches);

    const baselineMs = await sendAll(sink.port, mail);
    const inboundMs = await sendAll(listener.port, mail);
    const responses = dispatches.reduce((n, d) => n + app.repos.dispatches.responses(d.id).length, 0);
    const expected = MESSAGES - MESSAGES / 4;
    if (responses !== expected) throw new Error(`stored ${responses} responses, expected ${expected}`);

    return {
      messages: MESSAGES,
      inboundMs: Math.round(inboundMs),
      inboundMessagesPerSecond: Math.round((MESSAGES / inboundMs) * 1000),
      baselineMs: Math.round(baselineMs),
      baselineMessagesPerSecond: Math.round((MESSAGES / baselineMs) * 1000),
      ratio: Number((inboundMs / baselineMs).toFixed(2)),
      note: 'ratio = Docket listener (parse, classify, match, store) ÷ a bare SMTP server that only reads; lower is better',
    };
  } finally {
    await listener.close();
    await new Promise<void>((resolve) => sink.server.close(() => resolve()));
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
