import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildCalendar, escapeText, foldLine } from '../../../server/lib/icalendar.js';

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
