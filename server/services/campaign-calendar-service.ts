import type { CalendarDayRow, CampaignRow, Repositories } from '../../db/repositories/index.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { addDays, dateInZone, isCalendarDate, isWeekend } from '../lib/calendar-dates.js';
import type { Clock } from '../lib/clock.js';
import { DEFAULT_REGIONS, holidayRegionsOf } from '../lib/holidays.js';
import { IcsError, parseIcsDays } from '../lib/ics-import.js';
import { calendarLabel, dayOffReason, ownWorkingDay, type WorkingCalendar } from '../lib/working-calendar.js';
import type { CalendarDayInput, CalendarImportInput } from '../schemas/calendar.js';
import type { CampaignPatch } from '../schemas/campaigns.js';
import type { Actor } from './actor.js';
import type { CampaignsService } from './campaigns-service.js';
import type { DispatchesService } from './dispatches-service.js';
import { recordEvent } from './events.js';

const MAX_IMPORTED_DAYS = 1000;

/**
 * A campaign's holiday calendar (DOMAIN.md §3): a country and optional region from date-holidays,
 * plus the campaign's own days off and working days. Every change recomputes the due dates that
 * have not passed yet.
 */
export function createCampaignCalendarService({
  repos,
  clock,
  timezone,
  campaigns,
  dispatches,
}: {
  repos: Repositories;
  clock: Clock;
  timezone: string;
  campaigns: CampaignsService;
  dispatches: DispatchesService;
}) {
  function calendarOf(campaign: CampaignRow): WorkingCalendar {
    return {
      country: campaign.holidayCountry,
      region: campaign.holidayCountry ? campaign.holidayRegion : null,
      own: repos.calendarDays.listForCampaign(campaign.id),
    };
  }

  function checkDate(date: string, field: string) {
    if (!isCalendarDate(date))
      throw new ValidationError(field, `"${date}" is not a real date: use YYYY-MM-DD`);
  }

  return {
    calendarOf,

    /** Changes a campaign and, when its calendar changed, recomputes its open due dates. */
    updateCampaign(id: number, patch: CampaignPatch, actor: Actor) {
      const before = campaigns.get(id);
      const campaign = campaigns.update(id, patch, actor);
      const changed =
        before.holidayCountry !== campaign.holidayCountry || before.holidayRegion !== campaign.holidayRegion;
      const recomputed = changed ? dispatches.recomputeCampaignDueDates(id, actor) : 0;
      return { campaign, recomputed };
    },

    addDay(campaignId: number, input: CalendarDayInput, actor: Actor) {
      campaigns.get(campaignId);
      checkDate(input.date, 'date');
      const day = repos.transaction(() => {
        const row = repos.calendarDays.upsert({
          campaignId,
          date: input.date,
          kind: input.kind,
          name: input.name.trim(),
          source: input.source?.trim() || 'entered by hand',
        });
        recordEvent(
          repos,
          actor,
          'campaign.calendar_day_set',
          { campaignId },
          {
            date: row.date,
            kind: row.kind,
            name: row.name,
          },
        );
        return row;
      });
      return { day, recomputed: dispatches.recomputeCampaignDueDates(campaignId, actor) };
    },

    removeDay(campaignId: number, date: string, actor: Actor) {
      campaigns.get(campaignId);
      checkDate(date, 'date');
      repos.transaction(() => {
        if (!repos.calendarDays.remove(campaignId, date))
          throw new NotFoundError(`Own calendar day ${date} of campaign`, campaignId);
        recordEvent(repos, actor, 'campaign.calendar_day_removed', { campaignId }, { date });
      });
      return { recomputed: dispatches.recomputeCampaignDueDates(campaignId, actor) };
    },

    /** Imports every day of an .ics file (a government's official calendar) as the campaign's own days. */
    importIcs(campaignId: number, input: CalendarImportInput, actor: Actor) {
      campaigns.get(campaignId);
      let days: ReturnType<typeof parseIcsDays>;
      try {
        days = parseIcsDays(input.ics);
      } catch (error) {
        if (error instanceof IcsError) throw new ValidationError('ics', error.message);
        throw error;
      }
      if (days.length > MAX_IMPORTED_DAYS) {
        throw new ValidationError('ics', `has ${days.length} days; at most ${MAX_IMPORTED_DAYS} at a time`);
      }
      const source = `imported from ${input.filename?.trim() || 'an .ics file'}`;
      const rows = repos.transaction(() => {
        const stored = days.map((d) =>
          repos.calendarDays.upsert({ campaignId, date: d.date, kind: input.kind, name: d.name, source }),
        );
        recordEvent(
          repos,
          actor,
          'campaign.calendar_imported',
          { campaignId },
          {
            days: stored.length,
            kind: input.kind,
            source,
          },
        );
        return stored;
      });
      return { imported: rows.length, recomputed: dispatches.recomputeCampaignDueDates(campaignId, actor) };
    },

    /**
     * The days that count for the campaign's rule over the next twelve months, with the source of
     * each: holidays and own days off (weekends are off unless listed), and own working days.
     */
    upcoming(campaignId: number, months = 12) {
      const campaign = campaigns.get(campaignId);
      const calendar = calendarOf(campaign);
      const from = dateInZone(clock.now(), timezone);
      const until = addDays(from, Math.round((months * 365) / 12));
      const days: {
        date: string;
        kind: 'day_off' | 'working_day';
        name: string;
        source: string;
        weekend: boolean;
        own: boolean;
      }[] = [];
      for (let date = from; date < until; date = addDays(date, 1)) {
        const off = dayOffReason(calendar, date);
        if (off && off.source !== 'weekend') {
          const own = calendar.own.some((d) => d.date === date);
          days.push({
            date,
            kind: 'day_off',
            name: off.name,
            source: off.source,
            weekend: isWeekend(date),
            own,
          });
          continue;
        }
        const working = ownWorkingDay(calendar, date);
        if (working) {
          days.push({
            date,
            kind: 'working_day',
            name: working.name,
            source: working.source,
            weekend: isWeekend(date),
            own: true,
          });
        }
      }
      return {
        campaignId,
        country: calendar.country,
        region: calendar.region,
        label: calendarLabel(calendar) ?? null,
        regions: calendar.country ? holidayRegionsOf(calendar.country) : {},
        /** The region used when none is chosen (GB: England and Wales). */
        defaultRegion:
          calendar.country && !calendar.region ? (DEFAULT_REGIONS[calendar.country] ?? null) : null,
        dayCount: campaign.dayCount,
        from,
        until: addDays(until, -1),
        days,
        own: calendar.own as CalendarDayRow[],
      };
    },
  };
}

export type CampaignCalendarService = ReturnType<typeof createCampaignCalendarService>;
