import { and, asc, desc, eq, inArray, lte } from 'drizzle-orm';
import type { Db } from '../client.js';
import { type OUTBOX_STATUSES, outbox } from '../schema.js';

export type OutboxRow = typeof outbox.$inferSelect;
export type NewOutboxMessage = typeof outbox.$inferInsert;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export function createOutboxRepository(db: Db) {
  return {
    insert(message: NewOutboxMessage): OutboxRow {
      return db.insert(outbox).values(message).returning().get();
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
    update(id: number, values: Partial<NewOutboxMessage>): void {
      db.update(outbox).set(values).where(eq(outbox.id, id)).run();
    },
  };
}
