import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { INBOUND_CATEGORIES } from '../../server/domain/vocabulary.js';
import type { Db } from '../client.js';
import { attachments, inboundMessages } from '../schema.js';
import type { Stamp } from './timestamps.js';

export type InboundMessageRow = typeof inboundMessages.$inferSelect;
export type NewInboundMessage = typeof inboundMessages.$inferInsert;
export type InboundCategory = (typeof INBOUND_CATEGORIES)[number];
export type AttachmentRow = typeof attachments.$inferSelect;
export type AttachmentSummary = Omit<AttachmentRow, 'content'>;

const summaryColumns = {
  id: attachments.id,
  responseId: attachments.responseId,
  inboundMessageId: attachments.inboundMessageId,
  filename: attachments.filename,
  contentType: attachments.contentType,
  size: attachments.size,
  createdAt: attachments.createdAt,
};

export function createInboundRepository(db: Db, stamp: Stamp) {
  return {
    insert(values: NewInboundMessage): InboundMessageRow {
      return db
        .insert(inboundMessages)
        .values({ ...values, createdAt: stamp() })
        .returning()
        .get();
    },
    findById(id: number): InboundMessageRow | undefined {
      return db.select().from(inboundMessages).where(eq(inboundMessages.id, id)).get();
    },
    findByMessageId(messageId: string): InboundMessageRow | undefined {
      return db.select().from(inboundMessages).where(eq(inboundMessages.messageId, messageId)).get();
    },
    update(id: number, values: Partial<NewInboundMessage>): InboundMessageRow | undefined {
      return db.update(inboundMessages).set(values).where(eq(inboundMessages.id, id)).returning().get();
    },
    /** The inbox: replies that no dispatch claimed, newest first. */
    listUnmatched(limit = 200): InboundMessageRow[] {
      return db
        .select()
        .from(inboundMessages)
        .where(and(isNull(inboundMessages.dispatchId), eq(inboundMessages.category, 'reply')))
        .orderBy(desc(inboundMessages.receivedAt), desc(inboundMessages.id))
        .limit(limit)
        .all();
    },
    listByCategory(category: InboundCategory, limit = 100): InboundMessageRow[] {
      return db
        .select()
        .from(inboundMessages)
        .where(eq(inboundMessages.category, category))
        .orderBy(desc(inboundMessages.id))
        .limit(limit)
        .all();
    },
    /** Bytes held by mail no dispatch claimed (the unmatched-mail quota counts these). */
    unmatchedBytes(): number {
      return (
        db
          .select({ total: sql<number>`coalesce(sum(${inboundMessages.sizeBytes}), 0)` })
          .from(inboundMessages)
          .where(isNull(inboundMessages.dispatchId))
          .get()?.total ?? 0
      );
    },
    oldestUnmatched(limit = 50): InboundMessageRow[] {
      return db
        .select()
        .from(inboundMessages)
        .where(isNull(inboundMessages.dispatchId))
        .orderBy(asc(inboundMessages.id))
        .limit(limit)
        .all();
    },
    /** Removes a message and its attachments (responses made from it keep their own copy). */
    delete(id: number): void {
      db.delete(inboundMessages).where(eq(inboundMessages.id, id)).run();
    },
    insertAttachment(values: typeof attachments.$inferInsert): AttachmentSummary {
      return db
        .insert(attachments)
        .values({ ...values, createdAt: stamp() })
        .returning(summaryColumns)
        .get();
    },
    attachmentsOfMessage(inboundMessageId: number): AttachmentSummary[] {
      return db
        .select(summaryColumns)
        .from(attachments)
        .where(eq(attachments.inboundMessageId, inboundMessageId))
        .all();
    },
    findAttachment(id: number): AttachmentRow | undefined {
      return db.select().from(attachments).where(eq(attachments.id, id)).get();
    },
    attachmentsOfResponse(responseId: number): AttachmentSummary[] {
      return db.select(summaryColumns).from(attachments).where(eq(attachments.responseId, responseId)).all();
    },
    /** Links a message's attachments (not yet on any response) to the response made from it. */
    linkAttachments(inboundMessageId: number, responseId: number): void {
      db.update(attachments)
        .set({ responseId })
        .where(and(eq(attachments.inboundMessageId, inboundMessageId), isNull(attachments.responseId)))
        .run();
    },
  };
}
