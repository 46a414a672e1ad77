import { and, eq, gt, isNull } from 'drizzle-orm';
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
