import Handlebars from 'handlebars';
import { createDateFormatter } from './date-format.js';
import { type LabelGroup, labelOf } from './labels.js';
import { formatPercent } from './numbers.js';
import { withPlaceholders } from './template-placeholders.js';
import { plural } from './words.js';

/** The Handlebars instance for HTML pages; escaping stays on, helpers only format. */
export function createViewHandlebars(timezone: string): typeof Handlebars {
  const hbs = Handlebars.create();
  const dates = createDateFormatter(timezone);
  const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', notation: 'compact' });

  hbs.registerHelper({
    eq: (a: unknown, b: unknown) => a === b || String(a) === String(b),
    not: (a: unknown) => !a,
    or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
    and: (...args: unknown[]) => args.slice(0, -1).every(Boolean),
    /** A calendar date as that day; an instant on its day in TIMEZONE. */
    formatDate: (value: unknown) => dates.date(value),
    formatDateTime: (value: unknown) => dates.dateTime(value),
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
    pluralize: (count: number, singular: string, pluralForm: string) => plural(count, singular, pluralForm),
    json: (value: unknown) => JSON.stringify(value),
    array: (...args: unknown[]) => args.slice(0, -1),
    percent: (value: unknown) => formatPercent(typeof value === 'number' ? value : null),
    gt: (a: unknown, b: unknown) => Number(a) > Number(b),
    inc: (value: unknown) => Number(value) + 1,
    /** A number of days in words; 0 is "0 days", nothing is "—". */
    days: (value: unknown) =>
      typeof value === 'number' && Number.isFinite(value) ? plural(value, 'day') : '—',
    add: (a: unknown, b: unknown) => Number(a) + Number(b),
    sub: (a: unknown, b: unknown) => Number(a) - Number(b),
    concat: (...args: unknown[]) => args.slice(0, -1).join(''),
    lookupField: (errors: Record<string, string> | undefined, field: string) => errors?.[field],
  });
  return hbs;
}
