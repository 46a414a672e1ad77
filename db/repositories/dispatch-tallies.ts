import { type SQL, sql } from 'drizzle-orm';
import type { FollowUpColumns } from '../../server/domain/follow-up-defaults.js';
import { dispatchTallies } from '../schema.js';

/**
 * Counts of dispatches read from `dispatch_tallies` (kept by triggers, migration 0011) instead of
 * from every dispatch: a few rows per letter and due date, however many companies it went to.
 * The domain's SQL rules apply to its columns as they do to the dispatches table's.
 */
export const tallied = {
  /** How many dispatches the matching tally rows stand for. */
  count: sql<number>`coalesce(sum(${dispatchTallies.n}), 0)`.mapWith(Number),
  /** The columns `followUpSql.checked` reads, on a tally row. */
  followUpColumns(): FollowUpColumns {
    return {
      status: dispatchTallies.status,
      dueAt: dispatchTallies.dueAt,
      anyOpen: sql`${dispatchTallies.hasOpenQuestions} = 1` as SQL,
    };
  },
};
