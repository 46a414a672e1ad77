import { and, asc, eq, gt, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../client.js';
import { invitations } from '../schema.js';
import type { Stamp } from './timestamps.js';

export type InvitationRow = typeof invitations.$inferSelect;

export function createInvitationsRepository(db: Db, stamp: Stamp) {
  return {
    insert(values: typeof invitations.$inferInsert): InvitationRow {
      return db
        .insert(invitations)
        .values({ ...values, createdAt: stamp() })
        .returning()
        .get();
    },
    findUsable(tokenHash: string, nowIso: string): InvitationRow | undefined {
      return db
        .select()
        .from(invitations)
        .where(
          and(
            eq(invitations.tokenHash, tokenHash),
            isNull(invitations.usedAt),
            gt(invitations.expiresAt, nowIso),
          ),
        )
        .get();
    },
    findById(id: number): InvitationRow | undefined {
      return db.select().from(invitations).where(eq(invitations.id, id)).get();
    },
    /** Invitations sent to a person (not first-admin links) that nobody has used yet, expired ones too. */
    listUnused(): InvitationRow[] {
      return db
        .select()
        .from(invitations)
        .where(and(isNull(invitations.usedAt), isNotNull(invitations.email)))
        .orderBy(asc(invitations.expiresAt), asc(invitations.id))
        .all();
    },
    /** A new link for an unused invitation: the old token's hash is replaced, so the old link stops working. */
    replaceToken(id: number, tokenHash: string, expiresAt: string): InvitationRow | undefined {
      return db
        .update(invitations)
        .set({ tokenHash, expiresAt })
        .where(and(eq(invitations.id, id), isNull(invitations.usedAt)))
        .returning()
        .get();
    },
    deleteUnused(id: number): boolean {
      return (
        db
          .delete(invitations)
          .where(and(eq(invitations.id, id), isNull(invitations.usedAt)))
          .run().changes === 1
      );
    },
    markUsed(id: number, userId: number, nowIso: string): boolean {
      const result = db
        .update(invitations)
        .set({ usedAt: nowIso, userId })
        .where(and(eq(invitations.id, id), isNull(invitations.usedAt)))
        .run();
      return result.changes === 1;
    },
  };
}
