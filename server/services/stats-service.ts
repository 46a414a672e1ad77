import type { Repositories } from '../../db/repositories/index.js';
import { daysBetween, isCalendarDate, parseDateInZone } from '../lib/calendar-dates.js';
import { histogram, rateChart } from '../lib/charts.js';
import { withPlaceholders } from '../lib/template-placeholders.js';
import { coverageFromCounts } from './coverage.js';
import { median, rate } from './metrics.js';

type Fact = ReturnType<Repositories['dispatches']['responseFacts']>[number];

/** Days from sending to the first response, in the buckets the time-to-respond chart shows. */
export const RESPONSE_TIME_BUCKETS: { label: string; from: number; to: number | null }[] = [
  { label: 'same day', from: 0, to: 0 },
  { label: '1–7 days', from: 1, to: 7 },
  { label: '8–14 days', from: 8, to: 14 },
  { label: '15–21 days', from: 15, to: 21 },
  { label: '22–30 days', from: 22, to: 30 },
  { label: '31–60 days', from: 31, to: 60 },
  { label: 'over 60 days', from: 61, to: null },
];

/** Response statistics of a campaign with DOMAIN §4's definitions, overall and by segment. */
export function createStatsService({ repos, timezone }: { repos: Repositories; timezone: string }) {
  /** A stored value that is not a real instant gives undefined: it is reported, never fatal. */
  const dateOf = (instant: string | null) =>
    instant === null ? undefined : parseDateInZone(instant, timezone);
  const days = (from: string, to: string | null) => {
    const start = dateOf(from);
    const end = dateOf(to);
    return start && end ? daysBetween(start, end) : undefined;
  };
  const known = (values: (number | undefined)[]) => values.filter((v): v is number => v !== undefined);

  function summarize(facts: Fact[]) {
    // Bounced letters never reached the company: they count in no denominator.
    const sent = facts.filter((f) => f.status !== 'bounced');
    const responded = sent.filter((f) => f.firstResponseAt !== null);
    const substantive = sent.filter((f) => f.firstSubstantiveAt !== null);
    // Timely against the due date set at sending: a holding reply's later date does not count (DOMAIN §4).
    const originalDue = (f: Fact) => {
      const due = f.originalDueAt ?? f.dueAt;
      return isCalendarDate(due) ? due : undefined;
    };
    const timely = responded.filter((f) => {
      const answered = dateOf(f.firstResponseAt);
      const due = originalDue(f);
      return answered !== undefined && due !== undefined && answered <= due;
    });
    const invalid = sent.filter(
      (f) =>
        dateOf(f.sentAt) === undefined ||
        originalDue(f) === undefined ||
        (f.firstResponseAt !== null && dateOf(f.firstResponseAt) === undefined) ||
        (f.firstSubstantiveAt !== null && dateOf(f.firstSubstantiveAt) === undefined),
    );
    const questions = sent.reduce((sum, f) => sum + f.questions, 0);
    return {
      dispatches: facts.length,
      bounced: facts.length - sent.length,
      /** Dispatches with a stored date that is not a real date: counted, but left out of timeliness and medians. */
      invalidDates: invalid.length,
      invalidDispatchIds: invalid.map((f) => f.id),
      responseRate: rate(responded.length, sent.length),
      substantiveRate: rate(substantive.length, sent.length),
      declineRate: rate(sent.filter((f) => f.declined).length, sent.length),
      timelyRate: rate(timely.length, sent.length),
      medianDaysToFirstResponse: median(known(responded.map((f) => days(f.sentAt, f.firstResponseAt)))),
      medianDaysToSubstantiveResponse: median(
        known(substantive.map((f) => days(f.sentAt, f.firstSubstantiveAt))),
      ),
      coverage: coverageFromCounts(questions, {
        answered: sent.reduce((sum, f) => sum + f.answered, 0),
        partial: sent.reduce((sum, f) => sum + f.partial, 0),
        not_applicable: sent.reduce((sum, f) => sum + f.notApplicable, 0),
      }),
    };
  }

  function by(facts: Fact[], key: (f: Fact) => string) {
    const groups = new Map<string, Fact[]>();
    for (const fact of facts) {
      const name = key(fact);
      const group = groups.get(name);
      if (group) group.push(fact);
      else groups.set(name, [fact]);
    }
    return [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, group]) => ({ name, ...summarize(group) }));
  }

  /** How many first responses came after how many days (letters that bounced are left out). */
  function responseTimes(facts: Fact[]) {
    const waits = known(
      facts.filter((f) => f.status !== 'bounced').map((f) => days(f.sentAt, f.firstResponseAt)),
    );
    return RESPONSE_TIME_BUCKETS.map((bucket) => ({
      ...bucket,
      count: waits.filter((d) => d >= bucket.from && (bucket.to === null || d <= bucket.to)).length,
    }));
  }

  function forCampaign(campaignId: number) {
    const facts = repos.dispatches.responseFacts(campaignId);
    return {
      campaignId,
      ...summarize(facts),
      timeToFirstResponse: responseTimes(facts),
      byLetter: by(facts, (f) => `${f.letterId}`).map((group) => ({
        ...group,
        letterId: Number(group.name),
        name: facts.find((f) => `${f.letterId}` === group.name)!.letterTitle,
      })),
      bySector: by(facts, (f) => f.sector ?? 'Unknown'),
      byCountry: by(facts, (f) => f.country),
    };
  }

  const cached = (campaignId: number): ReturnType<typeof forCampaign> =>
    repos.trackingCache.remember(`stats:${campaignId}`, () => forCampaign(campaignId));

  return {
    /** Served from the tracking cache until the next write to the tables the figures come from. */
    forCampaign: cached,
    /** The statistics with the geometry of their charts (the statistics page). */
    withCharts(campaignId: number) {
      const stats = cached(campaignId);
      const rows = (
        groups: { name: string; responseRate: Parameters<typeof rateChart>[0][number]['rate'] }[],
      ) => groups.map((g) => ({ name: g.name, rate: g.responseRate }));
      return {
        stats,
        charts: {
          byLetter: rateChart(
            rows(stats.byLetter.map((l) => ({ ...l, name: withPlaceholders(l.name) }))),
            'by letter',
          ),
          bySector: rateChart(rows(stats.bySector), 'by sector'),
          byCountry: rateChart(rows(stats.byCountry), 'by country'),
          timeToRespond: histogram(stats.timeToFirstResponse, 'Days from sending to the first response'),
        },
      };
    },
  };
}

export type StatsService = ReturnType<typeof createStatsService>;
