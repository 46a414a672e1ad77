import { and, lt, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { dispatches } from '../../db/schema.js';

type DispatchStatus = (typeof dispatches.$inferSelect)['status'];

/** A dispatch is open (waiting for an answer) while sent or acknowledged by a holding reply. */
export const OPEN_DISPATCH_STATUSES = ['sent', 'acknowledged'] as const satisfies readonly DispatchStatus[];

export function isOpenDispatch(status: DispatchStatus): boolean {
  return (OPEN_DISPATCH_STATUSES as readonly string[]).includes(status);
}

export interface DispatchClock {
  status: DispatchStatus;
  dueAt: string;
  escalateAt: string;
}

/**
 * Lateness is computed from today, never stored (SPEC §2): an open dispatch is overdue the day
 * after its due date, and very overdue the day after its escalation date.
 */
export function lateness(dispatch: DispatchClock, today: string) {
  const open = isOpenDispatch(dispatch.status);
  return {
    overdue: open && today > dispatch.dueAt,
    veryOverdue: open && today > dispatch.escalateAt,
  };
}

/**
 * The columns the lateness rules read: the dispatches table's, or the same columns of
 * `dispatch_tallies`, which counts dispatches by them (a count of overdue dispatches reads it).
 */
export interface LatenessColumns {
  status: SQLWrapper;
  dueAt: SQLWrapper;
  escalateAt: SQLWrapper;
}

/** The same rules as SQL conditions on the dispatches table (or on `on`, columns of the same meaning). */
export const dispatchSql = {
  /** Written out literally (not as bound parameters) so SQLite can use the partial indexes of open dispatches. */
  open(on: LatenessColumns = dispatches): SQL {
    return sql`${on.status} in (${sql.raw(OPEN_DISPATCH_STATUSES.map((s) => `'${s}'`).join(', '))})`;
  },
  /** `today` is a date, or a placeholder bound to one in a prepared statement. */
  overdue(today: string | SQLWrapper, on: LatenessColumns = dispatches): SQL {
    return and(dispatchSql.open(on), lt(on.dueAt, today))!;
  },
  veryOverdue(today: string | SQLWrapper, on: LatenessColumns = dispatches): SQL {
    return and(dispatchSql.open(on), lt(on.escalateAt, today))!;
  },
};
