import type { DueRuleInputs } from '../../db/schema.js';
import {
  addDays,
  type CalendarDate,
  dateInZone,
  formatCalendarDate,
  formatWithWeekday,
  isWeekend,
} from './calendar-dates.js';
import { holidayName } from './holidays.js';

export interface DueDate {
  sentDate: CalendarDate;
  dueDate: CalendarDate;
  explanation: string;
  inputs: DueRuleInputs;
}

function nonWorkingReason(date: CalendarDate, country: string | null): string | undefined {
  if (isWeekend(date)) return 'weekend';
  const holiday = holidayName(country, date);
  return holiday ? `${holiday}, ${country}` : undefined;
}

/**
 * The response due date of a letter sent at `sentAt` (DOMAIN.md §3). The send date, in the
 * configured time zone, is day 0. Calendar mode moves a due date that lands on a weekend or
 * holiday to the next working day; working mode counts only working days.
 */
export function computeDueDate(
  sentAt: Date,
  rule: {
    responseDays: number;
    dayCount: 'calendar' | 'working';
    holidayCountry: string | null;
    timezone: string;
  },
): DueDate {
  return computeDueDateFrom(dateInZone(sentAt, rule.timezone), rule);
}

/** The same rule from a calendar send date, as stored with each dispatch so it can be recomputed. */
export function computeDueDateFrom(
  sentDate: CalendarDate,
  rule: {
    responseDays: number;
    dayCount: 'calendar' | 'working';
    holidayCountry: string | null;
    timezone: string;
  },
): DueDate {
  const { responseDays, dayCount, holidayCountry, timezone } = rule;
  const inputs: DueRuleInputs = { sentDate, responseDays, dayCount, holidayCountry, timezone };
  const country = rule.holidayCountry;
  const calendarNote = country ? ` (${country} holidays)` : '';

  if (rule.dayCount === 'calendar') {
    const nominal = addDays(sentDate, rule.responseDays);
    let due = nominal;
    const skipped: string[] = [];
    for (let reason = nonWorkingReason(due, country); reason; reason = nonWorkingReason(due, country)) {
      skipped.push(`${formatWithWeekday(due)}: ${reason}`);
      due = addDays(due, 1);
    }
    const base = `${formatCalendarDate(due)}: ${rule.responseDays} calendar days from ${formatCalendarDate(sentDate)}`;
    const moved = skipped.length
      ? `, moved to the next working day${calendarNote} (${skipped.join('; ')})`
      : '';
    return { sentDate, dueDate: due, explanation: base + moved, inputs };
  }

  let due = sentDate;
  let counted = 0;
  const holidaysSkipped: string[] = [];
  while (counted < rule.responseDays) {
    due = addDays(due, 1);
    if (isWeekend(due)) continue;
    const holiday = holidayName(country, due);
    if (holiday) {
      holidaysSkipped.push(`${holiday} ${formatCalendarDate(due)}`);
      continue;
    }
    counted++;
  }
  const skipped = holidaysSkipped.length ? `, skipping ${holidaysSkipped.join(', ')}` : '';
  return {
    sentDate,
    dueDate: due,
    explanation: `${formatCalendarDate(due)}: ${rule.responseDays} working days from ${formatCalendarDate(sentDate)}${calendarNote}${skipped}`,
    inputs,
  };
}

/** Due date plus the campaign's escalation delay, in calendar days. */
export function computeEscalateDate(dueDate: CalendarDate, escalationDays: number): CalendarDate {
  return addDays(dueDate, escalationDays);
}
