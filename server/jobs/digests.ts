import type { Repositories } from '../../db/repositories/index.js';
import { addDays, type CalendarDate, dateInZone, weekday } from '../lib/calendar-dates.js';
import { withPlaceholders } from '../lib/template-placeholders.js';
import { unsubscribeHeaders, unsubscribeToken } from '../lib/unsubscribe.js';
import type { DeadlineEntry, DeadlineKind, DeadlinesService } from '../services/deadlines-service.js';
import { type Mailer, mailbox } from '../services/mailer.js';

/** Digests go out at or after this local hour (TIMEZONE). */
export const DIGEST_HOUR = 7;
const SECTION_LIMIT = 20;
/** Deadlines a digest shows in sections of their own; every other kind is listed under "Deadlines". */
const SHOWN_APART = new Set<DeadlineKind>(['response_due', 'sign_on_closes']);

export type DigestFrequency = 'daily' | 'weekly';

export interface DigestRunResult {
  daily: number;
  weekly: number;
  errors: string[];
}

function localHour(now: Date, timeZone: string): number {
  const hour = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone }).format(now);
  return Number(hour);
}

/**
 * Daily digests from 07:00 local time, weekly ones on Monday from 07:00. A digest is keyed like a
 * reminder (rule `digest-daily` or `digest-weekly`, anchor = the digest date), so it goes out once.
 */
