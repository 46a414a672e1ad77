import Holidays from 'date-holidays';
import type { CalendarDate } from './calendar-dates.js';

const HOLIDAY_TYPES = new Set(['public', 'bank']);
const cache = new Map<string, Map<CalendarDate, string>>();

/** Public and bank holidays of a country in a year, by date, from the date-holidays package. */
export function holidaysOf(country: string, year: number): Map<CalendarDate, string> {
  const key = `${country}:${year}`;
  let holidays = cache.get(key);
  if (!holidays) {
    holidays = new Map();
    const calendar = new Holidays(country);
    for (const holiday of calendar.getHolidays(year) || []) {
      if (HOLIDAY_TYPES.has(holiday.type)) holidays.set(holiday.date.slice(0, 10), holiday.name);
    }
    cache.set(key, holidays);
  }
  return holidays;
}

export function holidayName(country: string | null | undefined, date: CalendarDate): string | undefined {
  if (!country) return undefined;
  return holidaysOf(country, Number(date.slice(0, 4))).get(date);
}

export function isKnownHolidayCountry(country: string): boolean {
  return Boolean(new Holidays().getCountries()[country.toUpperCase()]);
}
