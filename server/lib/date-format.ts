import { isCalendarDate, isInstant } from './calendar-dates.js';

export type DateLength = 'short' | 'long';

/** A stored value that is not a real date is shown as such instead of failing the page or email. */
function invalidDate(text: string): string {
  return `${text} (not a valid date)`;
}

/** Formatted days remembered per formatter (a few years of days, in two lengths). */
const FORMATTED_DATES_KEPT = 4096;

/**
 * The one way Docket shows dates, for pages, emails and letters: a calendar date ("2023-04-25")
 * is that day wherever you are; an instant is shown on its day (and time) in TIMEZONE. `short` is
 * "25 Apr 2023", `long` is "25 April 2023" (in the letter's language when given a locale).
 */
export function createDateFormatter(timezone: string) {
  // Building an Intl.DateTimeFormat costs far more than formatting with one: one per kind.
  const formats = new Map<string, Intl.DateTimeFormat>();
  function formatFor(key: string, make: () => Intl.DateTimeFormat) {
    let format = formats.get(key);
    if (!format) {
      format = make();
      formats.set(key, format);
    }
    return format;
  }
  const dayFormat = (length: DateLength, locale: string, zone: string) =>
    formatFor(`day|${length}|${locale}|${zone}`, () => {
      return new Intl.DateTimeFormat(locale, {
        day: 'numeric',
        month: length === 'long' ? 'long' : 'short',
        year: 'numeric',
        timeZone: zone,
      });
    });

  // A page shows the same few dates many times (a board page: 50 rows of due and sent dates); the
  // same text always reads as the same day, so each is formatted once until the memo fills up.
  const formatted = new Map<string, string>();
  function day(text: string, length: DateLength, locale: string): string {
    if (isCalendarDate(text)) return dayFormat(length, locale, 'UTC').format(new Date(`${text}T00:00:00Z`));
    if (isInstant(text)) return dayFormat(length, locale, timezone).format(new Date(text));
    return invalidDate(text);
  }

  return {
    timezone,
    /** The day of a calendar date or an instant; '' for nothing. */
    date(
      value: unknown,
      { length = 'short', locale = 'en-GB' }: { length?: DateLength; locale?: string } = {},
    ) {
      if (value === null || value === undefined || value === '') return '';
      const text = value instanceof Date ? value.toISOString() : String(value);
      const key = `${length}|${locale}|${text}`;
      let result = formatted.get(key);
      if (result === undefined) {
        if (formatted.size >= FORMATTED_DATES_KEPT) formatted.clear();
        result = day(text, length, locale);
        formatted.set(key, result);
      }
      return result;
    },
    /** "25 Apr 2023, 17:00" in TIMEZONE; '' for nothing. */
    dateTime(value: unknown) {
      if (value === null || value === undefined || value === '') return '';
      const text = value instanceof Date ? value.toISOString() : String(value);
      if (!isInstant(text)) return invalidDate(text);
      return formatFor(
        'dateTime',
        () =>
          new Intl.DateTimeFormat('en-GB', {
            day: 'numeric',
            month: 'short',
            year: 'numeric',
            hour: '2-digit',
            minute: '2-digit',
            timeZone: timezone,
          }),
      ).format(new Date(text));
    },
    /** "17:00 CET": an instant's time of day in TIMEZONE, with the zone's name. */
    timeOfDay(instant: Date) {
      return formatFor(
        'time',
        () =>
          new Intl.DateTimeFormat('en-GB', {
            hour: '2-digit',
            minute: '2-digit',
            timeZone: timezone,
            timeZoneName: 'short',
          }),
      ).format(instant);
    },
  };
}

export type DateFormatter = ReturnType<typeof createDateFormatter>;
