import { describe, expect, it } from 'vitest';
import { addDays, isWeekend } from '../../../server/lib/calendar-dates.js';
import { computeDueDateFrom } from '../../../server/lib/due-dates.js';
import { holidaysOf } from '../../../server/lib/holidays.js';
import { dayOffReason, type WorkingCalendar } from '../../../server/lib/working-calendar.js';
import {
  ENGLAND_AND_WALES,
  GERMANY_NORTH_RHINE_WESTPHALIA,
  JAPAN,
  NETHERLANDS,
} from './fixtures/official-holidays.js';

/** Every Monday-to-Friday of a year that Docket's calendar takes off. */
function weekdaysOff(calendar: WorkingCalendar, year: number): string[] {
  const off: string[] = [];
  for (let date = `${year}-01-01`; date <= `${year}-12-31`; date = addDays(date, 1)) {
    if (!isWeekend(date) && dayOffReason(calendar, date)) off.push(date);
  }
  return off;
}

const weekdays = (dates: string[]) => dates.filter((d) => !isWeekend(d));

describe('the working-day calendar agrees with official holiday lists', () => {
  const cases: [string, WorkingCalendar, Record<number, string[]>][] = [
    ['England and Wales', { country: 'GB', region: 'ENG', own: [] }, ENGLAND_AND_WALES],
    ['Wales', { country: 'GB', region: 'WLS', own: [] }, ENGLAND_AND_WALES],
    ['North Rhine-Westphalia', { country: 'DE', region: 'NW', own: [] }, GERMANY_NORTH_RHINE_WESTPHALIA],
    ['the Netherlands', { country: 'NL', region: null, own: [] }, NETHERLANDS],
    ['Japan', { country: 'JP', region: null, own: [] }, JAPAN],
  ];
  for (const [name, calendar, official] of cases) {
    for (const [year, dates] of Object.entries(official)) {
      it(`${name} ${year}`, () => {
        expect(weekdaysOff(calendar, Number(year))).toEqual(weekdays(dates));
      });
    }
  }
});

describe('only public holidays are days off', () => {
  it('bank-only days are working days: 24 and 31 December in Germany, 31 December in the Netherlands, Japanese bank closing days', () => {
    for (const date of ['2025-12-24', '2025-12-31']) {
      expect(holidaysOf('DE', 2025, 'BY').has(date)).toBe(false);
      expect(holidaysOf('DE', 2025).has(date)).toBe(false);
    }
    expect(holidaysOf('NL', 2025).has('2025-12-31')).toBe(false);
    for (const date of ['2025-01-02', '2025-01-03', '2025-12-31'])
      expect(holidaysOf('JP', 2025).has(date)).toBe(false);
  });

  it('a holiday that spans several days counts every day (Russia, 1–8 January)', () => {
    const russia = holidaysOf('RU', 2025);
    for (let day = 1; day <= 8; day++) expect(russia.has(`2025-01-0${day}`)).toBe(true);
    // Sent Tue 31 Dec 2024, 3 working days: 9, 10 and 13 January.
    const due = computeDueDateFrom('2024-12-31', {
      responseDays: 3,
      dayCount: 'working',
      holidayCountry: 'RU',
      timezone: 'Europe/Moscow',
    });
    expect(due.dueDate).toBe('2025-01-13');
  });

  it('the region matters: England’s late-August bank holiday is not Scotland’s; Scotland has 2 January', () => {
    expect(holidaysOf('GB', 2025, 'ENG').has('2025-08-25')).toBe(true);
    expect(holidaysOf('GB', 2025, 'SCT').has('2025-08-25')).toBe(false);
    expect(holidaysOf('GB', 2025, 'SCT').has('2025-08-04')).toBe(true);
    expect(holidaysOf('GB', 2025, 'SCT').has('2025-01-02')).toBe(true);
    expect(holidaysOf('GB', 2025, 'ENG').has('2025-01-02')).toBe(false);
  });

  it('a Swiss cantonal holiday does not count nationwide; it counts with its canton', () => {
    const national = holidaysOf('CH', 2025);
    expect([...national.keys()].filter((d) => !isWeekend(d))).toEqual([
      '2025-01-01',
      '2025-05-29',
      '2025-08-01',
      '2025-12-25',
    ]);
    expect(holidaysOf('CH', 2025, 'ZH').has('2025-04-18')).toBe(true); // Good Friday in Zurich
    expect(holidaysOf('CH', 2025, 'TI').has('2025-04-18')).toBe(false); // not in Ticino
    expect(holidaysOf('CH', 2025, 'TI').has('2025-03-19')).toBe(true); // San Giuseppe
  });
});

describe('the campaign’s own days', () => {
  it('a Chinese adjusted working Sunday counts as a working day', () => {
    const rule = {
      responseDays: 3,
      dayCount: 'working' as const,
      holidayCountry: 'CN',
      timezone: 'Asia/Shanghai',
    };
    // Thu 1 Feb 2024, 3 working days: Fri 2, Mon 5, Tue 6 February.
    expect(computeDueDateFrom('2024-02-01', rule).dueDate).toBe('2024-02-06');
    // The State Council made Sunday 4 February 2024 a working day before the Spring Festival.
    const own = [
      {
        date: '2024-02-04',
        kind: 'working_day' as const,
        name: 'Adjusted working day',
        source: 'entered by hand',
      },
    ];
    const due = computeDueDateFrom('2024-02-01', rule, own);
    expect(due.dueDate).toBe('2024-02-05');
    expect(due.explanation).toContain('counting as working days Sun 4 Feb 2024 (Adjusted working day)');
    expect(due.explanation).toContain('CN holidays and the campaign’s own days');
  });

  it('an own day off counts even on a weekday, and wins over nothing else', () => {
    const due = computeDueDateFrom(
      '2025-06-02',
      { responseDays: 14, dayCount: 'calendar', holidayCountry: null, timezone: 'UTC' },
      [{ date: '2025-06-16', kind: 'day_off', name: 'Office closed', source: 'entered by hand' }],
    );
    expect(due.dueDate).toBe('2025-06-17');
    expect(due.explanation).toContain('Mon 16 Jun 2025: Office closed, campaign calendar');
  });
});

describe('a country without a region', () => {
  it('GB without a region is England and Wales, as gov.uk lists it', () => {
    for (const [year, dates] of Object.entries(ENGLAND_AND_WALES)) {
      expect(weekdaysOff({ country: 'GB', region: null, own: [] }, Number(year))).toEqual(weekdays(dates));
    }
  });
});
