import { and, desc, eq, isNull, or, sql } from 'drizzle-orm';
import { type Viewer, visibleCampaignCondition } from '../../server/domain/campaign-visibility.js';
import type { Db } from '../client.js';
import { events } from '../schema.js';
import { preparedOnce } from './prepared.js';
import type { Stamp } from './timestamps.js';

export type EventRow = typeof events.$inferSelect;
export type NewEvent = typeof events.$inferInsert;

export function createEventsRepository(db: Db, stamp: Stamp) {
  const ofDispatch = preparedOnce(() =>
    db
      .select()
      .from(events)
      .where(eq(events.dispatchId, sql.placeholder('dispatchId')))
      .orderBy(desc(events.id))
      .prepare(),
  );
  /** A company's latest event of a type in a campaign (the dispatch page's escalation level). */
  const latestOfCompany = preparedOnce(() =>
    db
      .select()
      .from(events)
      .where(
        and(
          eq(events.campaignId, sql.placeholder('campaignId')),
          eq(events.type, sql.placeholder('type')),
          eq(events.companyId, sql.placeholder('companyId')),
        ),
      )
      .orderBy(desc(events.id))
      .limit(1)
      .prepare(),
  );
  return {
    append(event: NewEvent): EventRow {
      return db
        .insert(events)
        .values({ ...event, createdAt: stamp() })
        .returning()
        .get();
    },
    /** A company's history, newest first; with a `viewer`, campaign events only of the campaigns they see. */
    listForCompany(companyId: number, limit = 100, viewer?: Viewer): EventRow[] {
      const campaignCondition = viewer && visibleCampaignCondition(viewer, events.campaignId);
      return db
        .select()
        .from(events)
        .where(
          and(
            eq(events.companyId, companyId),
            campaignCondition && or(isNull(events.campaignId), campaignCondition),
          ),
        )
        .orderBy(desc(events.id))
        .limit(limit)
        .all();
    },
    listForOrganization(organizationId: number, limit = 100): EventRow[] {
      return db
        .select()
        .from(events)
        .where(eq(events.organizationId, organizationId))
        .orderBy(desc(events.id))
        .limit(limit)
        .all();
    },
    listForDispatch(dispatchId: number): EventRow[] {
      return ofDispatch().all({ dispatchId });
    },
    listForLetter(letterId: number, limit = 200): EventRow[] {
      return db
        .select()
        .from(events)
        .where(eq(events.letterId, letterId))
        .orderBy(desc(events.id))
        .limit(limit)
        .all();
    },
    listForCampaign(campaignId: number, limit = 50): EventRow[] {
      return db
        .select()
        .from(events)
        .where(eq(events.campaignId, campaignId))
        .orderBy(desc(events.id))
        .limit(limit)
        .all();
    },
    /** The latest event of a type per company in a campaign. */
    /** Each company's latest event of a type in a campaign; with `companyId`, that company's only. */
    latestPerCompany(campaignId: number, type: string, companyId?: number): EventRow[] {
      if (companyId !== undefined) return latestOfCompany().all({ campaignId, type, companyId });
      const latest = db
        .select({ id: sql<number>`max(${events.id})`.as('latest_id') })
        .from(events)
        .where(and(eq(events.campaignId, campaignId), eq(events.type, type)))
        .groupBy(events.companyId)
        .as('latest');
      return db
        .select()
        .from(events)
        .innerJoin(latest, eq(latest.id, events.id))
        .all()
        .map((r) => r.events);
    },
    listRecent(limit = 20): EventRow[] {
      return db.select().from(events).orderBy(desc(events.id)).limit(limit).all();
    },
  };
}
