import { eq } from 'drizzle-orm';
import type { Db } from '../client.js';
import { letterApprovals } from '../schema.js';
import type { Stamp } from './timestamps.js';

export type LetterApprovalRow = typeof letterApprovals.$inferSelect;
export type NewLetterApproval = Omit<typeof letterApprovals.$inferInsert, 'id' | 'createdAt'>;

export function createLetterApprovalsRepository(db: Db, stamp: Stamp) {
  return {
    /** Replaces the frozen copies of a letter with these (one per company). */
    replace(letterId: number, rows: NewLetterApproval[]): void {
      db.delete(letterApprovals).where(eq(letterApprovals.letterId, letterId)).run();
      const createdAt = stamp();
      for (const row of rows)
        db.insert(letterApprovals)
          .values({ ...row, createdAt })
          .run();
    },
    clear(letterId: number): void {
      db.delete(letterApprovals).where(eq(letterApprovals.letterId, letterId)).run();
    },
    forLetter(letterId: number): LetterApprovalRow[] {
      return db.select().from(letterApprovals).where(eq(letterApprovals.letterId, letterId)).all();
    },
  };
}
