import { and, lt, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { dispatches } from '../../db/schema.js';
import { openQuestionSql } from './open-questions.js';

type DispatchStatus = (typeof dispatches.$inferSelect)['status'];

/**
 * The statuses in which a company can be pre-checked: it has not declined, the letter did not
 * bounce and the case is not closed. A reply does not stop a follow-up (a company that answered
 * in part is asked the rest).
 */
export const FOLLOW_UP_STATUSES = [
  'sent',
  'acknowledged',
  'responded',
] as const satisfies readonly DispatchStatus[];

type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

function isFollowUpStatus(status: DispatchStatus): status is FollowUpStatus {
  return (FOLLOW_UP_STATUSES as readonly string[]).includes(status);
}

/** What the follow-up form needs to know about one company's copy of the letter. */
export interface FollowUpCandidateFacts {
  status: DispatchStatus;
  /** Calendar date (YYYY-MM-DD) the company must answer by. */
  dueAt: string;
  /** Questions of the letter this company has not answered (fully). */
  openQuestions: number;
  /** When the company declined (calendar date or instant), if it did. */
  declinedOn?: string | null;
  /** When the dispatch was closed (instant), if it was. */
  closedOn?: string | null;
}

export type FollowUpDefaultReason = 'due' | 'answered' | 'declined' | 'bounced' | 'closed' | 'not_due';

export interface FollowUpDefault {
  /** Pre-checked on the follow-up form. */
  checked: boolean;
  /** A follow-up can be drafted for this company at all (it has open questions). */
  selectable: boolean;
  reason: FollowUpDefaultReason;
  /** Why, in words: "2 open questions, due 1 May", "declined on 3 May", "not due until 12 June". */
  explanation: string;
}

const dayMonth = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' });
const dayMonthYear = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "3 May" in the current year, "3 May 2024" otherwise. */
export function shortDate(value: string, today: string): string {
  const day = value.slice(0, 10);
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return value;
  return (day.slice(0, 4) === today.slice(0, 4) ? dayMonth : dayMonthYear).format(date);
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Why a company in any other status is left unchecked, in words (a new status must say why here). */
const uncheckedByStatus: Record<
  Exclude<DispatchStatus, FollowUpStatus>,
  (facts: FollowUpCandidateFacts, today: string) => FollowUpDefault
> = {
  declined: (facts, today) => ({
    checked: false,
    selectable: true,
    reason: 'declined',
    explanation: facts.declinedOn ? `declined on ${shortDate(facts.declinedOn, today)}` : 'declined',
  }),
  bounced: () => ({
    checked: false,
    selectable: true,
    reason: 'bounced',
    explanation: 'the letter bounced: check the address first',
  }),
  closed: (facts, today) => ({
    checked: false,
    selectable: true,
    reason: 'closed',
    explanation: facts.closedOn ? `closed on ${shortDate(facts.closedOn, today)}` : 'closed',
  }),
};

/**
 * Who gets a follow-up by default: a company past its due date (`today` after `dueAt`, the same
 * day rule as "overdue"), with questions still open, that has not declined. Every other company
 * is left unchecked with the reason in words. A company with nothing open cannot be chosen.
 */
export function followUpDefault(facts: FollowUpCandidateFacts, today: string): FollowUpDefault {
  const open = plural(facts.openQuestions, 'open question', 'open questions');
  if (facts.openQuestions === 0) {
    return { checked: false, selectable: false, reason: 'answered', explanation: 'answered every question' };
  }
  if (!isFollowUpStatus(facts.status)) return uncheckedByStatus[facts.status](facts, today);
  if (today <= facts.dueAt) {
    return {
      checked: false,
      selectable: true,
      reason: 'not_due',
      explanation: `not due until ${shortDate(facts.dueAt, today)} (${open})`,
    };
  }
  return {
    checked: true,
    selectable: true,
    reason: 'due',
    explanation: `${open}, was due ${shortDate(facts.dueAt, today)}`,
  };
}

/** The columns the rule reads in SQL: a dispatch's, or a `dispatch_tallies` row's. */
export interface FollowUpColumns {
  status: SQLWrapper;
  dueAt: SQLWrapper;
  /** True when the company has a question of the letter still open. */
  anyOpen: SQL;
}

const dispatchColumns = (): FollowUpColumns => ({
  status: dispatches.status,
  dueAt: dispatches.dueAt,
  anyOpen: openQuestionSql.anyOpen(),
});

/** The SQL twin, for repositories: the same rule as `followUpDefault(…).checked`. */
export const followUpSql = {
  /**
   * The company's copy (a row of `dispatches`, not aliased, unless `on` names other columns) is
   * pre-checked on its letter's follow-up form. `today` is a date, or a placeholder bound to one.
   */
  checked(today: string | SQLWrapper, on: FollowUpColumns = dispatchColumns()): SQL {
    return and(
      sql`${on.status} in (${sql.raw(FOLLOW_UP_STATUSES.map((s) => `'${s}'`).join(', '))})`,
      lt(on.dueAt, today),
      on.anyOpen,
    )!;
  },
};
