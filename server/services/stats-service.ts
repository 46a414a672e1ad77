import type { ResponseFact } from '../../db/repositories/dispatches-repository.js';
import type { Repositories } from '../../db/repositories/index.js';
import { daysBetween, isCalendarDate, parseDateInZone } from '../lib/calendar-dates.js';
import { histogram, rateChart } from '../lib/charts.js';
import { withPlaceholders } from '../lib/template-placeholders.js';
import { coverageFromCounts } from './coverage.js';
import { medianOfHistogram, rate } from './metrics.js';

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

/**
 * The counts of one group of dispatches (the campaign, a letter, a sector, a country), added to one
 * dispatch at a time. Days to a response are kept as histograms (days → dispatches): medians and
 * the time-to-respond chart need no more, and they stay small however many dispatches there are.
 */
interface Tally {
  dispatches: number;
  bounced: number;
  responded: number;
  substantive: number;
  declined: number;
  timely: number;
  questions: number;
  answered: number;
  partial: number;
  notApplicable: number;
  invalidDispatchIds: number[];
  daysToFirstResponse: Map<number, number>;
  daysToSubstantiveResponse: Map<number, number>;
}

function emptyTally(): Tally {
  return {
    dispatches: 0,
    bounced: 0,
    responded: 0,
    substantive: 0,
    declined: 0,
    timely: 0,
    questions: 0,
    answered: 0,
    partial: 0,
    notApplicable: 0,
    invalidDispatchIds: [],
    daysToFirstResponse: new Map(),
    daysToSubstantiveResponse: new Map(),
  };
}

/** One dispatch's dates as read once for all the groups it counts in. */
interface DatedFact {
  fact: ResponseFact;
  timely: boolean;
  invalid: boolean;
  daysToFirstResponse: number | undefined;
  daysToSubstantiveResponse: number | undefined;
}

const countIn = (histogram: Map<number, number>, days: number) =>
  histogram.set(days, (histogram.get(days) ?? 0) + 1);

function add(
  tally: Tally,
  { fact, timely, invalid, daysToFirstResponse, daysToSubstantiveResponse }: DatedFact,
) {
  tally.dispatches++;
  // Bounced letters never reached the company: they count in no denominator.
  if (fact.status === 'bounced') {
    tally.bounced++;
    return;
  }
  if (invalid) tally.invalidDispatchIds.push(fact.id);
  if (fact.firstResponseAt !== null) {
    tally.responded++;
    if (timely) tally.timely++;
    if (daysToFirstResponse !== undefined) countIn(tally.daysToFirstResponse, daysToFirstResponse);
  }
  if (fact.firstSubstantiveAt !== null) {
    tally.substantive++;
    if (daysToSubstantiveResponse !== undefined)
      countIn(tally.daysToSubstantiveResponse, daysToSubstantiveResponse);
  }
  if (fact.declined) tally.declined++;
  tally.questions += fact.questions;
  tally.answered += fact.answered;
  tally.partial += fact.partial;
  tally.notApplicable += fact.notApplicable;
}

function summarize(tally: Tally) {
  const sent = tally.dispatches - tally.bounced;
  return {
    dispatches: tally.dispatches,
    bounced: tally.bounced,
    /** Dispatches with a stored date that is not a real date: counted, but left out of timeliness and medians. */
    invalidDates: tally.invalidDispatchIds.length,
    invalidDispatchIds: tally.invalidDispatchIds,
    responseRate: rate(tally.responded, sent),
    substantiveRate: rate(tally.substantive, sent),
    declineRate: rate(tally.declined, sent),
    timelyRate: rate(tally.timely, sent),
    medianDaysToFirstResponse: medianOfHistogram(tally.daysToFirstResponse),
    medianDaysToSubstantiveResponse: medianOfHistogram(tally.daysToSubstantiveResponse),
    coverage: coverageFromCounts(tally.questions, {
      answered: tally.answered,
      partial: tally.partial,
      not_applicable: tally.notApplicable,
    }),
  };
}

