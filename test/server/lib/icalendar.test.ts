import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import {
  buildCalendar,
  escapeText,
  foldLine,
  stripControlCharacters,
} from '../../../server/lib/icalendar.js';

describe('iCalendar text', () => {
  it('escapes backslash, semicolon, comma and line breaks', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
  });

  it('folds lines at 75 octets without splitting a UTF-8 character', () => {
    const line = `DESCRIPTION:${'é'.repeat(100)}`;
    const folded = foldLine(line);
    for (const part of folded.split('\r\n')) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
    expect(
      folded
        .split('\r\n')
        .slice(1)
        .every((part) => part.startsWith(' ')),
    ).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
    expect(foldLine('SHORT:x')).toBe('SHORT:x');
  });

  it('builds a calendar that a parser reads back event by event', () => {
    const text = buildCalendar({
      name: 'Docket, test',
      stamp: new Date('2026-01-05T10:00:00Z'),
      events: [
        {
          uid: 'agm-c1-2026-05-14@docket.test',
          date: '2026-05-14',
          summary: 'Siemens AG; annual meeting, Munich',
          description: `Line one\nLine two with a backslash \\ and ${'long text '.repeat(20)}`,
          url: 'http://docket.test/companies/1',
          categories: ['agm'],
        },
      ],
    });
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
    const calendar = new ICAL.Component(ICAL.parse(text));
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('prodid')).toBe('-//Docket//Deadlines//EN');
    const [vevent] = calendar.getAllSubcomponents('vevent');
    const event = new ICAL.Event(vevent);
    expect(event.uid).toBe('agm-c1-2026-05-14@docket.test');
    expect(event.summary).toBe('Siemens AG; annual meeting, Munich');
    expect(event.description).toContain('Line one\nLine two with a backslash \\ and long text');
    expect(event.startDate.isDate).toBe(true);
    expect(event.startDate.toString()).toBe('2026-05-14');
    expect(event.endDate.toString()).toBe('2026-05-15');
    expect(vevent!.getFirstPropertyValue('dtstamp')?.toString()).toBe('2026-01-05T10:00:00Z');
  });
});

describe('iCalendar from input (issue 11)', () => {
  it('removes control characters, keeping line breaks and tabs', () => {
    expect(stripControlCharacters('a\u0000b\u0007c\u001b[0m\u007fd\u0085e\tf\ng')).toBe('abc[0mde\tf\ng');
    expect(escapeText('Bell\u0007; end')).toBe('Bell\\; end');
  });

  it('writes a timed event in its time zone with a VTIMEZONE that gives back the instant', () => {
    const text = buildCalendar({
      name: 'Docket',
      stamp: new Date('2026-01-05T10:00:00Z'),
      timezone: 'Europe/London',
      events: [
        {
          uid: 'sign-on-closes-l1@docket.test',
          date: '2026-06-30',
          at: new Date('2026-06-30T16:00:00Z'),
          summary: 'Sign-on closes',
        },
        {
          uid: 'sign-on-closes-l2@docket.test',
          date: '2026-01-20',
          at: new Date('2026-01-20T17:00:00Z'),
          summary: 'Winter',
        },
      ],
    });
    expect(text).toContain('DTSTART;TZID=Europe/London:20260630T170000');
    expect(text).toContain('DTSTART;TZID=Europe/London:20260120T170000');
    const calendar = new ICAL.Component(ICAL.parse(text));
    const vtimezone = calendar.getFirstSubcomponent('vtimezone')!;
    expect(vtimezone.getFirstPropertyValue('tzid')).toBe('Europe/London');
    // Summer time starts 29 March 2026 at 01:00 UTC and ends 25 October 2026 at 01:00 UTC.
    const daylight = vtimezone.getFirstSubcomponent('daylight')!;
    expect(daylight.getFirstPropertyValue('dtstart')!.toString()).toBe('2026-03-29T01:00:00');
    expect(daylight.getFirstPropertyValue('tzoffsetto')!.toString()).toBe('+01:00');
    const zone = new ICAL.Timezone(vtimezone);
    ICAL.TimezoneService.register(zone, 'Europe/London');
    const [summer, winter] = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(summer!.startDate.toJSDate().toISOString()).toBe('2026-06-30T16:00:00.000Z');
    expect(winter!.startDate.toJSDate().toISOString()).toBe('2026-01-20T17:00:00.000Z');
    expect(summer!.startDate.isDate).toBe(false);
  });
});
