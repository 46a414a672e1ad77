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
  /**
   * Each fact's dates read once (a campaign has tens of thousands; every one is summarized overall
   * and in three groupings). The same stored text always reads as the same date, so each distinct
   * text is parsed once. A stored value that is not a real date gives undefined: it is reported,
   * never fatal.
   */
  function prepare(facts: Fact[]) {
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
    return facts.map((fact) => {
      const sent = dateOf(fact.sentAt);
      const response = dateOf(fact.firstResponseAt);
      const substantive = dateOf(fact.firstSubstantiveAt);
      // Timely against the due date set at sending: a holding reply's later date does not count (DOMAIN §4).
      const dueText = fact.originalDueAt ?? fact.dueAt;
      const due = validDate(dueText) ? dueText : undefined;
      return {
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
    });
  }
  type Prepared = ReturnType<typeof prepare>[number];
  const known = (values: (number | undefined)[]) => values.filter((v): v is number => v !== undefined);

  function summarize(prepared: Prepared[]) {
    // Bounced letters never reached the company: they count in no denominator.
    const sent = prepared.filter((p) => p.fact.status !== 'bounced');
    const responded = sent.filter((p) => p.fact.firstResponseAt !== null);
    const substantive = sent.filter((p) => p.fact.firstSubstantiveAt !== null);
    const invalid = sent.filter((p) => p.invalid);
    let questions = 0;
    let answered = 0;
    let partial = 0;
    let notApplicable = 0;
    let declined = 0;
    let timely = 0;
    for (const { fact, timely: onTime } of sent) {
      questions += fact.questions;
      answered += fact.answered;
      partial += fact.partial;
      notApplicable += fact.notApplicable;
      if (fact.declined) declined++;
      if (onTime && fact.firstResponseAt !== null) timely++;
    }
    return {
      dispatches: prepared.length,
      bounced: prepared.length - sent.length,
      /** Dispatches with a stored date that is not a real date: counted, but left out of timeliness and medians. */
      invalidDates: invalid.length,
      invalidDispatchIds: invalid.map((p) => p.fact.id),
      responseRate: rate(responded.length, sent.length),
      substantiveRate: rate(substantive.length, sent.length),
      declineRate: rate(declined, sent.length),
      timelyRate: rate(timely, sent.length),
      medianDaysToFirstResponse: median(known(responded.map((p) => p.daysToFirstResponse))),
      medianDaysToSubstantiveResponse: median(known(substantive.map((p) => p.daysToSubstantiveResponse))),
      coverage: coverageFromCounts(questions, {
        answered,
        partial,
        not_applicable: notApplicable,
      }),
    };
  }

  function by(prepared: Prepared[], key: (f: Fact) => string) {
    const groups = new Map<string, Prepared[]>();
    for (const p of prepared) {
      const name = key(p.fact);
      const group = groups.get(name);
      if (group) group.push(p);
      else groups.set(name, [p]);
    }
    return [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, group]) => ({ name, ...summarize(group) }));
  }

  /** How many first responses came after how many days (letters that bounced are left out). */
  function responseTimes(prepared: Prepared[]) {
    const waits = known(
      prepared.filter((p) => p.fact.status !== 'bounced').map((p) => p.daysToFirstResponse),
    );
    return RESPONSE_TIME_BUCKETS.map((bucket) => ({
      ...bucket,
      count: waits.filter((d) => d >= bucket.from && (bucket.to === null || d <= bucket.to)).length,
    }));
  }

  function forCampaign(campaignId: number) {
    const facts = prepare(repos.dispatches.responseFacts(campaignId));
    return {
      campaignId,
      ...summarize(facts),
      timeToFirstResponse: responseTimes(facts),
      byLetter: by(facts, (f) => `${f.letterId}`).map((group) => ({
        ...group,
        letterId: Number(group.name),
        name: facts.find((p) => `${p.fact.letterId}` === group.name)!.fact.letterTitle,
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
