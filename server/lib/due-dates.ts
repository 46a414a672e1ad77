import type { DueRuleInputs } from '../../db/schema.js';
import {
  addDays,
  type CalendarDate,
  dateInZone,
  formatCalendarDate,
  formatWithWeekday,
} from './calendar-dates.js';
import {
  calendarLabel,
  dayOffReason,
  type OwnCalendarDay,
  ownWorkingDay,
  type WorkingCalendar,
} from './working-calendar.js';

export interface DueDate {
  sentDate: CalendarDate;
  dueDate: CalendarDate;
  explanation: string;
  inputs: DueRuleInputs;
}

export interface DueRule {
  responseDays: number;
  dayCount: 'calendar' | 'working';
  holidayCountry: string | null;
  holidayRegion?: string | null;
  timezone: string;
}

/**
 * The response due date of a letter sent at `sentAt` (DOMAIN.md §3). The send date, in the
 * configured time zone, is day 0. Calendar mode moves a due date that lands on a weekend or
 * holiday to the next working day; working mode counts only working days. `own` holds the
 * campaign's own days off and working days.
 */
export function computeDueDate(sentAt: Date, rule: DueRule, own: readonly OwnCalendarDay[] = []): DueDate {
  return computeDueDateFrom(dateInZone(sentAt, rule.timezone), rule, own);
}

/** The same rule from a calendar send date, as stored with each dispatch so it can be recomputed. */
export function computeDueDateFrom(
  sentDate: CalendarDate,
  rule: DueRule,
  own: readonly OwnCalendarDay[] = [],
): DueDate {
  const { responseDays, dayCount, holidayCountry, timezone } = rule;
  const holidayRegion = holidayCountry ? (rule.holidayRegion ?? null) : null;
  const inputs: DueRuleInputs = {
    sentDate,
    responseDays,
    dayCount,
    holidayCountry,
    ...(holidayRegion && { holidayRegion }),
    timezone,
  };
  const calendar: WorkingCalendar = { country: holidayCountry, region: holidayRegion, own };
  const label = calendarLabel(calendar);
  const calendarNote = label
    ? ` (${label} holidays${own.length ? ' and the campaign’s own days' : ''})`
    : own.length
      ? ' (the campaign’s own days)'
      : '';
  const workedOn: string[] = [];
  const noteWorkingDay = (date: CalendarDate) => {
    const day = ownWorkingDay(calendar, date);
    if (day) workedOn.push(`${formatWithWeekday(date)} (${day.name})`);
  };
  const worked = () =>
    workedOn.length ? `; counting as working days ${workedOn.join(', ')} from the campaign’s calendar` : '';

  if (dayCount === 'calendar') {
    const nominal = addDays(sentDate, responseDays);
    let due = nominal;
    const skipped: string[] = [];
    for (let off = dayOffReason(calendar, due); off; off = dayOffReason(calendar, due)) {
      skipped.push(`${formatWithWeekday(due)}: ${off.reason}`);
      due = addDays(due, 1);
    }
    noteWorkingDay(due);
    const base = `${formatCalendarDate(due)}: ${responseDays} calendar days from ${formatCalendarDate(sentDate)}`;
    const moved = skipped.length
      ? `, moved to the next working day${calendarNote} (${skipped.join('; ')})`
      : '';
    return { sentDate, dueDate: due, explanation: base + moved + worked(), inputs };
  }

  let due = sentDate;
  let counted = 0;
  const holidaysSkipped: string[] = [];
  while (counted < responseDays) {
    due = addDays(due, 1);
    const off = dayOffReason(calendar, due);
    if (off) {
      if (off.source !== 'weekend') holidaysSkipped.push(`${off.name} ${formatCalendarDate(due)}`);
      continue;
    }
    noteWorkingDay(due);
    counted++;
  }
  const skipped = holidaysSkipped.length ? `, skipping ${holidaysSkipped.join(', ')}` : '';
  return {
    sentDate,
    dueDate: due,
    explanation: `${formatCalendarDate(due)}: ${responseDays} working days from ${formatCalendarDate(sentDate)}${calendarNote}${skipped}${worked()}`,
    inputs,
  };
}

/** Due date plus the campaign's escalation delay, in calendar days. */
export function computeEscalateDate(dueDate: CalendarDate, escalationDays: number): CalendarDate {
  return addDays(dueDate, escalationDays);
}
