import type { AddressInfo } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import { SMTPServer } from 'smtp-server';
import type { InboundMailService } from '../services/inbound-mail-service.js';

export const INBOUND_MAX_BYTES = 20 * 1024 * 1024;

function smtpError(message: string, responseCode: number) {
  return Object.assign(new Error(message), { responseCode });
}

/**
 * The in-process SMTP listener for replies: mail for `*@MAIL_DOMAIN` only, no AUTH, no STARTTLS
 * (it sits behind the MX or a forwarding rule), at most 20 MB a message.
 */
export async function startInboundSmtp({
  inbound,
  port,
  host,
  log,
}: {
  inbound: InboundMailService;
  port: number;
  host: string;
  log: FastifyBaseLogger;
}) {
  const server = new SMTPServer({
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
        if (stream.sizeExceeded) return callback(smtpError('Message too large', 552));
        const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
        inbound.receive(Buffer.concat(chunks), envelopeTo).then(
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
