import type { DeadlineKind } from '../domain/deadline-kinds.js';
import {
  addDays,
  type CalendarDate,
  daysBetween,
  formatCalendarDate,
  formatWithWeekday,
  isCalendarDate,
  isWeekend,
} from './calendar-dates.js';
import { holidayName } from './holidays.js';

/**
 * Shareholder filing calendars (DOMAIN.md §3). The parameters live here as data; the code below
 * only knows the three shapes of anchor. A date the company disclosed always wins: see the
 * overrides in the deadlines service.
 */
export const FILING_RULES = {
  proposal_us_14a8: {
    jurisdictions: ['US'],
    title: 'Shareholder proposal deadline (Rule 14a-8)',
    citation: 'SEC Rule 14a-8(e)(2)',
    anchor: 'proxy_anniversary',
    daysBefore: 120,
    /** A meeting moved by more than this many days from last year's loses the fixed date. */
    meetingMovedDays: 30,
    movedRule:
      'the deadline is a reasonable time before the company begins to print and send its proxy materials',
  },
  nomination_us_14a19: {
    jurisdictions: ['US'],
    title: 'Director nominee notice (Rule 14a-19)',
    citation: 'SEC Rule 14a-19(b)(1)',
    anchor: 'agm_anniversary',
    daysBefore: 60,
    meetingMovedDays: 30,
    movedRule:
      'notice is due 60 days before the meeting or, if later, 10 days after the company first announces the meeting date',
  },
  resolution_uk_s338: {
    jurisdictions: ['GB', 'UK'],
    title: "Members' resolution deadline (s.338)",
    citation: 'Companies Act 2006 s.338(4)(d)',
    anchor: 'next_agm',
    daysBefore: 42,
    period: '6 weeks (42 days)',
    /** s.360: clear days, so neither the day of receipt nor the meeting day counts. */
    receiptDayExcluded: true,
    note: 'in clear days (s.360: neither the day of receipt nor the day of the meeting counts), or, if later, when notice of the meeting is given',
    citation360: 'Companies Act 2006 s.338(4)(d), s.360',
    movedOffNonWorkingDay: false,
  },
  agenda_de_122: {
    jurisdictions: ['DE'],
    title: 'Agenda item request deadline (AktG §122(2))',
    citation: 'AktG §122(2), §121(7)',
    anchor: 'next_agm',
    daysBefore: 30,
    /** Companies that are not listed: "bei sonstigen Gesellschaften 24 Tage". */
    daysBeforeUnlisted: 24,
    period: '30 days',
    periodUnlisted: '24 days',
    /** "Der Tag des Zugangs ist nicht mitzurechnen": one more whole day between receipt and meeting. */
    receiptDayExcluded: true,
    note: 'the day of receipt and the day of the meeting not counted',
    movedOffNonWorkingDay: false,
  },
} as const satisfies Partial<Record<DeadlineKind, unknown>>;

export type FilingKind = keyof typeof FILING_RULES;
export const FILING_KINDS = Object.keys(FILING_RULES) as FilingKind[];

export function isFilingKind(kind: string): kind is FilingKind {
  return kind in FILING_RULES;
}

export function filingRuleApplies(kind: FilingKind, jurisdiction: string | null): boolean {
  return (
    jurisdiction !== null &&
    (FILING_RULES[kind].jurisdictions as readonly string[]).includes(jurisdiction.toUpperCase())
  );
}

export interface CompanyDates {
  jurisdiction: string | null;
  lastAgmDate: string | null;
  nextAgmDate: string | null;
  lastProxyDate: string | null;
  /** Only AktG §122(2) distinguishes: 30 days for listed companies, 24 for others. Unknown counts as listed. */
  listed?: boolean;
}

export interface FilingDeadline {
  kind: FilingKind;
  date: CalendarDate;
  explanation: string;
  /** The rule gives no fixed date this year: the date is an estimate until the company discloses one. */
  needsDisclosedDate?: true;
}

/** The same day one year later; 29 February falls back to 28 February. */
export function anniversary(date: CalendarDate): CalendarDate {
  const year = Number(date.slice(0, 4)) + 1;
  const monthDay = date.slice(5);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return `${year}-${monthDay === '02-29' && !leap ? '02-28' : monthDay}`;
}

function anniversaryNote(date: CalendarDate): string {
  return date.endsWith('-02-29') && !anniversary(date).endsWith('-02-29')
    ? ' (28 February, as that year has no 29 February)'
    : '';
}

/** A filing deadline is never moved off a weekend or holiday: say so when it falls on one. */
function nonWorkingDayNote(date: CalendarDate, jurisdiction: string | null): string {
  const country = jurisdiction?.toUpperCase() === 'UK' ? 'GB' : jurisdiction?.toUpperCase();
  const holiday = country ? holidayName(country, date) : undefined;
  const reason = holiday ?? (isWeekend(date) ? 'a weekend' : undefined);
  if (!reason) return '';
  return `. ${formatWithWeekday(date)} is ${holiday ? `a public holiday (${holiday})` : reason}; the rule does not move the deadline, so it must arrive by the working day before`;
}

