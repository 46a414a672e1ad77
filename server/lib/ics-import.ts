import { addDays, type CalendarDate, daysBetween, isCalendarDate } from './calendar-dates.js';

/** One day of an imported calendar: the date and the event's summary. */
export interface ImportedDay {
  date: CalendarDate;
  name: string;
}

export class IcsError extends Error {}

const MAX_DAYS_PER_EVENT = 31;

function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_m, c: string) => (c === 'n' || c === 'N' ? ' ' : c));
}

/** "20240101" or "20240101T000000Z" → 2024-01-01, or undefined when it is not a real date. */
function dateOf(value: string): CalendarDate | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})(T\d{6}Z?)?$/.exec(value.trim());
  if (!match) return undefined;
  const date = `${match[1]}-${match[2]}-${match[3]}`;
  return isCalendarDate(date) ? date : undefined;
}

/**
 * The days of an iCalendar file (RFC 5545), as a government publishes its holidays: each VEVENT
 * from DTSTART up to, not including, DTEND (one day without DTEND). Recurring rules are not
 * expanded: an official holiday calendar lists each year's dates.
 */
export function parseIcsDays(text: string): ImportedDay[] {
  const lines = text.replace(/\r\n[ \t]|\n[ \t]/g, '').split(/\r\n|\n|\r/);
  if (!lines.some((l) => l.trim() === 'BEGIN:VCALENDAR')) {
    throw new IcsError('is not an iCalendar file (no BEGIN:VCALENDAR)');
  }
  const days: ImportedDay[] = [];
  let event: { start?: string; end?: string; summary?: string; line: number } | undefined;
  lines.forEach((line, index) => {
    if (line === 'BEGIN:VEVENT') event = { line: index + 1 };
    else if (line === 'END:VEVENT' && event) {
      const start = event.start ? dateOf(event.start) : undefined;
      if (!start) throw new IcsError(`the event on line ${event.line} has no real DTSTART date`);
      const end = event.end ? dateOf(event.end) : addDays(start, 1);
      if (!end || end <= start)
        throw new IcsError(`the event on line ${event.line} has a DTEND that is not after its DTSTART`);
      const length = Math.min(daysBetween(start, end), MAX_DAYS_PER_EVENT);
      for (let i = 0; i < length; i++)
        days.push({ date: addDays(start, i), name: event.summary || 'Day off' });
      event = undefined;
    } else if (event) {
      const colon = line.indexOf(':');
      if (colon < 0) return;
      const name = line.slice(0, colon).split(';')[0]!.toUpperCase();
      const value = line.slice(colon + 1);
      if (name === 'DTSTART') event.start = value;
      else if (name === 'DTEND') event.end = value;
      else if (name === 'SUMMARY') event.summary = unescapeText(value).trim().slice(0, 200);
    }
  });
  if (days.length === 0) throw new IcsError('has no events');
  return days;
}
