import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../client.js';
import { attachments, inboundMessages } from '../schema.js';
import type { Stamp } from './timestamps.js';

export type InboundMessageRow = typeof inboundMessages.$inferSelect;
export type NewInboundMessage = typeof inboundMessages.$inferInsert;
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
    /** The inbox: mail that no dispatch claimed, newest first. */
    listUnmatched(limit = 200): InboundMessageRow[] {
      return db
        .select()
        .from(inboundMessages)
        .where(isNull(inboundMessages.dispatchId))
        .orderBy(desc(inboundMessages.receivedAt), desc(inboundMessages.id))
        .limit(limit)
        .all();
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
