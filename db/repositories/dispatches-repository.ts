import { and, asc, count, desc, eq, gt, gte, inArray, isNull, lt, sql } from 'drizzle-orm';
import { type Viewer, visibleCampaignCondition } from '../../server/domain/campaign-visibility.js';
import { dispatchSql } from '../../server/domain/dispatch-lateness.js';
import { followUpSql } from '../../server/domain/follow-up-defaults.js';
import type { DISPATCH_STATUSES } from '../../server/domain/vocabulary.js';
import type { Db } from '../client.js';
import { answers, companies, dispatches, dispatchTallies, letters, responses } from '../schema.js';
import { boardColumns, createBoardQueries } from './board-queries.js';
import { tallied } from './dispatch-tallies.js';
import { preparedOnce } from './prepared.js';
import { newRowStamps, type Stamp } from './timestamps.js';

export type DispatchRow = typeof dispatches.$inferSelect;
export type NewDispatch = typeof dispatches.$inferInsert;
export type ResponseRow = typeof responses.$inferSelect;
export type AnswerRow = typeof answers.$inferSelect;
export type DispatchStatus = (typeof DISPATCH_STATUSES)[number];

/** One dispatch as the response statistics read it (DOMAIN §4). */
export interface ResponseFact {
  id: number;
  letterId: number;
  companyId: number;
  status: DispatchStatus;
  sentAt: string;
  dueAt: string;
  originalDueAt: string | null;
  firstResponseAt: string | null;
  firstSubstantiveAt: string | null;
  /** 1 when a reviewed response declined, else 0. */
  declined: number;
  questions: number;
  answered: number;
  partial: number;
  notApplicable: number;
}

/** The columns of RESPONSE_FACTS_SQL, in its order (eachResponseFact reads them by position). */
const RESPONSE_FACT_COLUMNS = [
  'id',
  'letterId',
  'companyId',
  'status',
  'sentAt',
  'dueAt',
  'originalDueAt',
  'firstResponseAt',
  'firstSubstantiveAt',
  'declined',
  'questions',
  'answered',
  'partial',
  'notApplicable',
] as const satisfies readonly (keyof ResponseFact)[];

// Raw SQL because it is read through better-sqlite3's `iterate`, which drizzle does not offer.
const RESPONSE_FACTS_SQL = `
  SELECT d.id AS id, d.letter_id AS letterId, d.company_id AS companyId,
    d.status AS status, d.sent_at AS sentAt, d.due_at AS dueAt, d.original_due_at AS originalDueAt, d.first_response_at AS firstResponseAt,
    r.firstSubstantiveAt AS firstSubstantiveAt, coalesce(r.declined, 0) AS declined,
    coalesce(q.n, 0) AS questions,
    d.questions_answered + d.questions_committed AS answered, d.questions_partial AS partial,
    d.questions_not_applicable AS notApplicable
  FROM dispatches d
  LEFT JOIN (SELECT letter_id, count(*) AS n FROM questions GROUP BY letter_id) q ON q.letter_id = d.letter_id
  LEFT JOIN (
    SELECT dispatch_id,
      min(CASE WHEN kind = 'substantive' THEN received_at END) AS firstSubstantiveAt,
      max(kind = 'declined') AS declined
    FROM responses WHERE reviewed = 1 GROUP BY dispatch_id
  ) r ON r.dispatch_id = d.id
  WHERE d.campaign_id = @campaignId`;

export const BOARD_SORTS = ['due', 'sent', 'company', 'status'] as const;
export type BoardSort = (typeof BOARD_SORTS)[number];

export interface DispatchFilter {
  campaignId?: number;
  letterId?: number;
  companyId?: number;
  status?: DispatchStatus;
  overdue?: boolean;
  veryOverdue?: boolean;
  sector?: string;
  country?: string;
  q?: string;
  /** Open dispatches due from `today` up to and including this date (the "due this week" view). */
  dueBy?: string;
  /** Dispatches with a response waiting for staff review. */
  toReview?: boolean;
  /** Only these dispatches (a selection on the board). */
  ids?: number[];
  today: string;
  sort?: BoardSort;
  direction?: 'asc' | 'desc';
  limit: number;
  offset: number;
}

