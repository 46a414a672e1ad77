import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { OutboxRow } from '../../db/repositories/index.js';

export interface MailTransport {
  send(message: OutboxRow): Promise<void>;
  close(): void;
  readonly description: string;
}

/** An error the transport returned, with the SMTP reply code when there was one. */
export interface SendFailure extends Error {
  responseCode?: number;
}

function crlf(value: string): string {
  return value.replace(/\r?\n/g, '\r\n');
}

function toNodemailer(message: OutboxRow) {
  return {
    messageId: message.messageId,
    from: message.fromAddress,
    to: message.toAddress,
    replyTo: message.replyTo ?? undefined,
    subject: message.subject,
    // 7bit parts keep their line ends as given: make every one CRLF, as RFC 5322 asks.
    text: crlf(message.text),
    html: crlf(message.html),
    headers: message.headers,
    ...(message.envelopeFrom && { envelope: { from: message.envelopeFrom, to: message.toAddress } }),
    date: new Date(message.createdAt),
  };
}

export function createSmtpTransport(smtpUrl: string): MailTransport {
  const transporter = nodemailer.createTransport(
    smtpUrl.includes('pool=') ? smtpUrl : `${smtpUrl}${smtpUrl.includes('?') ? '&' : '?'}pool=true`,
  );
  return {
    description: `SMTP ${new URL(smtpUrl).host}`,
    async send(message) {
      await transporter.sendMail(toNodemailer(message));
    },
    close: () => transporter.close(),
  };
}

/** The embedded default: each message is written as an .eml file, named after its outbox id. */
export function createFileTransport(mailDir: string): MailTransport {
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    description: `files in ${mailDir}`,
    async send(message) {
      const info = await transporter.sendMail(toNodemailer(message));
      // Messages can carry one-time links: the folder and files are the owner's only.
      mkdirSync(mailDir, { recursive: true, mode: 0o700 });
      const file = join(mailDir, `${String(message.id).padStart(6, '0')}-${message.kind}.eml`);
      writeFileSync(`${file}.tmp`, info.message as Buffer, { mode: 0o600 });
      renameSync(`${file}.tmp`, file);
    },
    close: () => transporter.close(),
  };
}

export function createMailTransport(config: { smtpUrl: string | undefined; mailDir: string }): MailTransport {
  return config.smtpUrl ? createSmtpTransport(config.smtpUrl) : createFileTransport(config.mailDir);
}
