import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../client.js';
import { campaignCalendarDays } from '../schema.js';
import type { Stamp } from './timestamps.js';

export type CalendarDayRow = typeof campaignCalendarDays.$inferSelect;
export type NewCalendarDay = Omit<typeof campaignCalendarDays.$inferInsert, 'id' | 'createdAt'>;

/** A campaign's own days off and working days. */
export function createCalendarDaysRepository(db: Db, stamp: Stamp) {
  return {
    listForCampaign(campaignId: number): CalendarDayRow[] {
      return db
        .select()
        .from(campaignCalendarDays)
        .where(eq(campaignCalendarDays.campaignId, campaignId))
        .orderBy(asc(campaignCalendarDays.date))
        .all();
    },
    /** Own days of several campaigns at once, by campaign. */
    listForCampaigns(campaignIds: number[]): Map<number, CalendarDayRow[]> {
      const byCampaign = new Map<number, CalendarDayRow[]>();
      if (campaignIds.length === 0) return byCampaign;
      const rows = db
        .select()
        .from(campaignCalendarDays)
        .where(inArray(campaignCalendarDays.campaignId, campaignIds))
        .orderBy(asc(campaignCalendarDays.date))
        .all();
      for (const row of rows) {
        const list = byCampaign.get(row.campaignId);
        if (list) list.push(row);
        else byCampaign.set(row.campaignId, [row]);
      }
      return byCampaign;
    },
    /** Adds a day, or replaces the campaign's entry for that date. */
    upsert(day: NewCalendarDay): CalendarDayRow {
      return db
        .insert(campaignCalendarDays)
        .values({ ...day, createdAt: stamp() })
        .onConflictDoUpdate({
          target: [campaignCalendarDays.campaignId, campaignCalendarDays.date],
          set: { kind: day.kind, name: day.name, source: day.source, createdAt: stamp() },
        })
        .returning()
        .get();
    },
    remove(campaignId: number, date: string): boolean {
      return (
        db
          .delete(campaignCalendarDays)
          .where(and(eq(campaignCalendarDays.campaignId, campaignId), eq(campaignCalendarDays.date, date)))
          .run().changes > 0
      );
    },
  };
}
