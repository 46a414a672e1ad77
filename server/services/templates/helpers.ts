import type Handlebars from 'handlebars';
import { createDateFormatter } from '../../lib/date-format.js';
import { type LabelGroup, labelOf } from '../../lib/labels.js';
import { listInWords, plural } from '../../lib/words.js';

export interface HelperDoc {
  name: string;
  usage: string;
  description: string;
}

/** The helpers letters and emails may use; the editor shows this list beside the source. */
export const HELPER_DOCS: HelperDoc[] = [
  {
    name: 'formatDate',
    usage: '{{formatDate letter.sentAt}}',
    description: 'A date in the letter’s locale: “11 April 2023”. Optional locale="de".',
  },
  { name: 'ordinal', usage: '{{ordinal 3}}', description: '3rd, 21st, 12th.' },
  {
    name: 'list',
    usage: '{{list companyNames}}',
    description: 'Joins a list in words: “A, B and C”. Optional key="name" for a list of objects.',
  },
  {
    name: 'plural',
    usage: '{{plural openQuestions.length "question" "questions"}}',
    description: 'The count with the singular or plural word: “2 questions”.',
  },
  {
    name: 'daysBetween',
    usage: '{{daysBetween previousLetter.sentAt previousLetter.dueAt}}',
    description: 'Whole days from the first date to the second.',
  },
  {
    name: 'eq',
    usage: '{{#if (eq letter.kind "follow_up")}}…{{/if}}',
    description: 'True when both values are equal.',
  },
  { name: 'upper', usage: '{{upper company.country}}', description: 'Upper case.' },
  {
    name: 'labelOf',
    usage: '{{labelOf "responseKind" kind}}',
    description: 'The words for a stored code: “holding” → “Holding reply”, “ngo” → “NGO”.',
  },
];

/** Handlebars' own block helpers, always available. */
export const BUILTIN_HELPERS = ['if', 'unless', 'each', 'with', 'lookup', 'log'];

function toDate(value: unknown): Date | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const text = String(value);
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T12:00:00Z` : text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function registerTemplateHelpers(handlebars: typeof Handlebars, timezone: string): void {
  const dates = createDateFormatter(timezone);
  handlebars.registerHelper(
    'formatDate',
    function (this: unknown, value: unknown, options: Handlebars.HelperOptions) {
      if (!toDate(value)) return '';
      const root = options.data?.root as { letter?: { locale?: string } } | undefined;
      const locale = (options.hash?.locale as string | undefined) ?? root?.letter?.locale ?? 'en-GB';
      const tag = locale === 'en' ? 'en-GB' : locale;
      return dates.date(value, { length: 'long', locale: tag });
    },
  );
  handlebars.registerHelper('labelOf', (group: LabelGroup, value: unknown) => labelOf(group, value));
  handlebars.registerHelper('ordinal', (value: unknown) => {
    const n = Number(value);
    const suffix =
      n % 100 >= 11 && n % 100 <= 13
        ? 'th'
        : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
    return `${n}${suffix}`;
  });
  handlebars.registerHelper('list', (items: unknown, options: Handlebars.HelperOptions) => {
    const key = options.hash?.key as string | undefined;
    return listInWords(
      (Array.isArray(items) ? items : []).map((item) =>
        String(key ? (item as Record<string, unknown>)[key] : item),
      ),
    );
  });
  handlebars.registerHelper('plural', (count: unknown, singular: unknown, pluralForm: unknown) =>
    plural(Number(count), String(singular), String(pluralForm)),
  );
  handlebars.registerHelper('daysBetween', (from: unknown, to: unknown) => {
    const a = toDate(from);
    const b = toDate(to);
    return a && b ? Math.round((b.getTime() - a.getTime()) / 86_400_000) : '';
  });
  handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  handlebars.registerHelper('upper', (value: unknown) => String(value ?? '').toUpperCase());
}
