import type { AddressInfo, Socket } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import { SMTPServer } from 'smtp-server';
import { type InboundMailService, MAX_MESSAGE_BYTES } from '../services/inbound-mail-service.js';

export const INBOUND_MAX_BYTES = MAX_MESSAGE_BYTES;
/** At most this many messages a minute from one envelope sender (or one client address for `<>`). */
export const PER_SENDER_PER_MINUTE = 60;
export const MAX_CONNECTIONS = 50;

/** A sliding one-minute count per key; forgets keys that fell silent. */
export function createRateLimiter(limit: number, now: () => number) {
  const seen = new Map<string, number[]>();
  return (key: string): boolean => {
    const t = now();
    const recent = (seen.get(key) ?? []).filter((at) => t - at < 60_000);
    if (seen.size > 10_000) seen.clear();
    if (recent.length >= limit) {
      seen.set(key, recent);
      return false;
    }
    recent.push(t);
    seen.set(key, recent);
    return true;
  };
}

function smtpError(message: string, responseCode: number) {
  return Object.assign(new Error(message), { responseCode });
}

/**
 * The in-process SMTP listener for replies and delivery reports: mail for `*@MAIL_DOMAIN` only,
 * no AUTH, no STARTTLS (it sits behind the MX or a forwarding rule), at most 25 MB a message,
 * 60 messages a minute per sender (600 per client for the null sender) and 50 connections at once.
 */
export async function startInboundSmtp({
  inbound,
  port,
  host,
  log,
  perSenderPerMinute = PER_SENDER_PER_MINUTE,
  maxConnections = MAX_CONNECTIONS,
}: {
  inbound: InboundMailService;
  port: number;
  host: string;
  log: FastifyBaseLogger;
  perSenderPerMinute?: number;
  maxConnections?: number;
}) {
  // Rate limits are about wall time between connections, not about what the app records.
  const allow = createRateLimiter(perSenderPerMinute, () => performance.now());
  const allowNullSender = createRateLimiter(perSenderPerMinute * 10, () => performance.now());
  const server = new SMTPServer({
    maxClients: maxConnections,
    // A reverse DNS lookup per connection costs more than storing the message; nothing here uses it.
    disableReverseLookup: true,
    onMailFrom(address, session, callback) {
      // Delivery reports have no sender (`<>`): count them per client, with room for a relay's volume.
      const allowed = address.address
        ? allow(address.address.toLowerCase())
        : allowNullSender(session.remoteAddress ?? '');
      if (!allowed) {
        return callback(smtpError('Too many messages from this sender, try again later', 451));
      }
      callback();
    },
    disabledCommands: ['AUTH', 'STARTTLS'],
    authOptional: true,
    hideSTARTTLS: true,
    logger: false,
    banner: 'Docket inbound mail',
    size: INBOUND_MAX_BYTES,
    closeTimeout: 1000,
    onRcptTo(address, _session, callback) {
      if (!inbound.acceptsRecipient(address.address)) {
        return callback(smtpError(`No such mailbox here: ${address.address}`, 550));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error) => callback(error));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          return callback(smtpError(`Message too large: at most ${INBOUND_MAX_BYTES / 1024 / 1024} MB`, 552));
        }
        const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
        const mailFrom = session.envelope.mailFrom;
        const envelopeFrom = mailFrom === false ? undefined : mailFrom.address;
        inbound.receive(Buffer.concat(chunks), { envelopeTo, envelopeFrom }).then(
          (outcome) => {
            log.info({ inbound: outcome }, 'inbound mail received');
            callback();
          },
          (error: unknown) => {
            log.error({ err: error }, 'inbound mail could not be stored');
            // A temporary failure: the sending server keeps the message and tries again.
            callback(smtpError('Could not store the message, try again later', 451));
          },
        );
      });
    },
  });
  server.on('error', (error) => log.error({ err: error }, 'inbound SMTP error'));
  // Without this, delayed ACKs stall each SMTP reply by ~40 ms on a pipelined connection.
  server.server.on('connection', (socket: Socket) => socket.setNoDelay(true));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type InboundSmtp = Awaited<ReturnType<typeof startInboundSmtp>>;
