import { describe, expect, it } from 'vitest';
import { dateInZone } from '../../../server/lib/calendar-dates.js';

describe('dateInZone', () => {
  // Every hour across two years, both sides of midnight and of a leap day, in UTC and elsewhere.
  const instants = Array.from(
    { length: 2 * 366 * 24 },
    (_, h) => new Date(Date.UTC(2023, 11, 1) + h * 3_600_000),
  );
  const viaIntl = (instant: Date, timeZone: string) =>
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
      instant,
    );

  it('gives the calendar date Intl gives, in UTC and in other zones', () => {
    for (const zone of ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo']) {
      for (const instant of instants.filter((_, i) => i % 7 === 0))
        expect(dateInZone(instant, zone)).toBe(viaIntl(instant, zone));
    }
    expect(dateInZone(new Date('2024-02-29T23:30:00Z'), 'UTC')).toBe('2024-02-29');
    expect(dateInZone(new Date('2024-02-29T23:30:00Z'), 'Asia/Tokyo')).toBe('2024-03-01');
  });

  it('refuses an unknown time zone', () => {
    expect(() => dateInZone(new Date(), 'Mars/Olympus')).toThrow(RangeError);
  });
});
