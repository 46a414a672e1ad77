import { type CalendarDate, isWeekend } from './calendar-dates.js';
import { holidayName } from './holidays.js';

/** A campaign's own correction to its holiday calendar (see campaign_calendar_days). */
export interface OwnCalendarDay {
  date: CalendarDate;
  kind: 'day_off' | 'working_day';
  name: string;
  source: string;
}

/** The calendar a campaign counts working days with: a country, an optional region and its own days. */
export interface WorkingCalendar {
  country: string | null;
  region: string | null;
  own: readonly OwnCalendarDay[];
}

export interface DayOff {
  date: CalendarDate;
  /** The holiday's or own day's name; "weekend" for Saturdays and Sundays. */
  name: string;
  reason: string;
  /** Where the day comes from: "weekend", "date-holidays GB-ENG", or the campaign's own entry. */
  source: string;
}

/** "GB-ENG" or "DE", as the calendar is named in explanations. */
export function calendarLabel(calendar: Pick<WorkingCalendar, 'country' | 'region'>): string | undefined {
  if (!calendar.country) return undefined;
  return calendar.region ? `${calendar.country}-${calendar.region}` : calendar.country;
}

/**
 * Why a date is not a working day, or undefined when it is one. The campaign's own days win:
 * an extra working day counts even on a weekend or holiday (China's adjusted Sundays, Ukraine's
 * suspended holidays), an extra day off counts even on a weekday. A working day given for a
 * holiday that falls on a weekend cancels the holiday, not the weekend.
 */
export function dayOffReason(calendar: WorkingCalendar, date: CalendarDate): DayOff | undefined {
  const own = calendar.own.find((d) => d.date === date);
  if (own?.kind === 'working_day') {
    const cancelsWeekendHoliday =
      isWeekend(date) && holidayName(calendar.country, date, calendar.region) !== undefined;
    return cancelsWeekendHoliday
      ? { date, name: 'weekend', reason: 'weekend', source: 'weekend' }
      : undefined;
  }
  if (own?.kind === 'day_off')
    return { date, name: own.name, reason: `${own.name}, campaign calendar`, source: own.source };
  if (isWeekend(date)) return { date, name: 'weekend', reason: 'weekend', source: 'weekend' };
  const holiday = holidayName(calendar.country, date, calendar.region);
  if (holiday) {
    const label = calendarLabel(calendar)!;
    return {
      date,
      name: holiday,
      reason: `${holiday}, ${label}`,
      source: `public holiday (date-holidays ${label})`,
    };
  }
  return undefined;
}

/** The campaign's own working day on a date that would otherwise be off, if any. */
export function ownWorkingDay(calendar: WorkingCalendar, date: CalendarDate): OwnCalendarDay | undefined {
  const own = calendar.own.find((d) => d.date === date && d.kind === 'working_day');
  if (!own || dayOffReason(calendar, date)) return undefined;
  const wouldBeOff = isWeekend(date) || holidayName(calendar.country, date, calendar.region) !== undefined;
  return wouldBeOff ? own : undefined;
}
