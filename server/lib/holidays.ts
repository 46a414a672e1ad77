import type HolidaysPackage from 'date-holidays';
import { addDays, type CalendarDate } from './calendar-dates.js';
import { lazyPackage } from './lazy-package.js';

// 24 MB of rules: loaded when a calendar is first needed.
const Holidays = lazyPackage<typeof HolidaysPackage>('date-holidays');

/**
 * Public holidays by date, from the date-holidays package (DOMAIN.md §3): only `public` days count
 * (bank-only, observance, optional, school and half days do not), a holiday that spans several days
 * counts every day, and the region matters.
 */

/**
 * Corrections to date-holidays, by country: rules it types as something other than `public` that
 * are days off for legal deadlines. The Netherlands: the Algemene termijnenwet (art. 3) names
 * 5 May, and Good Friday is treated as a holiday for deadlines; date-holidays marks both `school`.
 */
const PUBLIC_RULE_OVERRIDES: Record<string, ReadonlySet<string>> = {
  NL: new Set(['easter -2', '05-05']),
};

/**
 * Countries whose holidays are set by the region (Swiss cantons): without a region, only the days
 * that are public holidays in every region count, so one canton's holiday does not count nationwide.
 */
const NATIONAL_MEANS_EVERY_REGION = new Set(['CH']);

/**
 * Countries whose calendar without a region is one region's: the United Kingdom's bank holidays
 * differ by nation, and gov.uk's default list is England and Wales' (with the late-August bank
 * holiday that date-holidays' national GB list lacks). Scotland and Northern Ireland are regions.
 */
export const DEFAULT_REGIONS: Record<string, string> = { GB: 'ENG' };

let knownCountries: HolidaysPackage | undefined;
function known(): HolidaysPackage {
  knownCountries ??= new (Holidays())();
  return knownCountries;
}
const cache = new Map<string, Map<CalendarDate, string>>();

function fromPackage(country: string, region: string | null, year: number): Map<CalendarDate, string> {
  const days = new Map<CalendarDate, string>();
  const calendar = region ? new (Holidays())(country, region) : new (Holidays())(country);
  const overrides = PUBLIC_RULE_OVERRIDES[country];
  for (const holiday of calendar.getHolidays(year) || []) {
    const isPublic = holiday.type === 'public' || overrides?.has(holiday.rule);
    // A holiday that starts at noon is a half day: not a day off.
    if (!isPublic || !holiday.date.endsWith('00:00:00')) continue;
    const first = holiday.date.slice(0, 10);
    const length = Math.max(1, Math.round((holiday.end.getTime() - holiday.start.getTime()) / 86_400_000));
    for (let i = 0; i < length; i++) {
      const date = addDays(first, i);
      if (!days.has(date)) days.set(date, holiday.name);
    }
  }
  return days;
}

/** Public holidays of a country (and optional region) in a year, by date. */
export function holidaysOf(
  country: string,
  year: number,
  region: string | null = null,
): Map<CalendarDate, string> {
  const key = `${country}:${region ?? ''}:${year}`;
  let holidays = cache.get(key);
  if (!holidays) {
    holidays = fromPackage(country, region ?? DEFAULT_REGIONS[country] ?? null, year);
    if (!region && NATIONAL_MEANS_EVERY_REGION.has(country)) {
      for (const code of Object.keys(known().getStates(country) ?? {})) {
        const regional = fromPackage(country, code, year);
        for (const date of [...holidays.keys()]) if (!regional.has(date)) holidays.delete(date);
      }
    }
    cache.set(key, holidays);
  }
  return holidays;
}

export function holidayName(
  country: string | null | undefined,
  date: CalendarDate,
  region: string | null = null,
): string | undefined {
  if (!country) return undefined;
  return holidaysOf(country, Number(date.slice(0, 4)), region).get(date);
}

export function isKnownHolidayCountry(country: string): boolean {
  return Boolean(known().getCountries()[country.toUpperCase()]);
}

/** The regions date-holidays knows for a country: GB's nations, German states, Swiss cantons, US states. */
export function holidayRegionsOf(country: string): Record<string, string> {
  return (known().getStates(country.toUpperCase()) as Record<string, string> | undefined) ?? {};
}

export function isKnownHolidayRegion(country: string, region: string): boolean {
  return region.toUpperCase() in holidayRegionsOf(country);
}
