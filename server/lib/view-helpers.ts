import Handlebars from 'handlebars';
import { isCalendarDate, isInstant } from './calendar-dates.js';
import { type LabelGroup, labelOf } from './labels.js';
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
  const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', notation: 'compact' });

  hbs.registerHelper({
    eq: (a: unknown, b: unknown) => a === b || String(a) === String(b),
    not: (a: unknown) => !a,
    or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
    and: (...args: unknown[]) => args.slice(0, -1).every(Boolean),
    formatDate: (value: unknown) => {
      if (!value) return '';
      const text = String(value);
      if (isCalendarDate(text)) return dateFormat.format(new Date(`${text}T00:00:00Z`));
      return isInstant(text) ? dateFormat.format(new Date(text)) : invalidDate(text);
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
    /** The words for a stored code: {{labelOf "organizationKind" kind}} → "NGO" (server/lib/labels.ts). */
    labelOf: (group: LabelGroup, value: unknown) => labelOf(group, value),
    humanize: (value: unknown) => String(value ?? '').replace(/[._]/g, ' '),
    pluralize: (count: number, singular: string, plural: string) =>
      `${count} ${count === 1 ? singular : plural}`,
    json: (value: unknown) => JSON.stringify(value),
    array: (...args: unknown[]) => args.slice(0, -1),
    percent: (value: unknown) => formatPercent(typeof value === 'number' ? value : null),
    gt: (a: unknown, b: unknown) => Number(a) > Number(b),
    inc: (value: unknown) => Number(value) + 1,
    concat: (...args: unknown[]) => args.slice(0, -1).join(''),
    lookupField: (errors: Record<string, string> | undefined, field: string) => errors?.[field],
  });
  return hbs;
}
