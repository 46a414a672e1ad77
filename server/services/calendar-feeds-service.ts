import type { Repositories, UserRow } from '../../db/repositories/index.js';
import { addDays, dateInZone } from '../lib/calendar-dates.js';
import type { Clock } from '../lib/clock.js';
import { type AllDayEvent, buildCalendar } from '../lib/icalendar.js';
import { randomToken } from '../lib/tokens.js';
import type { Actor } from './actor.js';
import type { CampaignsService } from './campaigns-service.js';
import type { Deadline, DeadlinesService } from './deadlines-service.js';
import { recordEvent } from './events.js';

/** How far the calendar feed reaches: recent past for context, a year ahead for planning. */
export const FEED_WINDOW = { daysBack: 60, daysAhead: 365 };

/**
 * Deadlines as iCalendar: each user's private, rotatable feed and a campaign's .ics download,
 * both read from the deadlines list.
 */
export function createCalendarFeedsService({
  repos,
  clock,
  timezone,
  baseUrl,
  mailDomain,
  campaigns,
  deadlines,
}: {
  repos: Repositories;
  clock: Clock;
  timezone: string;
  baseUrl: string;
  mailDomain: string;
  campaigns: CampaignsService;
  deadlines: DeadlinesService;
}) {
  const list = deadlines.list;
  const today = () => dateInZone(clock.now(), timezone);

  function feedWindow() {
    const day = today();
    return { from: addDays(day, -FEED_WINDOW.daysBack), to: addDays(day, FEED_WINDOW.daysAhead) };
  }

  /**
   * The identity of a deadline, not its date: when a due date or an AGM moves, the subscriber's
   * calendar moves the same event instead of adding a new one.
   */
  function uid(d: Deadline): string {
    const ids = [
      d.campaignId && `m${d.campaignId}`,
      d.companyId && `c${d.companyId}`,
      d.letterId && `l${d.letterId}`,
      d.dispatchId && `d${d.dispatchId}`,
      d.kind === 'custom' && d.id && `r${d.id}`,
    ].filter(Boolean);
    return `${[d.kind.replaceAll('_', '-'), ...ids].join('-')}@${mailDomain}`;
  }

  function toCalendar(name: string, deadlines: Deadline[]): string {
    const events: AllDayEvent[] = deadlines.map((d) => ({
      uid: uid(d),
      date: d.date,
      ...(d.at && { at: new Date(d.at) }),
      summary: d.title,
      description: `${d.explanation}\n\n${d.url}`,
      url: d.url,
      categories: [d.kind],
    }));
    return buildCalendar({
      name,
      description: 'Deadlines from Docket, the coalition letters tracker',
      stamp: clock.now(),
      timezone,
      events,
    });
  }

  return {
    feedWindow,
    uid,
    /** The user's secret feed address, creating its token the first time it is needed. */
    calendarUrl(user: UserRow): string {
      const token =
        user.calendarToken ?? repos.users.update(user.id, { calendarToken: randomToken(32) })!.calendarToken!;
      return `${baseUrl}/calendar/${token}.ics`;
    },

    /** A new feed address; the old one stops working at once. */
    rotateCalendarToken(user: UserRow, actor: Actor): string {
      const token = randomToken(32);
      repos.transaction(() => {
        repos.users.update(user.id, { calendarToken: token });
        recordEvent(repos, actor, 'calendar_feed.rotated', {}, { userId: user.id });
      });
      return `${baseUrl}/calendar/${token}.ics`;
    },

    /** The feed of the user holding this token, or undefined for an unknown, revoked or inactive one. */
    feedForToken(token: string): string | undefined {
      if (!/^[A-Za-z0-9_-]{32,64}$/.test(token)) return undefined;
      const user = repos.users.findByCalendarToken(token);
      if (!user?.active) return undefined;
      return toCalendar(`Docket deadlines (${user.name})`, list({ ...feedWindow(), user }));
    },

    campaignCalendar(campaignId: number, user: UserRow): { filename: string; body: string } {
      const campaign = campaigns.getForUser(campaignId, user);
      const body = toCalendar(`Docket: ${campaign.name}`, list({ campaignId, user }));
      const slug =
        campaign.name
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '') || 'campaign';
      return { filename: `${slug}-deadlines.ics`, body };
    },
  };
}

export type CalendarFeedsService = ReturnType<typeof createCalendarFeedsService>;
