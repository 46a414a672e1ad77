import { and, asc, count, desc, eq, inArray, isNotNull, lte } from 'drizzle-orm';
import type { OUTBOX_STATUSES } from '../../server/domain/vocabulary.js';
import type { Db } from '../client.js';
import { outbox } from '../schema.js';
import type { Stamp } from './timestamps.js';

export type OutboxRow = typeof outbox.$inferSelect;
export type NewOutboxMessage = typeof outbox.$inferInsert;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export function createOutboxRepository(db: Db, stamp: Stamp) {
  return {
    insert(message: NewOutboxMessage): OutboxRow {
      return db
        .insert(outbox)
        .values({ ...message, createdAt: stamp() })
        .returning()
        .get();
    },
    findByEnvelopeFrom(address: string): OutboxRow | undefined {
      return db.select().from(outbox).where(eq(outbox.envelopeFrom, address)).get();
    },
    /** The first of these Message-IDs that we sent and that belongs to a dispatch. */
    findDispatchMessage(messageIds: string[]): OutboxRow | undefined {
      if (!messageIds.length) return undefined;
      return db
        .select()
        .from(outbox)
        .where(and(inArray(outbox.messageId, messageIds), isNotNull(outbox.dispatchId)))
        .limit(1)
        .get();
    },
    /** The addresses a dispatch's letter was emailed to. */
    recipientsOfDispatch(dispatchId: number): string[] {
      return db
        .selectDistinct({ to: outbox.toAddress })
        .from(outbox)
        .where(and(eq(outbox.dispatchId, dispatchId), eq(outbox.kind, 'letter')))
        .all()
        .map((r) => r.to);
    },
    listForDispatches(dispatchIds: number[]): OutboxRow[] {
      if (dispatchIds.length === 0) return [];
      return db
        .select()
        .from(outbox)
        .where(inArray(outbox.dispatchId, dispatchIds))
        .orderBy(asc(outbox.id))
        .all();
    },

    /** Removes the still-queued messages of these dispatches; returns how many. */
    deleteQueuedForDispatches(dispatchIds: number[]): number {
      if (dispatchIds.length === 0) return 0;
      return db
        .delete(outbox)
        .where(and(inArray(outbox.dispatchId, dispatchIds), eq(outbox.status, 'queued')))
        .run().changes;
    },

    findById(id: number): OutboxRow | undefined {
      return db.select().from(outbox).where(eq(outbox.id, id)).get();
    },
    list(status?: OutboxStatus, limit = 200): OutboxRow[] {
      return db
        .select()
        .from(outbox)
        .where(status ? eq(outbox.status, status) : undefined)
        .orderBy(desc(outbox.id))
        .limit(limit)
        .all();
    },
    listDue(nowIso: string, limit = 50): OutboxRow[] {
      return db
        .select()
        .from(outbox)
        .where(and(inArray(outbox.status, ['queued', 'sending']), lte(outbox.sendAfter, nowIso)))
        .orderBy(asc(outbox.id))
        .limit(limit)
        .all();
    },
    /**
     * Takes one due message for sending until `leaseUntilIso`: a queued one, or one left `sending` by a
     * worker that died (its lease, kept in send_after, ran out). False when another worker holds it.
     */
    claim(id: number, nowIso: string, leaseUntilIso: string): boolean {
      return (
        db
          .update(outbox)
          .set({ status: 'sending', sendAfter: leaseUntilIso })
          .where(
            and(
              eq(outbox.id, id),
              inArray(outbox.status, ['queued', 'sending']),
              lte(outbox.sendAfter, nowIso),
            ),
          )
          .run().changes === 1
      );
    },
    /** A failed message back in the queue with its attempts reset; the stored Message-ID is kept. */
    requeue(id: number, nowIso: string): OutboxRow | undefined {
      return db
        .update(outbox)
        .set({ status: 'queued', attempts: 0, lastError: null, sendAfter: nowIso, sentAt: null })
        .where(and(eq(outbox.id, id), eq(outbox.status, 'failed')))
        .returning()
        .get();
    },
    countByStatus(): Record<string, number> {
      const rows = db.select({ status: outbox.status, n: count() }).from(outbox).groupBy(outbox.status).all();
      return Object.fromEntries(rows.map((r) => [r.status, r.n]));
    },
    update(id: number, values: Partial<NewOutboxMessage>): void {
      db.update(outbox).set(values).where(eq(outbox.id, id)).run();
    },
  };
}
