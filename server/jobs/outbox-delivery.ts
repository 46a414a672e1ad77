import Handlebars from 'handlebars';
import type { OutboxRow, Repositories } from '../../db/repositories/index.js';
import type { Clock } from '../lib/clock.js';
import type { MailTransport, SendFailure } from '../lib/mail-transport.js';

export const MAX_ATTEMPTS = 8;
const BASE_DELAY_MS = 60_000;
/** Longer than any SMTP conversation (nodemailer's socket timeout is 10 minutes). */
export const SEND_LEASE_MS = 15 * 60_000;
/** nodemailer's pooled transport keeps five connections open by default. */
const PARALLEL_SENDS = 5;

export interface DeliveryResult {
  sent: number;
  retried: number;
  failed: number;
}

/**
 * Sends queued messages whose time has come. A message is claimed (queued → sending, with a lease)
 * before the SMTP conversation, so two workers never send it twice; a message whose worker crashed
 * mid-send is taken up again when the lease runs out, with the same stored Message-ID.
 */
const REDACTED = '[one-time link removed after delivery]';

/** The stored copy of a delivered message without its one-time values, so a backup holds no working link. */
function redactedSecrets(message: OutboxRow) {
  if (!message.secrets?.length) return {};
  const redact = (value: string) =>
    message.secrets!.reduce(
      (result, secret) =>
        result.split(secret).join(REDACTED).split(Handlebars.escapeExpression(secret)).join(REDACTED),
      value,
    );
  return {
    subject: redact(message.subject),
    text: redact(message.text),
    html: redact(message.html),
    secrets: null,
  };
}

export function createOutboxDelivery({
  repos,
  transport,
  clock,
}: {
  repos: Repositories;
  transport: MailTransport;
  clock: Clock;
}) {
  async function deliverOne(message: OutboxRow, now: () => Date, result: DeliveryResult): Promise<void> {
    const claimedAt = now();
    if (
      !repos.outbox.claim(
        message.id,
        claimedAt.toISOString(),
        new Date(claimedAt.getTime() + SEND_LEASE_MS).toISOString(),
      )
    ) {
      return;
    }
    const attempts = message.attempts + 1;
    try {
      await transport.send(message);
      repos.outbox.update(message.id, {
        status: 'sent',
        attempts,
        sentAt: now().toISOString(),
        lastError: null,
        ...redactedSecrets(message),
      });
      result.sent++;
    } catch (error) {
      const failure = error as SendFailure;
      const permanent = (failure.responseCode ?? 0) >= 500 || attempts >= MAX_ATTEMPTS;
      const retryAt = new Date(now().getTime() + BASE_DELAY_MS * 2 ** (attempts - 1));
      repos.outbox.update(message.id, {
        status: permanent ? 'failed' : 'queued',
        attempts,
        lastError: failure.message.slice(0, 1000),
        ...(permanent ? {} : { sendAfter: retryAt.toISOString() }),
      });
      if (permanent) result.failed++;
      else result.retried++;
    }
  }

  return {
    /**
     * Sends due messages, a few at once (the pooled SMTP transport keeps that many connections).
     * `at` runs the delivery as if it were that time (`docket jobs run --now`).
     */
    async deliverDue(limit = 100, at?: Date): Promise<DeliveryResult> {
      const now = () => at ?? clock.now();
      const result: DeliveryResult = { sent: 0, retried: 0, failed: 0 };
      const due = repos.outbox.listDue(now().toISOString(), limit);
      const worker = async () => {
        for (let message = due.shift(); message; message = due.shift())
          await deliverOne(message, now, result);
      };
      await Promise.all(Array.from({ length: Math.min(PARALLEL_SENDS, due.length) }, worker));
      return result;
    },
  };
}

export type OutboxDelivery = ReturnType<typeof createOutboxDelivery>;
