import { describe, expect, it } from 'vitest';
import { createDateFormatter } from '../../../server/lib/date-format.js';
import { createViewHandlebars } from '../../../server/lib/view-helpers.js';
import { listInWords, plural } from '../../../server/lib/words.js';
import { createRenderer } from '../../../server/services/renderer.js';

describe('one date formatter for pages, emails and letters', () => {
  it('shows a calendar date as that day in every zone', () => {
    for (const zone of ['UTC', 'Pacific/Kiritimati', 'America/Los_Angeles']) {
      expect(createDateFormatter(zone).date('2023-04-25')).toBe('25 Apr 2023');
      expect(createDateFormatter(zone).date('2023-04-25', { length: 'long' })).toBe('25 April 2023');
    }
  });

  it('shows an instant on its day in TIMEZONE, late at night and early in the morning', () => {
    const lateUtc = '2026-03-01T23:30:00.000Z';
    expect(createDateFormatter('Europe/Berlin').date(lateUtc)).toBe('2 Mar 2026');
    expect(createDateFormatter('America/New_York').date(lateUtc)).toBe('1 Mar 2026');
    expect(createDateFormatter('Europe/Berlin').dateTime(lateUtc)).toBe('2 Mar 2026, 00:30');
    expect(createDateFormatter('Europe/Berlin').timeOfDay(new Date(lateUtc))).toBe('00:30 CET');
    expect(createDateFormatter('Europe/Berlin').date(lateUtc, { length: 'long', locale: 'de-DE' })).toBe(
      '2. März 2026',
    );
  });

  it('shows nothing for nothing and says so for a stored value that is not a date', () => {
    const dates = createDateFormatter('UTC');
    expect(dates.date(null)).toBe('');
    expect(dates.date('')).toBe('');
    expect(dates.date('2023-02-30')).toBe('2023-02-30 (not a valid date)');
    expect(dates.dateTime('soon')).toBe('soon (not a valid date)');
  });

  it('is what views and emails use: the same day for the same instant', () => {
    const instant = '2026-03-01T23:30:00.000Z';
    const view = createViewHandlebars('Europe/Berlin').compile('{{formatDate at}}');
    expect(view({ at: instant })).toBe('2 Mar 2026');
    const { handlebars } = createRenderer({ timezone: 'Europe/Berlin' });
    expect(handlebars.compile('{{formatDate at}}')({ at: instant })).toBe('2 March 2026');
  });
});

describe('words', () => {
  it('counts with the right noun and lists in words', () => {
    expect(plural(1, 'company', 'companies')).toBe('1 company');
    expect(plural(0, 'company', 'companies')).toBe('0 companies');
    expect(plural(2, 'day')).toBe('2 days');
    expect(listInWords([])).toBe('');
    expect(listInWords(['a'])).toBe('a');
    expect(listInWords(['a', 'b', 'c'])).toBe('a, b and c');
  });
});
