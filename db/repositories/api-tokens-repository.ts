import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { apiTokens } from '../schema.js';
import { preparedOnce } from './prepared.js';
import type { Stamp } from './timestamps.js';

export type ApiTokenRow = typeof apiTokens.$inferSelect;

export function createApiTokensRepository(db: Db, stamp: Stamp) {
  // Read on every API call with a token: prepared once.
  const activeByHash = preparedOnce(() =>
    db
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.tokenHash, sql.placeholder('tokenHash')), isNull(apiTokens.revokedAt)))
      .prepare(),
  );
  return {
    insert(values: typeof apiTokens.$inferInsert): ApiTokenRow {
      return db
        .insert(apiTokens)
        .values({ ...values, createdAt: stamp() })
        .returning()
        .get();
    },
    findActiveByHash(tokenHash: string): ApiTokenRow | undefined {
      return activeByHash().get({ tokenHash });
    },
    touch(id: number, nowIso: string): void {
      db.update(apiTokens).set({ lastUsedAt: nowIso }).where(eq(apiTokens.id, id)).run();
    },
    listForUser(userId: number): ApiTokenRow[] {
      return db
        .select()
        .from(apiTokens)
        .where(eq(apiTokens.userId, userId))
        .orderBy(desc(apiTokens.id))
        .all();
    },
    findById(id: number): ApiTokenRow | undefined {
      return db.select().from(apiTokens).where(eq(apiTokens.id, id)).get();
    },
    /** Revokes every live token of a user; returns how many. */
    revokeAllForUser(userId: number, nowIso: string): number {
      return db
        .update(apiTokens)
        .set({ revokedAt: nowIso })
        .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
        .run().changes;
    },
    revoke(id: number, userId: number, nowIso: string): boolean {
      return (
        db
          .update(apiTokens)
          .set({ revokedAt: nowIso })
          .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
          .run().changes === 1
      );
    },
  };
}
