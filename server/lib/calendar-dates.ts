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

/** "25 Apr 2023" */
export function formatCalendarDate(date: CalendarDate): string {
  return longFormat.format(new Date(`${date}T00:00:00Z`));
}

/** "Sat 22 Apr 2023" */
export function formatWithWeekday(date: CalendarDate): string {
  return `${weekdayFormat.format(new Date(`${date}T00:00:00Z`))} ${formatCalendarDate(date)}`;
}

export function isCalendarDate(value: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}$/.test(value) &&
    !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
    new Date(`${value}T00:00:00Z`).toISOString().startsWith(value)
  );
}