/** How many first responses came after how many days (letters that bounced are left out). */
function responseTimes(daysToFirstResponse: Map<number, number>) {
  return RESPONSE_TIME_BUCKETS.map((bucket) => {
    let count = 0;
    for (const [days, n] of daysToFirstResponse) {
      if (days >= bucket.from && (bucket.to === null || days <= bucket.to)) count += n;
    }
    return { ...bucket, count };
  });
}

/** The groups in the order the pages show them: by name. */
function byName<T>(groups: Map<string, T>): [string, T][] {
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}

function tallyOf(groups: Map<string, Tally>, name: string): Tally {
  let tally = groups.get(name);
  if (!tally) {
    tally = emptyTally();
    groups.set(name, tally);
  }
  return tally;
}

/** Response statistics of a campaign with DOMAIN §4's definitions, overall and by segment. */
export function createStatsService({ repos, timezone }: { repos: Repositories; timezone: string }) {
  /**
   * Reads a campaign's dispatches once, one row at a time, adding each to the campaign's counts and
   * to those of its letter, sector and country. The same stored text always reads as the same date,
   * so each distinct text is parsed once. A stored value that is not a real date gives undefined:
   * it is reported, never fatal.
   */
  function forCampaign(campaignId: number) {
    const dates = new Map<string, string | undefined>();
    const dateOf = (instant: string | null) => {
      if (instant === null) return undefined;
      if (!dates.has(instant)) dates.set(instant, parseDateInZone(instant, timezone));
      return dates.get(instant);
    };
    const calendarDates = new Map<string, boolean>();
    const validDate = (text: string) => {
      if (!calendarDates.has(text)) calendarDates.set(text, isCalendarDate(text));
      return calendarDates.get(text)!;
    };

    const { letterTitles, companySegments } = repos.dispatches.responseFactGroups(campaignId);
    const campaign = emptyTally();
    const letters = new Map<string, Tally>();
    const sectors = new Map<string, Tally>();
    const countries = new Map<string, Tally>();
    // Each company's sector and country tallies, found once per company rather than once per dispatch.
    const segmentTallies = new Map<number, [Tally, Tally]>();
    const segmentsOf = (companyId: number): [Tally, Tally] => {
      let found = segmentTallies.get(companyId);
      if (!found) {
        const segment = companySegments.get(companyId);
        found = [
          tallyOf(sectors, segment?.sector ?? 'Unknown'),
          tallyOf(countries, segment?.country ?? 'Unknown'),
        ];
        segmentTallies.set(companyId, found);
      }
      return found;
    };
    for (const fact of repos.dispatches.eachResponseFact(campaignId)) {
      const sent = dateOf(fact.sentAt);
      const response = dateOf(fact.firstResponseAt);
      const substantive = dateOf(fact.firstSubstantiveAt);
      // Timely against the due date set at sending: a holding reply's later date does not count (DOMAIN §4).
      const dueText = fact.originalDueAt ?? fact.dueAt;
      const due = validDate(dueText) ? dueText : undefined;
      const dated: DatedFact = {
        fact,
        timely: response !== undefined && due !== undefined && response <= due,
        invalid:
          sent === undefined ||
          due === undefined ||
          (fact.firstResponseAt !== null && response === undefined) ||
          (fact.firstSubstantiveAt !== null && substantive === undefined),
        daysToFirstResponse: sent && response ? daysBetween(sent, response) : undefined,
        daysToSubstantiveResponse: sent && substantive ? daysBetween(sent, substantive) : undefined,
      };
      const [sector, country] = segmentsOf(fact.companyId);
      add(campaign, dated);
      add(tallyOf(letters, `${fact.letterId}`), dated);
      add(sector, dated);
      add(country, dated);
    }

    const groups = (tallies: Map<string, Tally>) =>
      byName(tallies).map(([name, tally]) => ({ name, ...summarize(tally) }));
    return {
      campaignId,
      ...summarize(campaign),
      timeToFirstResponse: responseTimes(campaign.daysToFirstResponse),
      byLetter: groups(letters).map((group) => ({
        ...group,
        letterId: Number(group.name),
        name: letterTitles.get(Number(group.name))!,
      })),
      bySector: groups(sectors),
      byCountry: groups(countries),
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
