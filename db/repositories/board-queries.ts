import { and, asc, count, desc, eq, gte, lte, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { dispatchSql } from '../../server/domain/dispatch-lateness.js';
import type { Db } from '../client.js';
import { companies, dispatches, dispatchTallies, letters, responses } from '../schema.js';
import { tallied } from './dispatch-tallies.js';
import type { BoardSort, DispatchFilter } from './dispatches-repository.js';

type BoardFilter = Omit<DispatchFilter, 'limit' | 'offset' | 'sort' | 'direction'>;
type Direction = 'asc' | 'desc';

/** A board row: the dispatch with its company and letter. */
export const boardColumns = {
  id: dispatches.id,
  letterId: dispatches.letterId,
  campaignId: dispatches.campaignId,
  companyId: dispatches.companyId,
  companyName: companies.name,
  companySector: companies.sector,
  companyCountry: companies.country,
  letterTitle: letters.title,
  letterKind: letters.kind,
  channel: dispatches.channel,
  status: dispatches.status,
  sentAt: dispatches.sentAt,
  dueAt: dispatches.dueAt,
  escalateAt: dispatches.escalateAt,
  firstResponseAt: dispatches.firstResponseAt,
};

const p = (name: string) => sql.placeholder(name);

/** Which conditions a filter uses: one prepared statement per shape, values bound at each call. */
function shapeOf(filter: BoardFilter) {
  return {
    campaign: filter.campaignId !== undefined,
    letter: filter.letterId !== undefined,
    company: filter.companyId !== undefined,
    status: Boolean(filter.status),
    overdue: Boolean(filter.overdue),
    veryOverdue: Boolean(filter.veryOverdue),
    sector: Boolean(filter.sector),
    country: Boolean(filter.country),
    q: Boolean(filter.q),
    dueBy: Boolean(filter.dueBy),
    toReview: Boolean(filter.toReview),
    ids: Boolean(filter.ids),
  };
}
type Shape = ReturnType<typeof shapeOf>;

function valuesOf(filter: BoardFilter) {
  return {
    campaignId: filter.campaignId,
    letterId: filter.letterId,
    companyId: filter.companyId,
    status: filter.status,
    today: filter.today,
    sector: filter.sector,
    country: filter.country?.toUpperCase(),
    q: filter.q ? `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined,
    dueBy: filter.dueBy,
    filterIds: filter.ids ? JSON.stringify(filter.ids) : undefined,
  };
}

function condition(shape: Shape): SQL | undefined {
  const today = p('today') as SQLWrapper;
  const parts = [
    shape.campaign ? eq(dispatches.campaignId, p('campaignId')) : undefined,
    shape.letter ? eq(dispatches.letterId, p('letterId')) : undefined,
    shape.company ? eq(dispatches.companyId, p('companyId')) : undefined,
    shape.status ? eq(dispatches.status, p('status')) : undefined,
    shape.overdue ? dispatchSql.overdue(today) : undefined,
    shape.veryOverdue ? dispatchSql.veryOverdue(today) : undefined,
    // Due between today and the given day, still waiting for an answer ("due this week").
    shape.dueBy
      ? and(dispatchSql.open(), gte(dispatches.dueAt, today), lte(dispatches.dueAt, p('dueBy')))
      : undefined,
    // A response waits for a person's review.
    shape.toReview
      ? sql`${dispatches.id} IN (SELECT ${responses.dispatchId} FROM ${responses} WHERE ${responses.reviewed} = 0)`
      : undefined,
    // The rows picked on the board for a bulk action.
    shape.ids ? sql`${dispatches.id} IN (SELECT value FROM json_each(${p('filterIds')}))` : undefined,
    // A sector or country holds a large share of the campaign: reading the campaign's dispatches
    // in board order and checking each company (the unary + keeps SQLite off the company indexes)
    // finds a page far sooner than collecting and sorting all of them.
    shape.sector ? sql`+${companies.sector} = ${p('sector')}` : undefined,
    shape.country ? sql`+${companies.country} = ${p('country')}` : undefined,
    // A name search matches few companies: their dispatches are found through the company index.
    shape.q
      ? sql`${dispatches.companyId} IN (SELECT ${companies.id} FROM ${companies} WHERE ${companies.name} LIKE ${p('q')} ESCAPE '\\')`
      : undefined,
  ];
  return and(...parts);
}

/** A filter the tallies can count: none of its conditions needs the dispatch's company or responses. */
function talliable(shape: Shape): boolean {
  return !(shape.company || shape.sector || shape.country || shape.q || shape.toReview || shape.ids);
}

/** The same conditions as `condition`, on `dispatch_tallies` (the domain rules given its columns). */
function tallyCondition(shape: Shape): SQL | undefined {
  const t = dispatchTallies;
  const today = p('today') as SQLWrapper;
  return and(
    shape.campaign ? eq(t.campaignId, p('campaignId')) : undefined,
    shape.letter ? eq(t.letterId, p('letterId')) : undefined,
    shape.status ? eq(t.status, p('status')) : undefined,
    shape.overdue ? dispatchSql.overdue(today, t) : undefined,
    shape.veryOverdue ? dispatchSql.veryOverdue(today, t) : undefined,
    shape.dueBy ? and(dispatchSql.open(t), gte(t.dueAt, today), lte(t.dueAt, p('dueBy'))) : undefined,
  );
}

/**
 * The board's order as terms, so a page near the end can be read backwards from the end.
 * Ties follow the direction where an index can be read backwards; names sort by their case fold,
 * which the unique name index holds, so a name-sorted page walks that index.
 */
function orderTerms(sort: BoardSort, direction: Direction): [SQLWrapper, Direction][] {
  return {
    due: [
      [dispatches.dueAt, direction],
      [dispatches.id, direction],
    ],
    sent: [
      [dispatches.sentAt, direction],
      [dispatches.id, direction],
    ],
    company: [
      [sql`casefold(${companies.name})`, direction],
      [dispatches.id, 'asc'],
    ],
    status: [
      [dispatches.status, direction],
      [dispatches.dueAt, 'asc'],
      [dispatches.id, 'asc'],
    ],
  }[sort] as [SQLWrapper, Direction][];
}

const flip = (d: Direction): Direction => (d === 'asc' ? 'desc' : 'asc');

/**
 * The board's SQL, prepared once per filter shape and order. A page's ids come from the indexes
 * alone; only those rows are joined with company and letter. A page past the middle is read from
 * the other end, so the last page costs what the first does.
 */
export function createBoardQueries(db: Db) {
  const idStatements = new Map<string, { all(values: Record<string, unknown>): { id: number }[] }>();
  const countStatements = new Map<
    string,
    { get(values: Record<string, unknown>): { n: number } | undefined }
  >();

  function idStatement(shape: Shape, sort: BoardSort, direction: Direction, fromEnd: boolean) {
    const key = JSON.stringify([shape, sort, direction, fromEnd]);
    let statement = idStatements.get(key);
    if (!statement) {
      const terms = orderTerms(sort, direction).map(([term, d]): [SQLWrapper, Direction] => [
        term,
        fromEnd ? flip(d) : d,
      ]);
      const needsCompany = shape.sector || shape.country || sort === 'company';
      const base = needsCompany
        ? db
            .select({ id: dispatches.id })
            .from(dispatches)
            .innerJoin(companies, eq(companies.id, dispatches.companyId))
            .where(condition(shape))
        : db.select({ id: dispatches.id }).from(dispatches).where(condition(shape));
      statement = base
        .orderBy(...terms.map(([term, d]) => (d === 'asc' ? asc(term as SQL) : desc(term as SQL))))
        .limit(p('limit'))
        .offset(p('offset'))
        .prepare();
      idStatements.set(key, statement);
    }
    return statement;
  }

  const rowsByIds = db
    .select(boardColumns)
    .from(dispatches)
    .innerJoin(companies, eq(companies.id, dispatches.companyId))
    .innerJoin(letters, eq(letters.id, dispatches.letterId))
    .where(sql`${dispatches.id} IN (SELECT value FROM json_each(${p('ids')}))`)
    .prepare();

  return {
    /** One page of rows in board order; `total` (the filter's count) lets a far page be read from the end. */
    items(filter: DispatchFilter, total?: number) {
      const shape = shapeOf(filter);
      let { limit, offset } = filter;
      const fromEnd = total !== undefined && offset > total - offset - limit;
      if (fromEnd) {
        limit = Math.min(limit, total - offset);
        if (limit <= 0) return [];
        offset = Math.max(0, total - filter.offset - limit);
      }
      const direction = filter.direction === 'desc' ? 'desc' : 'asc';
      const ids = idStatement(shape, filter.sort ?? 'due', direction, fromEnd)
        .all({ ...valuesOf(filter), limit, offset })
        .map((r) => r.id);
      if (fromEnd) ids.reverse();
      if (ids.length === 0) return [];
      const byId = new Map(rowsByIds.all({ ids: JSON.stringify(ids) }).map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id)!);
    },
    /** Every matching dispatch's id in board order (an export fixes its rows with these first). */
    ids(filter: Omit<DispatchFilter, 'limit' | 'offset'>): number[] {
      const direction = filter.direction === 'desc' ? 'desc' : 'asc';
      return idStatement(shapeOf(filter), filter.sort ?? 'due', direction, false)
        .all({ ...valuesOf(filter), limit: -1, offset: 0 })
        .map((r) => r.id);
    },
    /** The board rows of these dispatches, in the order given (ids no longer there are left out). */
    rows(ids: number[]) {
      if (ids.length === 0) return [];
      const byId = new Map(rowsByIds.all({ ids: JSON.stringify(ids) }).map((row) => [row.id, row]));
      return ids.flatMap((id) => byId.get(id) ?? []);
    },
    /** How many dispatches match the board's filter, on every page. */
    count(filter: BoardFilter): number {
      const shape = shapeOf(filter);
      const key = JSON.stringify(shape);
      let statement = countStatements.get(key);
      if (!statement) {
        if (talliable(shape)) {
          // A few rows per letter and date stand for all of a campaign's dispatches.
          statement = db
            .select({ n: tallied.count })
            .from(dispatchTallies)
            .where(tallyCondition(shape))
            .prepare();
        } else {
          const base = db.select({ n: count() }).from(dispatches);
          statement = (
            shape.sector || shape.country
              ? base.innerJoin(companies, eq(companies.id, dispatches.companyId)).where(condition(shape))
              : base.where(condition(shape))
          ).prepare();
        }
        countStatements.set(key, statement);
      }
      return statement.get(valuesOf(filter))?.n ?? 0;
    },
  };
}
