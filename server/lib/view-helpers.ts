import Handlebars from 'handlebars';
import { isCalendarDate, isInstant } from './calendar-dates.js';
import { formatPercent } from './numbers.js';

/** A stored value that is not a real date is shown as such instead of failing the page. */
function invalidDate(text: string): string {
  return `${text} (not a valid date)`;
}

import { withPlaceholders } from './template-placeholders.js';

/** The Handlebars instance for HTML pages; escaping stays on, helpers only format. */
export function createViewHandlebars(timezone: string): typeof Handlebars {
  const hbs = Handlebars.create();
  const dateFormat = new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: timezone,
  });
  const formattedDates = new Map<string, string>();
  const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', notation: 'compact' });

  hbs.registerHelper({
    eq: (a: unknown, b: unknown) => a === b || String(a) === String(b),
    not: (a: unknown) => !a,
    or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
    and: (...args: unknown[]) => args.slice(0, -1).every(Boolean),
    formatDate: (value: unknown) => {
      if (!value) return '';
      const text = String(value);
      // A board page shows a hundred dates, most of them the same few days: each text is formatted once.
      let formatted = formattedDates.get(text);
      if (formatted === undefined) {
        if (isCalendarDate(text)) formatted = dateFormat.format(new Date(`${text}T00:00:00Z`));
        else formatted = isInstant(text) ? dateFormat.format(new Date(text)) : invalidDate(text);
        if (formattedDates.size >= 10_000) formattedDates.clear();
        formattedDates.set(text, formatted);
      }
      return formatted;
    },
    formatDateTime: (value: unknown) => {
      if (!value) return '';
      const text = String(value);
      return isInstant(text) ? dateTimeFormat.format(new Date(text)) : invalidDate(text);
    },
    formatUsd: (value: unknown) => (typeof value === 'number' ? money.format(value) : ''),
    lower: (value: unknown) => String(value ?? '').toLowerCase(),
    /** A letter title as written, with its template variables shown as placeholders: "[company name]". */
    titleOf: (value: unknown) => withPlaceholders(String(value ?? '')),
    /** A letter title for the public: "[company]" where each company's copy has its own name. */
    publicTitleOf: (value: unknown) =>
      String(value ?? '').replace(
        /\{\{\{?\s*([\w.]+)\s*\}?\}\}/g,
        (_m, path: string) => `[${path.split('.')[0]}]`,
      ),
    humanize: (value: unknown) => String(value ?? '').replace(/[._]/g, ' '),
    pluralize: (count: number, singular: string, plural: string) =>
      `${count} ${count === 1 ? singular : plural}`,
    json: (value: unknown) => JSON.stringify(value),
    array: (...args: unknown[]) => args.slice(0, -1),
    percent: (value: unknown) => formatPercent(typeof value === 'number' ? value : null),
    gt: (a: unknown, b: unknown) => Number(a) > Number(b),
    inc: (value: unknown) => Number(value) + 1,
    /** A number of days in words; 0 is "0 days", nothing is "—". */
    days: (value: unknown) =>
      typeof value === 'number' && Number.isFinite(value) ? `${value} ${value === 1 ? 'day' : 'days'}` : '—',
    add: (a: unknown, b: unknown) => Number(a) + Number(b),
    sub: (a: unknown, b: unknown) => Number(a) - Number(b),
    concat: (...args: unknown[]) => args.slice(0, -1).join(''),
    lookupField: (errors: Record<string, string> | undefined, field: string) => errors?.[field],
  });
  return hbs;
}
