import { and, asc, desc, eq, lte } from 'drizzle-orm';
import type { Db } from '../client.js';
import { OUTBOX_STATUSES, outbox } from '../schema.js';

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
        .where(and(eq(outbox.status, 'queued'), lte(outbox.sendAfter, nowIso)))
        .orderBy(asc(outbox.id))
        .limit(limit)
        .all();
    },
    /** Moves one message from queued to sending; false when another worker took it first. */
    claim(id: number): boolean {
      return (
        db
          .update(outbox)
          .set({ status: 'sending' })
          .where(and(eq(outbox.id, id), eq(outbox.status, 'queued')))
          .run().changes === 1
      );
    },
    update(id: number, values: Partial<NewOutboxMessage>): void {
      db.update(outbox).set(values).where(eq(outbox.id, id)).run();
    },
  };
}
