import type { OutboxRow, OutboxStatus, Repositories } from '../../db/repositories/index.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { Clock } from '../lib/clock.js';
import type { Actor } from './actor.js';
import { recordEvent } from './events.js';

/** What coordinators see of the outbox, and the one thing they can do there: send a failed message again. */
export function createOutboxService({ repos, clock }: { repos: Repositories; clock: Clock }) {
  return {
    list(status?: OutboxStatus, limit = 200): OutboxRow[] {
      return repos.outbox.list(status, limit);
    },
    counts(): Record<string, number> {
      return repos.outbox.countByStatus();
    },
    get(id: number): OutboxRow {
      const message = repos.outbox.findById(id);
      if (!message) throw new NotFoundError('outbox message', id);
      return message;
    },
    /** Back to the queue with attempts reset; the Message-ID stays, so a receiver can tell it is the same mail. */
    resend(id: number, actor: Actor): OutboxRow {
      const message = this.get(id);
      if (message.status !== 'failed') {
        throw new ConflictError(
          `only a failed message can be sent again (this one is ${message.status})`,
          'status',
        );
      }
      return repos.transaction(() => {
        const requeued = repos.outbox.requeue(id, clock.now().toISOString());
        if (!requeued) throw new ConflictError('the message is no longer failed', 'status');
        recordEvent(
          repos,
          actor,
          'outbox.resend',
          { dispatchId: message.dispatchId },
          { outboxId: id, messageId: message.messageId, to: message.toAddress },
        );
        return requeued;
      });
    },
  };
}

export type OutboxService = ReturnType<typeof createOutboxService>;

/** An outgoing email with its headers, text and HTML (GET /api/outbox/:id). */
export function serializeOutboxMessageInFull(message: OutboxRow) {
  return {
    ...serializeOutboxMessage(message),
    headers: message.headers,
    text: message.text,
    html: message.html,
  };
}

export function serializeOutboxMessage(message: OutboxRow) {
  return {
    id: message.id,
    messageId: message.messageId,
    kind: message.kind,
    to: message.toAddress,
    from: message.fromAddress,
    replyTo: message.replyTo,
    subject: message.subject,
    status: message.status,
    attempts: message.attempts,
    lastError: message.lastError,
    sendAfter: message.sendAfter,
    sentAt: message.sentAt,
    createdAt: message.createdAt,
    dispatchId: message.dispatchId,
    userId: message.userId,
  };
}
