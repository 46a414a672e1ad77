import { addDays, type CalendarDate } from './calendar-dates.js';

/**
 * An all-day event (RFC 5545 VEVENT with DTSTART;VALUE=DATE), or a timed one when `at` is given
 * (DTSTART;TZID= in `timezone`, with its VTIMEZONE).
 */
export interface AllDayEvent {
  uid: string;
  date: CalendarDate;
  /** The instant of a deadline with a time (sign-on closing at 17:00). */
  at?: Date;
  summary: string;
  description?: string;
  url?: string;
  categories?: string[];
}

export interface CalendarOptions {
  name: string;
  /** IANA time zone of timed events. */
  timezone?: string;
  description?: string;
  /** DTSTAMP of every event: when this copy of the calendar was made. */
  stamp: Date;
  events: AllDayEvent[];
}

const MAX_OCTETS = 75;

/**
 * Control characters (C0 except line breaks and tab, DEL, C1) are not allowed in iCalendar text
 * (RFC 5545 §3.1, §3.3.11): they are removed from everything that comes from input.
 */
export function stripControlCharacters(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  return value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g, '');
}

/** TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks. */
export function escapeText(value: string): string {
  return stripControlCharacters(value)
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** Folds a content line at 75 octets (RFC 5545 §3.1) without splitting a UTF-8 character. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    // Continuation lines begin with one space, which counts toward their 75 octets.
    if (octets + size > MAX_OCTETS) {
      parts.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n');
}

function compactDate(date: CalendarDate): string {
  return date.replaceAll('-', '');
}

function compactInstant(instant: Date): string {
  return `${instant.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}

/** Local wall-clock time of an instant in a zone, compact: 20260120T170000. */
function compactLocal(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('year')}${get('month')}${get('day')}T${get('hour')}${get('minute')}${get('second')}`;
}

/** Minutes east of UTC of a zone at an instant. */
function offsetMinutes(instant: Date, timeZone: string): number {
  const local = compactLocal(instant, timeZone);
  const asUtc = Date.UTC(
    Number(local.slice(0, 4)),
    Number(local.slice(4, 6)) - 1,
    Number(local.slice(6, 8)),
    Number(local.slice(9, 11)),
    Number(local.slice(11, 13)),
    Number(local.slice(13, 15)),
  );
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

/**
 * A VTIMEZONE for the years of the timed events (RFC 5545 §3.6.5): each change of UTC offset in
 * those years, found from the platform's time-zone data, as a STANDARD or DAYLIGHT observance.
 */
export function buildTimezone(timeZone: string, years: number[]): string[] {
  const lines = ['BEGIN:VTIMEZONE', `TZID:${timeZone}`];
  const first = Math.min(...years);
  const last = Math.max(...years);
  let previous = offsetMinutes(new Date(Date.UTC(first - 1, 11, 31)), timeZone);
  const standard = (offset: number, from: number, start: string, daylight: boolean) => [
    `BEGIN:${daylight ? 'DAYLIGHT' : 'STANDARD'}`,
    `DTSTART:${start}`,
    `TZOFFSETFROM:${formatOffset(from)}`,
    `TZOFFSETTO:${formatOffset(offset)}`,
    `END:${daylight ? 'DAYLIGHT' : 'STANDARD'}`,
  ];
  let transitions = 0;
  for (let day = Date.UTC(first, 0, 1); day <= Date.UTC(last, 11, 31); day += 86_400_000) {
    const offset = offsetMinutes(new Date(day), timeZone);
    if (offset === previous) continue;
    // The change happened in the last day: find its minute.
    let low = day - 86_400_000;
    let high = day;
    while (high - low > 60_000) {
      const middle = low + Math.floor((high - low) / 120_000) * 60_000;
      if (offsetMinutes(new Date(middle), timeZone) === previous) low = middle;
      else high = middle;
    }
    // An observance starts at the wall-clock time of the offset it replaces.
    const localStart = compactInstant(new Date(high + previous * 60_000)).slice(0, 15);
    lines.push(...standard(offset, previous, localStart, offset > previous));
    previous = offset;
    transitions++;
  }
  if (transitions === 0) lines.push(...standard(previous, previous, '19700101T000000', false));
  lines.push('END:VTIMEZONE');
  return lines;
}

/** A whole VCALENDAR object with CRLF line endings, ready to serve as text/calendar. */
export function buildCalendar({
  name,
  description,
  stamp,
  events,
  timezone = 'UTC',
}: CalendarOptions): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Docket//Deadlines//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `NAME:${escapeText(name)}`,
    `X-WR-CALNAME:${escapeText(name)}`,
    ...(description ? [`X-WR-CALDESC:${escapeText(description)}`] : []),
    'REFRESH-INTERVAL;VALUE=DURATION:PT6H',
    'X-PUBLISHED-TTL:PT6H',
  ];
  const timed = events.filter((e) => e.at);
  if (timed.length) {
    const years = timed.map((e) => Number(compactLocal(e.at!, timezone).slice(0, 4)));
    lines.push(...buildTimezone(timezone, years));
  }
  const dtstamp = compactInstant(stamp);
  for (const event of events) {
    const when = event.at
      ? [`DTSTART;TZID=${timezone}:${compactLocal(event.at, timezone)}`]
      : [
          `DTSTART;VALUE=DATE:${compactDate(event.date)}`,
          `DTEND;VALUE=DATE:${compactDate(addDays(event.date, 1))}`,
        ];
    lines.push(
      'BEGIN:VEVENT',
      `UID:${stripControlCharacters(event.uid)}`,
      `DTSTAMP:${dtstamp}`,
      ...when,
      `SUMMARY:${escapeText(event.summary)}`,
    );
    if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
    if (event.url) lines.push(`URL:${stripControlCharacters(event.url).replace(/\s/g, '')}`);
    if (event.categories?.length) lines.push(`CATEGORIES:${event.categories.map(escapeText).join(',')}`);
    lines.push('TRANSP:TRANSPARENT', 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
