import { type SQL, sql } from 'drizzle-orm';
import { answers, dispatches, questions } from '../../db/schema.js';
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
   * letter still open: one whose latest answer (the highest id, read off the answers index) is
   * missing or does not close it.
   */
  anyOpen(): SQL {
    const closing = sql.raw(CLOSING_ANSWER_STATUSES.map((s) => `'${s}'`).join(', '));
    return sql`exists (select 1 from ${questions} where ${questions.letterId} = ${dispatches.letterId} and coalesce((select ${answers.status} from ${answers} where ${answers.dispatchId} = ${dispatches.id} and ${answers.questionId} = ${questions.id} order by ${answers.id} desc limit 1), '') not in (${closing}))`;
  },
};
