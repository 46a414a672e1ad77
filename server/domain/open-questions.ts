import { type SQL, sql } from 'drizzle-orm';
import { dispatches } from '../../db/schema.js';
import type { ANSWER_STATUSES } from './vocabulary.js';

export type AnswerStatus = (typeof ANSWER_STATUSES)[number];

/** The assessments that settle a question for a company; any other leaves it open. */
export const CLOSING_ANSWER_STATUSES = [
  'answered',
  'commitment',
  'not_applicable',
] as const satisfies readonly AnswerStatus[];

/** A question stays open for a company unless its latest answer closes it (SPEC §2). */
export function isOpen(latest: AnswerStatus | undefined): boolean {
  return latest === undefined || !(CLOSING_ANSWER_STATUSES as readonly string[]).includes(latest);
}

/** The SQL twin, for repositories. */
export const openQuestionSql = {
  /**
   * The dispatch of the outer query (the `dispatches` table, not aliased) has a question of its
   * letter still open. `dispatches.open_questions` is that count, kept by triggers (migration 0011)
   * that apply `isOpen` to the latest answer of each question, with CLOSING_ANSWER_STATUSES.
   */
  anyOpen(): SQL {
    return sql`${dispatches.openQuestions} > 0`;
  },
};
