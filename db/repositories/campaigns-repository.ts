import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { type Viewer, visibleCampaignCondition } from '../../server/domain/campaign-visibility.js';
import type { Db } from '../client.js';
import {
  campaignCompanies,
  campaignCoordinators,
  campaignOrganizations,
  campaigns,
  companies,
  dispatchTallies,
  organizations,
} from '../schema.js';
import { createBoardQueries } from './board-queries.js';
import { tallied } from './dispatch-tallies.js';
import { preparedOnce } from './prepared.js';
import { newRowStamps, type Stamp } from './timestamps.js';

export type CampaignRow = typeof campaigns.$inferSelect;
export type NewCampaign = typeof campaigns.$inferInsert;

export function createCampaignsRepository(db: Db, stamp: Stamp) {
  // Read on every page: prepared once.
  const byId = db
    .select()
    .from(campaigns)
    .where(eq(campaigns.id, sql.placeholder('id')))
    .prepare();
  // A campaign's overdue counts are the board's counts for those filters (read off the tallies).
  const board = createBoardQueries(db);
  const coordinatorsOf = preparedOnce(() =>
    db
      .select({ id: campaignCoordinators.userId })
      .from(campaignCoordinators)
      .where(eq(campaignCoordinators.campaignId, sql.placeholder('campaignId')))
      .prepare(),
  );
  return {
    /** Every campaign, newest first; with a `viewer`, only the campaigns they see. */
    list(viewer?: Viewer): CampaignRow[] {
      const where = viewer && visibleCampaignCondition(viewer, campaigns.id);
      return db.select().from(campaigns).where(where).orderBy(desc(campaigns.id)).all();
    },
    findById(id: number): CampaignRow | undefined {
      return byId.get({ id });
    },
    insert(values: NewCampaign): CampaignRow {
      return db
        .insert(campaigns)
        .values({ ...values, ...newRowStamps(stamp) })
        .returning()
        .get();
    },
    update(id: number, values: Partial<NewCampaign>): CampaignRow | undefined {
      return db
        .update(campaigns)
        .set({ ...values, updatedAt: stamp() })
        .where(eq(campaigns.id, id))
        .returning()
        .get();
    },
    setOrganizations(campaignId: number, organizationIds: number[]): void {
      db.delete(campaignOrganizations).where(eq(campaignOrganizations.campaignId, campaignId)).run();
      if (organizationIds.length) {
        db.insert(campaignOrganizations)
          .values(organizationIds.map((organizationId) => ({ campaignId, organizationId })))
          .run();
      }
    },
    addCompanies(campaignId: number, companyIds: number[]): void {
      if (companyIds.length === 0) return;
      db.insert(campaignCompanies)
        .values(companyIds.map((companyId) => ({ campaignId, companyId })))
        .onConflictDoNothing()
        .run();
    },
    setCompanies(campaignId: number, companyIds: number[]): void {
      db.delete(campaignCompanies).where(eq(campaignCompanies.campaignId, campaignId)).run();
      for (let i = 0; i < companyIds.length; i += 500) {
        db.insert(campaignCompanies)
          .values(companyIds.slice(i, i + 500).map((companyId) => ({ campaignId, companyId })))
          .run();
      }
    },
    organizationIds(campaignId: number): number[] {
      return db
        .select({ id: campaignOrganizations.organizationId })
        .from(campaignOrganizations)
        .where(eq(campaignOrganizations.campaignId, campaignId))
        .all()
        .map((r) => r.id);
    },
    organizations(campaignId: number) {
      return db
        .select({
          id: organizations.id,
          name: organizations.name,
          kind: organizations.kind,
          country: organizations.country,
          aumUsd: organizations.aumUsd,
        })
        .from(campaignOrganizations)
        .innerJoin(organizations, eq(organizations.id, campaignOrganizations.organizationId))
        .where(eq(campaignOrganizations.campaignId, campaignId))
        .orderBy(asc(organizations.name))
        .all();
    },
    companyIds(campaignId: number): number[] {
      return db
        .select({ id: campaignCompanies.companyId })
        .from(campaignCompanies)
        .where(eq(campaignCompanies.campaignId, campaignId))
        .all()
        .map((r) => r.id);
    },
    companies(campaignId: number) {
      return db
        .select({
          id: companies.id,
          name: companies.name,
          country: companies.country,
          sector: companies.sector,
        })
        .from(campaignCompanies)
        .innerJoin(companies, eq(companies.id, campaignCompanies.companyId))
        .where(eq(campaignCompanies.campaignId, campaignId))
        .orderBy(asc(companies.name))
        .all();
    },
    isMember(campaignId: number, organizationId: number): boolean {
      return Boolean(
        db
          .select({ id: campaignOrganizations.campaignId })
          .from(campaignOrganizations)
          .where(
            and(
              eq(campaignOrganizations.campaignId, campaignId),
              eq(campaignOrganizations.organizationId, organizationId),
            ),
          )
          .get(),
      );
    },
    coordinatorIds(campaignId: number): number[] {
      return coordinatorsOf()
        .all({ campaignId })
        .map((r) => r.id);
    },
    /** Dispatch counts by stored status, per campaign. */
    statusCounts(campaignIds: number[]): Map<number, Record<string, number>> {
      const result = new Map<number, Record<string, number>>();
      if (campaignIds.length === 0) return result;
      const rows = db
        .select({ campaignId: dispatchTallies.campaignId, status: dispatchTallies.status, n: tallied.count })
        .from(dispatchTallies)
        .where(inArray(dispatchTallies.campaignId, campaignIds))
        .groupBy(dispatchTallies.campaignId, dispatchTallies.status)
        .all();
      for (const row of rows) {
        const counts = result.get(row.campaignId) ?? {};
        counts[row.status] = row.n;
        result.set(row.campaignId, counts);
      }
      return result;
    },
    overdueCounts(campaignId: number, today: string) {
      return {
        overdue: board.count({ campaignId, today, overdue: true }),
        veryOverdue: board.count({ campaignId, today, veryOverdue: true }),
      };
    },
  };
}