export function createDispatchesRepository(db: Db, stamp: Stamp) {
  // Read on every page: prepared once.
  const byId = db
    .select()
    .from(dispatches)
    .where(eq(dispatches.id, sql.placeholder('id')))
    .prepare();
  const board = createBoardQueries(db);
  const forLetterCompany = preparedOnce(() =>
    db
      .select()
      .from(dispatches)
      .where(
        and(
          eq(dispatches.letterId, sql.placeholder('letterId')),
          eq(dispatches.companyId, sql.placeholder('companyId')),
        ),
      )
      .prepare(),
  );
  const responsesOf = preparedOnce(() =>
    db
      .select()
      .from(responses)
      .where(eq(responses.dispatchId, sql.placeholder('dispatchId')))
      .orderBy(asc(responses.receivedAt), asc(responses.id))
      .prepare(),
  );
  /** The latest assessment of each question of one dispatch (the dispatch page). */
  const latestAnswersOf = preparedOnce(() =>
    db
      .select()
      .from(answers)
      .where(
        sql`${answers.id} in (select max(${answers.id}) from ${answers} where ${answers.dispatchId} = ${sql.placeholder('dispatchId')} group by ${answers.questionId})`,
      )
      .prepare(),
  );
  const escalationFactsOf = (companyFilter: boolean) =>
    db
      .select({
        companyId: dispatches.companyId,
        letterLevel: sql<number>`max(case ${letters.kind} when 'initial' then 1 when 'reminder' then 2 else 4 end)`,
        published: sql<number>`max(case when ${dispatches.escalateAt} < ${sql.placeholder('today')} or ${dispatches.status} in ('responded','declined') then 1 else 0 end)`,
      })
      .from(dispatches)
      .innerJoin(letters, eq(letters.id, dispatches.letterId))
      .where(
        and(
          eq(dispatches.campaignId, sql.placeholder('campaignId')),
          companyFilter ? eq(dispatches.companyId, sql.placeholder('companyId')) : undefined,
        ),
      )
      .groupBy(dispatches.companyId)
      .prepare();
  const escalationFactsOfCampaign = preparedOnce(() => escalationFactsOf(false));
  const escalationFactsOfCompany = preparedOnce(() => escalationFactsOf(true));

  return {
    /** Removes every dispatch of a letter (an undone send); responses, answers and deadlines go with them. */
    deleteForLetter(letterId: number): number {
      return db.delete(dispatches).where(eq(dispatches.letterId, letterId)).run().changes;
    },

    insert(values: NewDispatch): DispatchRow {
      const { id } = db
        .insert(dispatches)
        .values({ originalDueAt: values.dueAt, ...values, ...newRowStamps(stamp) })
        .returning({ id: dispatches.id })
        .get();
      // Read back: `open_questions` is set by a trigger after the insert, which RETURNING does not see.
      return byId.get({ id })!;
    },
    findById(id: number): DispatchRow | undefined {
      return byId.get({ id });
    },
    findForLetterCompany(letterId: number, companyId: number): DispatchRow | undefined {
      return forLetterCompany().get({ letterId, companyId });
    },
    findByReplyToken(token: string): DispatchRow | undefined {
      return db.select().from(dispatches).where(eq(dispatches.replyToken, token)).get();
    },
    findByBounceToken(token: string): DispatchRow | undefined {
      return db.select().from(dispatches).where(eq(dispatches.bounceToken, token)).get();
    },
    /** Open dispatches (sent or acknowledged) to any of these companies, at most `limit`. */
    openForCompanies(companyIds: number[], limit = 2): DispatchRow[] {
      if (!companyIds.length) return [];
      return db
        .select()
        .from(dispatches)
        .where(
          and(
            inArray(dispatches.companyId, companyIds),
            inArray(dispatches.status, ['sent', 'acknowledged']),
          ),
        )
        .orderBy(desc(dispatches.sentAt))
        .limit(limit)
        .all();
    },
    /** Dispatches whose reply token starts with `prefix` (at most `limit`), for the subject reference. */
    findByReplyTokenPrefix(prefix: string, limit = 2): DispatchRow[] {
      return db
        .select()
        .from(dispatches)
        .where(sql`substr(${dispatches.replyToken}, 1, ${prefix.length}) = ${prefix}`)
        .limit(limit)
        .all();
    },
    update(id: number, values: Partial<NewDispatch>): DispatchRow | undefined {
      return db
        .update(dispatches)
        .set({ ...values, updatedAt: stamp() })
        .where(eq(dispatches.id, id))
        .returning()
        .get();
    },
    /** One page of the board, joined with company and letter, filtered and sorted in SQL. */
    board(filter: DispatchFilter) {
      return {
        items: this.boardItems(filter),
        total: this.boardCount(filter),
        limit: filter.limit,
        offset: filter.offset,
      };
    },
    /** The rows of one board page; `total` (the filter's count) lets a far page be read from the end. */
    boardItems(filter: DispatchFilter, total?: number) {
      return board.items(filter, total);
    },
    /** Every id the board's filter matches, in board order. */
    boardIds(filter: Omit<DispatchFilter, 'limit' | 'offset'>): number[] {
      return board.ids(filter);
    },
    /** Board rows of these dispatches, in the order given. */
    boardRows(ids: number[]) {
      return board.rows(ids);
    },
    /** How many dispatches match the board's filter, on every page. */
    boardCount(filter: Omit<DispatchFilter, 'limit' | 'offset' | 'sort' | 'direction'>): number {
      return board.count(filter);
    },
    listForLetter(letterId: number): DispatchRow[] {
      return db
        .select()
        .from(dispatches)
        .where(eq(dispatches.letterId, letterId))
        .orderBy(asc(dispatches.id))
        .all();
    },
    /** A company's dispatches across campaigns; with a `viewer`, only in the campaigns they see. */
    listForCompany(companyId: number, viewer?: Viewer) {
      return db
        .select(boardColumns)
        .from(dispatches)
        .innerJoin(companies, eq(companies.id, dispatches.companyId))
        .innerJoin(letters, eq(letters.id, dispatches.letterId))
        .where(
          and(
            eq(dispatches.companyId, companyId),
            viewer && visibleCampaignCondition(viewer, dispatches.campaignId),
          ),
        )
        .orderBy(desc(dispatches.sentAt))
        .all();
    },
    countForLetter(letterId: number): number {
      return (
        db.select({ n: count() }).from(dispatches).where(eq(dispatches.letterId, letterId)).get()?.n ?? 0
      );
    },

    insertResponse(values: typeof responses.$inferInsert): ResponseRow {
      return db
        .insert(responses)
        .values({ ...values, createdAt: stamp() })
        .returning()
        .get();
    },
    responses(dispatchId: number): ResponseRow[] {
      return responsesOf().all({ dispatchId });
    },
    updateResponse(id: number, values: Partial<typeof responses.$inferInsert>): ResponseRow | undefined {
      return db.update(responses).set(values).where(eq(responses.id, id)).returning().get();
    },
    /** Emailed responses staff have not confirmed yet, oldest first: the review queue. */
    listUnreviewed(limit = 20) {
      return db
        .select({
          id: responses.id,
          dispatchId: responses.dispatchId,
          kind: responses.kind,
          receivedAt: responses.receivedAt,
          fromAddress: responses.fromAddress,
          subject: responses.subject,
          companyName: companies.name,
          letterTitle: letters.title,
        })
        .from(responses)
        .innerJoin(dispatches, eq(dispatches.id, responses.dispatchId))
        .innerJoin(companies, eq(companies.id, dispatches.companyId))
        .innerJoin(letters, eq(letters.id, dispatches.letterId))
        .where(eq(responses.reviewed, false))
        .orderBy(asc(responses.receivedAt), asc(responses.id))
        .limit(limit)
        .all();
    },
    /** Per sent letter, its open dispatches past their due date: the follow-ups due. */
    /**
     * Per sent letter, the companies its follow-up form pre-checks (see followUpDefault) and the
     * earliest of their due dates; counted in SQL, letters with none left out.
     */
    followUpsDueByLetter(today: string, campaignIds?: number[]) {
      if (campaignIds?.length === 0) return [];
      return db
        .select({
          letterId: letters.id,
          campaignId: letters.campaignId,
          title: letters.title,
          companies: tallied.count,
          oldestDueAt: sql<string>`min(${dispatchTallies.dueAt})`,
        })
        .from(dispatchTallies)
        .innerJoin(letters, eq(letters.id, dispatchTallies.letterId))
        .where(
          and(
            followUpSql.checked(today, tallied.followUpColumns()),
            campaignIds ? inArray(dispatchTallies.campaignId, campaignIds) : undefined,
          ),
        )
        .groupBy(letters.id)
        .orderBy(sql`min(${dispatchTallies.dueAt})`, letters.id)
        .all();
    },
    countUnreviewed(): number {
      return db.select({ n: count() }).from(responses).where(eq(responses.reviewed, false)).get()?.n ?? 0;
    },
    findResponse(id: number): ResponseRow | undefined {
      return db.select().from(responses).where(eq(responses.id, id)).get();
    },

    insertAnswer(values: typeof answers.$inferInsert): AnswerRow {
      return db
        .insert(answers)
        .values({ ...values, createdAt: stamp() })
        .returning()
        .get();
    },
    /** The latest assessment of each question of these dispatches. */
    latestAnswers(dispatchIds: number[]): AnswerRow[] {
      if (dispatchIds.length === 0) return [];
      if (dispatchIds.length === 1) return latestAnswersOf().all({ dispatchId: dispatchIds[0] });
      const latest = db
        .select({ id: sql<number>`max(${answers.id})`.as('latest_id') })
        .from(answers)
        .where(inArray(answers.dispatchId, dispatchIds))
        .groupBy(answers.dispatchId, answers.questionId)
        .as('latest');
      return db
        .select()
        .from(answers)
        .innerJoin(latest, eq(latest.id, answers.id))
        .all()
        .map((r) => r.answers);
    },
    /**
     * What the response statistics need about each dispatch of a campaign, one row each, read one
     * row at a time: a campaign may have hundreds of thousands of dispatches, and the statistics
     * fold each row into their counts instead of holding them all. The connection is busy until the
     * iteration ends (or is left with `break`/`return`): run no other query in between.
     */
    /**
     * What the statistics group a campaign's facts by: its letters' titles, and the sector and
     * country of each company it wrote to (read once, not on each of the campaign's dispatches).
     */
    responseFactGroups(campaignId: number) {
      const letterTitles = new Map(
        db
          .select({ id: letters.id, title: letters.title })
          .from(letters)
          .where(eq(letters.campaignId, campaignId))
          .all()
          .map((l) => [l.id, l.title]),
      );
      const companySegments = new Map(
        db
          .select({ id: companies.id, sector: companies.sector, country: companies.country })
          .from(companies)
          .where(
            sql`exists (select 1 from ${dispatches} where ${dispatches.companyId} = ${companies.id} and ${dispatches.campaignId} = ${campaignId})`,
          )
          .all()
          .map((c) => [c.id, { sector: c.sector, country: c.country }]),
      );
      return { letterTitles, companySegments };
    },
    *eachResponseFact(campaignId: number): Generator<ResponseFact> {
      // Rows come as arrays and become objects here: better-sqlite3 builds an object per row about
      // half again as slowly as this literal of one fixed shape (500,000 rows: 1.3 s against 0.9 s).
      const statement = db.$client.prepare(RESPONSE_FACTS_SQL);
      const columns = statement.columns().map((c) => c.name);
      if (columns.join() !== RESPONSE_FACT_COLUMNS.join()) {
        throw new Error(`RESPONSE_FACTS_SQL selects ${columns.join()}, not ${RESPONSE_FACT_COLUMNS.join()}`);
      }
      for (const r of statement.raw(true).iterate({ campaignId }) as Iterable<unknown[]>) {
        yield {
          id: r[0] as number,
          letterId: r[1] as number,
          companyId: r[2] as number,
          status: r[3] as DispatchStatus,
          sentAt: r[4] as string,
          dueAt: r[5] as string,
          originalDueAt: r[6] as string | null,
          firstResponseAt: r[7] as string | null,
          firstSubstantiveAt: r[8] as string | null,
          declined: r[9] as number,
          questions: r[10] as number,
          answered: r[11] as number,
          partial: r[12] as number,
          notApplicable: r[13] as number,
        };
      }
    },
    /** How many of a letter's latest assessments are answered, commitment, partial or not applicable (what coverage counts), from the counts kept per dispatch. */
    latestAnswerStatusCounts(letterId: number): { status: AnswerRow['status']; n: number }[] {
      const row = db
        .select({
          answered: sql<number>`coalesce(sum(${dispatches.questionsAnswered}), 0)`,
          commitment: sql<number>`coalesce(sum(${dispatches.questionsCommitted}), 0)`,
          partial: sql<number>`coalesce(sum(${dispatches.questionsPartial}), 0)`,
          not_applicable: sql<number>`coalesce(sum(${dispatches.questionsNotApplicable}), 0)`,
        })
        .from(dispatches)
        .where(eq(dispatches.letterId, letterId))
        .get();
      return Object.entries(row ?? {})
        .filter(([, n]) => n > 0)
        .map(([status, n]) => ({ status: status as AnswerRow['status'], n }));
    },
    answerHistory(dispatchId: number, questionId: number): AnswerRow[] {
      return db
        .select()
        .from(answers)
        .where(and(eq(answers.dispatchId, dispatchId), eq(answers.questionId, questionId)))
        .orderBy(desc(answers.id))
        .all();
    },
    /** Per company of a campaign: how far its letters went, and whether the public tracker names it. */
    escalationFacts(campaignId: number, today: string, companyId?: number) {
      return companyId === undefined
        ? escalationFactsOfCampaign().all({ campaignId, today })
        : escalationFactsOfCompany().all({ campaignId, today, companyId });
    },
    /** Open dispatches still running on their first clock, due on or after `from`. */
    openOnFirstClockDueFrom(from: string): DispatchRow[] {
      return db
        .select()
        .from(dispatches)
        .where(and(dispatchSql.open(), gte(dispatches.dueAt, from), isNull(dispatches.secondDueAt)))
        .all();
    },
    dueWithin(from: string, to: string) {
      return db
        .select()
        .from(dispatches)
        .where(and(dispatchSql.open(), gt(dispatches.dueAt, from), lt(dispatches.dueAt, to)))
        .all();
    },
  };
}
