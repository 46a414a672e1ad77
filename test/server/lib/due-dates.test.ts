import { describe, expect, it } from 'vitest';
import { computeDueDate, computeEscalateDate } from '../../../server/lib/due-dates.js';

const calendar = (days: number, country: string | null = null, timezone = 'UTC') => ({
  responseDays: days,
  dayCount: 'calendar' as const,
  holidayCountry: country,
  timezone,
});
const working = (days: number, country: string | null = null, timezone = 'UTC') => ({
  ...calendar(days, country, timezone),
  dayCount: 'working' as const,
});

describe('computeDueDate (DOMAIN.md §3)', () => {
  it('worked check: sent Tue 2023-04-11, 14 calendar days -> Tue 2023-04-25', () => {
    const due = computeDueDate(new Date('2023-04-11T09:00:00Z'), calendar(14));
    expect(due.dueDate).toBe('2023-04-25');
    expect(due.explanation).toBe('25 Apr 2023: 14 calendar days from 11 Apr 2023');
  });

  it('worked check: sent Thu 2023-04-06, 10 working days, GB holidays -> Mon 2023-04-24', () => {
    const due = computeDueDate(new Date('2023-04-06T10:00:00Z'), working(10, 'GB'));
    expect(due.dueDate).toBe('2023-04-24');
    expect(due.explanation).toContain('10 working days from 6 Apr 2023');
    expect(due.explanation).toContain('Good Friday 7 Apr 2023');
    expect(due.explanation).toContain('Easter Monday 10 Apr 2023');
  });

  it('moves a calendar due date that lands on a weekend to Monday', () => {
    // Sent Sat 2023-04-08 + 14 days = Sat 2023-04-22 -> Mon 2023-04-24
    const due = computeDueDate(new Date('2023-04-08T12:00:00Z'), calendar(14));
    expect(due.dueDate).toBe('2023-04-24');
    expect(due.explanation).toContain('moved to the next working day');
    expect(due.explanation).toContain('Sat 22 Apr 2023: weekend');
  });

  it('moves a calendar due date past a holiday and the weekend before it', () => {
    // Sent Fri 2023-03-24 + 14 = Fri 2023-04-07 (Good Friday, GB) -> Sat, Sun, Easter Monday -> Tue 11 Apr
    const due = computeDueDate(new Date('2023-03-24T12:00:00Z'), calendar(14, 'GB'));
    expect(due.dueDate).toBe('2023-04-11');
  });

  it('crosses New Year with the holiday calendar', () => {
    // Sent Mon 2022-12-19, 10 working days, GB: 26 and 27 Dec (substitute days) and 2 Jan 2023 are holidays
    const due = computeDueDate(new Date('2022-12-19T12:00:00Z'), working(10, 'GB'));
    // 20,21,22,23 (4) 28,29,30 (7) 3,4,5 (10)
    expect(due.dueDate).toBe('2023-01-05');
    const calendarDue = computeDueDate(new Date('2022-12-19T12:00:00Z'), calendar(14, 'GB'));
    // 19 Dec + 14 = Mon 2 Jan 2023 (substitute New Year holiday in GB) -> Tue 3 Jan
    expect(calendarDue.dueDate).toBe('2023-01-03');
  });

  it('a country without the holiday counts the day as working', () => {
    // Easter Monday is a holiday in GB but not in the US
    const gb = computeDueDate(new Date('2023-04-06T10:00:00Z'), working(10, 'GB'));
    const us = computeDueDate(new Date('2023-04-06T10:00:00Z'), working(10, 'US'));
    const none = computeDueDate(new Date('2023-04-06T10:00:00Z'), working(10, null));
    expect(gb.dueDate).toBe('2023-04-24');
    expect(us.dueDate).toBe('2023-04-20');
    expect(none.dueDate).toBe('2023-04-20');
  });

  it('takes the send date in the configured time zone, not UTC', () => {
    // 23:30 UTC on Mon 10 Apr is already Tue 11 Apr in Tokyo, and still Mon 10 Apr in New York
    const instant = new Date('2023-04-10T23:30:00Z');
    expect(computeDueDate(instant, calendar(14, null, 'Asia/Tokyo')).sentDate).toBe('2023-04-11');
    expect(computeDueDate(instant, calendar(14, null, 'Asia/Tokyo')).dueDate).toBe('2023-04-25');
    expect(computeDueDate(instant, calendar(14, null, 'America/New_York')).dueDate).toBe('2023-04-24');
    expect(computeDueDate(instant, calendar(14, null, 'UTC')).dueDate).toBe('2023-04-24');
  });

  it('stores its inputs so the date can be recomputed', () => {
    const due = computeDueDate(new Date('2023-04-11T09:00:00Z'), working(5, 'DE', 'Europe/Berlin'));
    expect(due.inputs).toEqual({
      sentDate: '2023-04-11',
      responseDays: 5,
      dayCount: 'working',
      holidayCountry: 'DE',
      timezone: 'Europe/Berlin',
    });
  });

  it('escalation defaults to due + 14 calendar days', () => {
    expect(computeEscalateDate('2023-04-25', 14)).toBe('2023-05-09');
  });
});
