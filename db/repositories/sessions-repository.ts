import { eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { sessions } from '../schema.js';

export function createSessionsRepository(db: Db) {
  // Read on every signed-in request: prepared once.
  const byId = db
    .select()
    .from(sessions)
    .where(eq(sessions.id, sql.placeholder('id')))
    .prepare();
  return {
    get(id: string, nowMs: number): string | undefined {
      const row = byId.get({ id });
      if (!row) return undefined;
      if (row.expiresAt <= nowMs) {
        db.delete(sessions).where(eq(sessions.id, id)).run();
        return undefined;
      }
      return row.data;
    },
    set(id: string, data: string, userId: number | null, expiresAt: number): void {
      db.insert(sessions)
        .values({ id, data, userId, expiresAt })
        .onConflictDoUpdate({ target: sessions.id, set: { data, userId, expiresAt } })
        .run();
    },
    destroy(id: string): void {
      db.delete(sessions).where(eq(sessions.id, id)).run();
    },
    destroyForUser(userId: number): void {
      db.delete(sessions).where(eq(sessions.userId, userId)).run();
    },
    deleteExpired(nowMs: number): number {
      return db.delete(sessions).where(lt(sessions.expiresAt, nowMs)).run().changes;
    },
  };
}
