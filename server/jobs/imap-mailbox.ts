import type { FastifyBaseLogger } from 'fastify';
import { ImapFlow } from 'imapflow';
import { type InboundMailService, MAX_MESSAGE_BYTES } from '../services/inbound-mail-service.js';

export interface ImapSettings {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  pass: string;
  /** The folder Docket reads (default INBOX). */
  mailbox: string;
  /** Where processed messages are moved (default `Docket`), so the mailbox keeps only what is new. */
  processedFolder: string;
}

/** `imaps://user:password@imap.example.org/INBOX?processed=Docket` (user and password URL-encoded). */
export function parseImapUrl(url: string): ImapSettings {
  const parsed = new URL(url);
  const secure = parsed.protocol === 'imaps:';
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : secure ? 993 : 143,
    secure,
    user: decodeURIComponent(parsed.username),
    pass: decodeURIComponent(parsed.password),
    mailbox: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'INBOX',
    processedFolder: parsed.searchParams.get('processed') || 'Docket',
  };
}

export interface PollResult {
  received: number;
  duplicates: number;
  tooLarge: number;
  failed: number;
}

/**
 * Reads every message in the mailbox, files it like mail to the SMTP listener (idempotently by
 * Message-ID), and moves it into the processed folder. A message that could not be stored stays
 * where it is and is tried again on the next poll.
 */
export async function pollMailbox({
  inbound,
  settings,
  log,
}: {
  inbound: InboundMailService;
  settings: ImapSettings;
  log: FastifyBaseLogger;
}): Promise<PollResult> {
  const client = new ImapFlow({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    auth: { user: settings.user, pass: settings.pass },
    logger: false,
  });
  const result: PollResult = { received: 0, duplicates: 0, tooLarge: 0, failed: 0 };
  await client.connect();
  try {
    const folders = await client.list();
    if (!folders.some((f) => f.path === settings.processedFolder)) {
      await client.mailboxCreate(settings.processedFolder);
    }
    const lock = await client.getMailboxLock(settings.mailbox);
    try {
      const uids = (await client.search({ all: true }, { uid: true })) || [];
      for (const uid of uids) {
        const meta = await client.fetchOne(String(uid), { size: true, envelope: true }, { uid: true });
        if (meta && (meta.size ?? 0) > MAX_MESSAGE_BYTES) {
          log.warn({ uid, size: meta.size }, 'mailbox message too large; moved without storing');
          result.tooLarge++;
          await client.messageMove(String(uid), settings.processedFolder, { uid: true });
          continue;
        }
        const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
        if (!message || !message.source) continue;
        try {
          const outcome = await inbound.receive(message.source);
          if (outcome.status === 'duplicate') result.duplicates++;
          else result.received++;
        } catch (error) {
          result.failed++;
          log.error({ err: error, uid }, 'mailbox message could not be stored; left in the mailbox');
          continue;
        }
        await client.messageMove(String(uid), settings.processedFolder, { uid: true });
      }
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
  return result;
}

/** Polls every `intervalMs` (never two polls at once) until stopped. */
export function startMailboxPolling({
  inbound,
  settings,
  log,
  intervalMs,
}: {
  inbound: InboundMailService;
  settings: ImapSettings;
  log: FastifyBaseLogger;
  intervalMs: number;
}) {
  let running: Promise<unknown> | undefined;
  const tick = () => {
    if (running) return;
    running = pollMailbox({ inbound, settings, log })
      .then((result) => {
        if (result.received || result.failed || result.tooLarge)
          log.info({ mailbox: result }, 'mailbox polled');
      })
      .catch((error: unknown) => log.error({ err: error }, 'mailbox poll failed'))
      .finally(() => {
        running = undefined;
      });
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