/** Days the coming meeting moved from the anniversary of the last one, when both dates are known. */
function meetingShift(company: CompanyDates): number | undefined {
  const { lastAgmDate, nextAgmDate } = company;
  if (!lastAgmDate || !nextAgmDate || nextAgmDate <= lastAgmDate) return undefined;
  return daysBetween(anniversary(lastAgmDate), nextAgmDate);
}

function movedText(company: CompanyDates, shift: number): string {
  const direction = shift < 0 ? 'earlier' : 'later';
  return `the next meeting (${formatCalendarDate(company.nextAgmDate!)}) is ${Math.abs(shift)} days ${direction} than the anniversary of the last one (${formatCalendarDate(anniversary(company.lastAgmDate!))})`;
}

/**
 * The deadline of one filing rule for a company, or undefined when the rule does not apply or an
 * input is missing. None of these rules moves a deadline off a weekend or holiday; the explanation
 * says when one falls on such a day.
 */
export function computeFilingDeadline(kind: FilingKind, company: CompanyDates): FilingDeadline | undefined {
  // A stored date that is not a real one is an input that is missing, never a failure.
  const real = (date: string | null) => (date !== null && isCalendarDate(date) ? date : null);
  const deadline = computeUnadjusted(kind, {
    ...company,
    lastAgmDate: real(company.lastAgmDate),
    nextAgmDate: real(company.nextAgmDate),
    lastProxyDate: real(company.lastProxyDate),
  });
  if (!deadline || deadline.needsDisclosedDate) return deadline;
  return {
    ...deadline,
    explanation: deadline.explanation + nonWorkingDayNote(deadline.date, company.jurisdiction),
  };
}

function computeUnadjusted(kind: FilingKind, company: CompanyDates): FilingDeadline | undefined {
  if (!filingRuleApplies(kind, company.jurisdiction)) return undefined;
  const rule = FILING_RULES[kind];
  const f = formatCalendarDate;

  if (rule.anchor === 'next_agm') {
    if (!company.nextAgmDate) return undefined;
    const unlisted = 'daysBeforeUnlisted' in rule && company.listed === false;
    const daysBefore = unlisted ? rule.daysBeforeUnlisted : rule.daysBefore;
    const period = unlisted ? rule.periodUnlisted : rule.period;
    const kindOfCompany =
      'daysBeforeUnlisted' in rule
        ? unlisted
          ? ' (a company that is not listed)'
          : ' (a listed company)'
        : '';
    const date = addDays(company.nextAgmDate, -(daysBefore + 1));
    const citation = 'citation360' in rule ? rule.citation360 : rule.citation;
    return {
      kind,
      date,
      explanation: `${f(date)}: must be received at least ${period} before the AGM on ${f(company.nextAgmDate)}${kindOfCompany}, ${rule.note} (${citation})`,
    };
  }

  const shift = meetingShift(company);
  const moved = shift !== undefined && Math.abs(shift) > rule.meetingMovedDays;

  if (rule.anchor === 'proxy_anniversary') {
    if (!company.lastProxyDate) return undefined;
    const anchor = anniversary(company.lastProxyDate);
    const nominal = addDays(anchor, -rule.daysBefore);
    const basis = `${rule.daysBefore} days before ${f(anchor)}, the anniversary${anniversaryNote(company.lastProxyDate)} of the ${f(company.lastProxyDate)} proxy statement`;
    if (!moved) return { kind, date: nominal, explanation: `${f(nominal)}: ${basis} (${rule.citation})` };
    const estimate = addDays(nominal, shift!);
    return {
      kind,
      date: estimate,
      needsDisclosedDate: true,
      explanation: `Date to confirm: ${movedText(company, shift!)}, more than ${rule.meetingMovedDays} days, so ${rule.movedRule} (${rule.citation}). Enter the date the company discloses. ${f(estimate)} is an estimate: ${basis}, moved by the same ${Math.abs(shift!)} days`,
    };
  }

  if (!company.lastAgmDate) return undefined;
  if (moved) {
    const date = addDays(company.nextAgmDate!, -rule.daysBefore);
    return {
      kind,
      date,
      needsDisclosedDate: true,
      explanation: `${f(date)} at the earliest: ${movedText(company, shift!)}, more than ${rule.meetingMovedDays} days, so ${rule.movedRule} (${rule.citation}). Check when the company announced the meeting date`,
    };
  }
  const anchor = anniversary(company.lastAgmDate);
  const date = addDays(anchor, -rule.daysBefore);
  return {
    kind,
    date,
    explanation: `${f(date)}: ${rule.daysBefore} days before ${f(anchor)}, the anniversary${anniversaryNote(company.lastAgmDate)} of the ${f(company.lastAgmDate)} annual meeting (${rule.citation})`,
  };
}