export function createDigestJob(deps: {
  repos: Repositories;
  mailer: Mailer;
  baseUrl: string;
  timezone: string;
  secret: string;
  /** A letter's title rendered for one company. */
  letterTitle?: (letterId: number, companyId: number) => string;
  /** The deadline sources: what is coming in a campaign is read from them. */
  deadlines: () => Pick<DeadlinesService, 'entries'>;
}) {
  const { repos, mailer, baseUrl, timezone, secret } = deps;
  /** Each line names one company, so its letter reads as that company received it. */
  const titleFor = (row: { letterId: number; companyId: number; letterTitle: string }) =>
    deps.letterTitle ? deps.letterTitle(row.letterId, row.companyId) : withPlaceholders(row.letterTitle);

  /** A campaign's deadlines up to the horizon, read once per run for all the people it concerns. */
  let upcomingOf = new Map<string, DeadlineEntry[]>();
  function upcoming(campaignId: number, today: CalendarDate, horizon: CalendarDate, now: Date) {
    const key = `${campaignId}:${today}:${horizon}`;
    if (!upcomingOf.has(key)) {
      const entries = deps
        .deadlines()
        .entries({ campaignId, from: today, to: horizon })
        // A time of day that has passed (a sign-on that closed this morning) is no longer coming.
        .filter(({ deadline }) => !deadline.at || Date.parse(deadline.at) > now.getTime());
      upcomingOf.set(key, entries);
    }
    return upcomingOf.get(key)!;
  }

  function campaignSection(
    campaign: { id: number; name: string },
    frequency: DigestFrequency,
    today: CalendarDate,
    sinceIso: string,
    now: Date,
  ) {
    const horizon = addDays(today, frequency === 'daily' ? 7 : 14);
    const link = (d: {
      id: number;
      letterId: number;
      companyId: number;
      companyName: string;
      letterTitle: string;
      dueAt: string;
    }) => ({
      companyName: d.companyName,
      letterTitle: titleFor(d),
      dueAt: d.dueAt,
      url: `${baseUrl}/dispatches/${d.id}`,
    });
    const overdue = repos.reminders.overdue(campaign.id, today, SECTION_LIMIT);
    const responses = repos.reminders.responsesSince(campaign.id, sinceIso, now.toISOString(), SECTION_LIMIT);
    // What is coming: every registered kind of deadline of this campaign up to the horizon.
    const coming = upcoming(campaign.id, today, horizon, now);
    const dueSoon = coming.filter((e) => e.deadline.kind === 'response_due');
    const signOns = coming
      .filter((e) => e.deadline.kind === 'sign_on_closes')
      .map(({ deadline, remind }) => ({
        title: remind!().data.letterTitle,
        closesAt: deadline.at,
        url: deadline.url,
      }));
    const others = coming.filter((e) => !SHOWN_APART.has(e.deadline.kind));
    const section = {
      name: campaign.name,
      url: `${baseUrl}/campaigns/${campaign.id}`,
      overdue: overdue.items.map(link),
      overdueMore: Math.max(overdue.total - overdue.items.length, 0),
      dueSoon: dueSoon.slice(0, SECTION_LIMIT).map(({ deadline, remind }) => {
        const { companyName, letterTitle } = remind!().data;
        return { companyName, letterTitle, dueAt: deadline.date, url: deadline.url };
      }),
      dueSoonMore: Math.max(dueSoon.length - SECTION_LIMIT, 0),
      responses: responses.map((r) => ({
        companyName: r.companyName,
        letterTitle: titleFor(r),
        kind: r.kind.replaceAll('_', ' '),
        receivedAt: r.receivedAt,
        url: `${baseUrl}/dispatches/${r.dispatchId}`,
      })),
      signOns,
      deadlines: others.slice(0, SECTION_LIMIT).map(({ deadline }) => ({
        title: deadline.title,
        date: deadline.date,
        url: deadline.url,
      })),
      deadlinesMore: Math.max(others.length - SECTION_LIMIT, 0),
    };
    const empty =
      section.overdue.length +
        section.dueSoon.length +
        section.responses.length +
        section.signOns.length +
        section.deadlines.length ===
      0;
    return empty ? undefined : section;
  }

  function sendDigests(frequency: DigestFrequency, digestDate: CalendarDate, now: Date, errors: string[]) {
    const rule = `digest-${frequency}`;
    let sent = 0;
    for (const user of repos.reminders.digestRecipients(frequency)) {
      const address = user.email.toLowerCase();
      try {
        const campaigns =
          user.role === 'member'
            ? user.organizationId
              ? repos.reminders.campaignsOfOrganization(user.organizationId)
              : []
            : repos.reminders.allCampaigns();
        if (campaigns.length === 0) continue;
        // "New since the last digest": responses recorded after that digest was queued.
        const sinceIso =
          repos.reminders.lastKeyRecordedAt(rule, address, digestDate) ??
          `${addDays(digestDate, frequency === 'daily' ? -1 : -7)}T00:00:00.000Z`;
        const since = sinceIso;
        const sections = campaigns
          .map((c) => campaignSection(c, frequency, digestDate, sinceIso, now))
          .filter((s) => s !== undefined);
        if (sections.length === 0) continue;
        repos.transaction(() => {
          const keyId = repos.reminders.claimKey({
            rule,
            subjectKey: `user:${user.id}`,
            anchorDate: digestDate,
            recipient: address,
          });
          if (keyId === undefined) return;
          const unsubscribeUrl = `${baseUrl}/unsubscribe/${unsubscribeToken(secret, user.id, 'digest')}`;
          const message = mailer.queue({
            kind: 'digest',
            to: mailbox(user.name, user.email),
            template: 'digest',
            data: {
              name: user.name,
              frequency,
              weekly: frequency === 'weekly',
              digestDate,
              since,
              campaigns: sections,
              unsubscribeUrl,
              settingsUrl: `${baseUrl}/settings`,
            },
            headers: unsubscribeHeaders(unsubscribeUrl),
            userId: user.id,
            sendAfter: now,
          });
          repos.reminders.attachOutbox([keyId], message.id);
          sent++;
        });
      } catch (error) {
        errors.push(`${rule} to ${user.email}: ${(error as Error).message}`);
      }
    }
    return sent;
  }

  return {
    run(now: Date): DigestRunResult {
      upcomingOf = new Map();
      const result: DigestRunResult = { daily: 0, weekly: 0, errors: [] };
      if (localHour(now, timezone) < DIGEST_HOUR) return result;
      const today = dateInZone(now, timezone);
      result.daily = sendDigests('daily', today, now, result.errors);
      if (weekday(today) === 1) result.weekly = sendDigests('weekly', today, now, result.errors);
      return result;
    },
  };
}

export type DigestJob = ReturnType<typeof createDigestJob>;
