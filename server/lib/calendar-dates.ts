/** Calendar dates as YYYY-MM-DD strings; arithmetic in UTC so no time zone shifts a day. */
export type CalendarDate = string;

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function weekday(date: CalendarDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function isWeekend(date: CalendarDate): boolean {
  const day = weekday(date);
  return day === 0 || day === 6;
}

export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The calendar date of an instant in a time zone. */
// Building an Intl.DateTimeFormat costs far more than formatting with one; statistics format
// hundreds of thousands of instants per page.
const zoneFormats = new Map<string, Intl.DateTimeFormat>();

function zoneFormat(timeZone: string): Intl.DateTimeFormat {
  let format = zoneFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    zoneFormats.set(timeZone, format);
  }
  return format;
}

export function dateInZone(instant: Date, timeZone: string): CalendarDate {
  if (timeZone === 'UTC') {
    const iso = instant.toISOString();
    if (iso.length === 24) return iso.slice(0, 10);
  }
  const parts = zoneFormat(timeZone).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

const longFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const weekdayFormat = new Intl.DateTimeFormat('en-GB', { weekday: 'short', timeZone: 'UTC' });

/** "25 Apr 2023"; a stored value that is not a real date is shown as such, never thrown. */
export function formatCalendarDate(date: CalendarDate): string {
  if (!isCalendarDate(date)) return `${date} (not a valid date)`;
  return longFormat.format(new Date(`${date}T00:00:00Z`));
}

/** "Sat 22 Apr 2023" */
export function formatWithWeekday(date: CalendarDate): string {
  if (!isCalendarDate(date)) return formatCalendarDate(date);
  return `${weekdayFormat.format(new Date(`${date}T00:00:00Z`))} ${formatCalendarDate(date)}`;
}

/** The calendar date of a stored instant (or calendar date) in a time zone, or undefined when it is not a real one. */
export function parseDateInZone(value: string, timeZone: string): CalendarDate | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return isCalendarDate(value) ? value : undefined;
  if (!isInstant(value)) return undefined;
  return dateInZone(new Date(value), timeZone);
}

/** An ISO 8601 instant whose date and time parts are real (no 2031-13-01, no 25:00). */
export function isInstant(value: string): boolean {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-](\d{2}):(\d{2}))$/.exec(
    value,
  );
  if (!match) return false;
  const [, date, hours, minutes, seconds = '00', , offsetHours = '00', offsetMinutes = '00'] = match;
  return (
    isCalendarDate(date!) &&
    Number(hours) <= 23 &&
    Number(minutes) <= 59 &&
    Number(seconds) <= 59 &&
    Number(offsetHours) <= 23 &&
    Number(offsetMinutes) <= 59 &&
    !Number.isNaN(Date.parse(value))
  );
}

export function isCalendarDate(value: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}$/.test(value) &&
    !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
    new Date(`${value}T00:00:00Z`).toISOString().startsWith(value)
  );
}
