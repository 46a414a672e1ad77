import { type AnyColumn, and, asc, count, eq, gte, inArray, isNotNull, isNull, lte, or } from 'drizzle-orm';
import { dispatchSql } from '../../server/domain/dispatch-lateness.js';
import { signOnSql } from '../../server/domain/sign-on-window.js';
import type { Db } from '../client.js';
import {
  campaignCompanies,
  campaigns,
  companies,
  deadlines,
  dispatches,
  dispatchTallies,
  letters,
} from '../schema.js';
import { tallied } from './dispatch-tallies.js';
import type { Stamp } from './timestamps.js';

export type DeadlineRow = typeof deadlines.$inferSelect;
export type NewDeadline = typeof deadlines.$inferInsert;

/** Which rows a deadline query reads: undefined lists mean no restriction. */
export interface DeadlineScope {
  campaignIds?: number[];
  companyIds?: number[];
  from?: string;
  to?: string;
  limit?: number;
}

function within(column: AnyColumn, from?: string, to?: string) {
  return and(from ? gte(column, from) : undefined, to ? lte(column, to) : undefined);
}

export function createDeadlinesRepository(db: Db, stamp: Stamp) {
  return {
    findById(id: number): DeadlineRow | undefined {
      return db.select().from(deadlines).where(eq(deadlines.id, id)).get();
    },
    insert(values: NewDeadline): DeadlineRow {
      return db
        .insert(deadlines)
        .values({ ...values, createdAt: stamp() })
        .returning()
        .get();
    },
    delete(id: number): boolean {
      return db.delete(deadlines).where(eq(deadlines.id, id)).run().changes === 1;
    },
    findOverride(companyId: number, kind: DeadlineRow['kind']): DeadlineRow | undefined {
      return db
        .select()
        .from(deadlines)
        .where(
          and(
            eq(deadlines.companyId, companyId),
            eq(deadlines.kind, kind),
            isNotNull(deadlines.overrideSource),
          ),
        )
        .get();
    },
    /** Overrides of computed company deadlines (any date: the computed one they replace may be in range). */
    overrides(companyIds?: number[]): DeadlineRow[] {
      if (companyIds?.length === 0) return [];
      return db
        .select()
        .from(deadlines)
        .where(
          and(
            isNotNull(deadlines.overrideSource),
            companyIds ? inArray(deadlines.companyId, companyIds) : undefined,
          ),
        )
        .all();
    },
    /** Custom deadlines (every row that is not an override) in range; they are few, callers scope them. */
    custom(range: { from?: string; to?: string }): DeadlineRow[] {
      return db
        .select()
        .from(deadlines)
        .where(and(isNull(deadlines.overrideSource), within(deadlines.date, range.from, range.to)))
        .orderBy(asc(deadlines.date), asc(deadlines.id))
        .all();
    },
    /**
     * Open dispatches whose due (or escalation) date falls in range, with their company and letter;
     * the date alone bounds the query, so the status/date indexes apply.
     */
    openDispatchesByDate(date: 'due' | 'escalate', scope: DeadlineScope) {
      if (scope.campaignIds?.length === 0 || scope.companyIds?.length === 0) return [];
      const column = date === 'due' ? dispatches.dueAt : dispatches.escalateAt;
      return db
        .select({
          id: dispatches.id,
          letterId: dispatches.letterId,
          campaignId: dispatches.campaignId,
          companyId: dispatches.companyId,
          dueAt: dispatches.dueAt,
          dueExplanation: dispatches.dueExplanation,
          escalateAt: dispatches.escalateAt,
          status: dispatches.status,
          companyName: companies.name,
          letterTitle: letters.title,
        })
        .from(dispatches)
        .innerJoin(companies, eq(companies.id, dispatches.companyId))
        .innerJoin(letters, eq(letters.id, dispatches.letterId))
        .where(
          and(
            dispatchSql.open(),
            scope.campaignIds ? inArray(dispatches.campaignId, scope.campaignIds) : undefined,
            scope.companyIds ? inArray(dispatches.companyId, scope.companyIds) : undefined,
            within(column, scope.from, scope.to),
          ),
        )
        .orderBy(asc(column), asc(dispatches.id))
        .limit(scope.limit ?? -1)
        .all();
    },
    /** How many open dispatches have their due (or escalation) date in the scope. */
    countOpenDispatchesByDate(date: 'due' | 'escalate', scope: DeadlineScope): number {
      if (scope.campaignIds?.length === 0 || scope.companyIds?.length === 0) return 0;
      if (!scope.companyIds) {
        // Without a company filter the tallies hold the count: a few rows per letter and date.
        const column = date === 'due' ? dispatchTallies.dueAt : dispatchTallies.escalateAt;
        return (
          db
            .select({ n: tallied.count })
            .from(dispatchTallies)
            .where(
              and(
                dispatchSql.open(dispatchTallies),
                scope.campaignIds ? inArray(dispatchTallies.campaignId, scope.campaignIds) : undefined,
                within(column, scope.from, scope.to),
              ),
            )
            .get()?.n ?? 0
        );
      }
      const column = date === 'due' ? dispatches.dueAt : dispatches.escalateAt;
      return (
        db
          .select({ n: count() })
          .from(dispatches)
          .where(
            and(
              dispatchSql.open(),
              scope.campaignIds ? inArray(dispatches.campaignId, scope.campaignIds) : undefined,
              inArray(dispatches.companyId, scope.companyIds),
              within(column, scope.from, scope.to),
            ),
          )
          .get()?.n ?? 0
      );
    },
    /** Letters collecting signatures, with their campaign's name. */
    signOnLetters(campaignIds?: number[]) {
      if (campaignIds?.length === 0) return [];
      return db
        .select({
          id: letters.id,
          campaignId: letters.campaignId,
          title: letters.title,
          signOnClosesAt: letters.signOnClosesAt,
          campaignName: campaigns.name,
        })
        .from(letters)
        .innerJoin(campaigns, eq(campaigns.id, letters.campaignId))
        .where(
          and(signOnSql.collecting(), campaignIds ? inArray(letters.campaignId, campaignIds) : undefined),
        )
        .all();
    },
    /** Companies whose own dates (AGM, proxy statement) can yield a deadline. */
    companiesWithDates(companyIds?: number[]) {
      if (companyIds?.length === 0) return [];
      return db
        .select({
          id: companies.id,
          name: companies.name,
          jurisdiction: companies.jurisdiction,
          lastAgmDate: companies.lastAgmDate,
          nextAgmDate: companies.nextAgmDate,
          lastProxyDate: companies.lastProxyDate,
          listed: companies.listed,
        })
        .from(companies)
        .where(
          and(
            or(
              isNotNull(companies.nextAgmDate),
              isNotNull(companies.lastAgmDate),
              isNotNull(companies.lastProxyDate),
            ),
            companyIds ? inArray(companies.id, companyIds) : undefined,
          ),
        )
        .all();
    },
    /** Companies targeted by any of these campaigns. */
    targetCompanyIds(campaignIds: number[]): number[] {
      if (campaignIds.length === 0) return [];
      return [
        ...new Set(
          db
            .select({ id: campaignCompanies.companyId })
            .from(campaignCompanies)
            .where(inArray(campaignCompanies.campaignId, campaignIds))
            .all()
            .map((r) => r.id),
        ),
      ];
    },
  };
}
