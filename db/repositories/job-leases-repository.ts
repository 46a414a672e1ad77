import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { jobLeases } from '../schema.js';

export function createJobLeasesRepository(db: Db) {
  return {
    /**
     * Takes or renews the lease in one statement: inserted when absent, taken over when expired,
     * extended when `holder` already has it. True when `holder` holds it until `untilIso`.
     */
    acquire(name: string, holder: string, nowIso: string, untilIso: string): boolean {
      return (
        db
          .insert(jobLeases)
          .values({ name, holder, expiresAt: untilIso })
          .onConflictDoUpdate({
            target: jobLeases.name,
            set: { holder, expiresAt: untilIso },
            setWhere: sql`${jobLeases.expiresAt} <= ${nowIso} OR ${jobLeases.holder} = ${holder}`,
          })
          .run().changes === 1
      );
    },
    release(name: string, holder: string): void {
      db.delete(jobLeases)
        .where(and(eq(jobLeases.name, name), eq(jobLeases.holder, holder)))
        .run();
    },
    find(name: string) {
      return db.select().from(jobLeases).where(eq(jobLeases.name, name)).get();
    },
  };
}
