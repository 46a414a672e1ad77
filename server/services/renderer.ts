import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';

export const TEMPLATES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'templates');

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/**
 * Letters and emails render through this one isolated, strict Handlebars instance:
 * a missing variable is an error, never a blank where a company name should be.
 */
export function createRenderer({
  timezone,
  templatesDir = TEMPLATES_DIR,
}: {
  timezone: string;
  templatesDir?: string;
}) {
  const handlebars = Handlebars.create();
  handlebars.registerHelper('formatDate', (value: unknown, options: Handlebars.HelperOptions) => {
    if (value === null || value === undefined || value === '') return '';
    const date = new Date(String(value).length === 10 ? `${value}T12:00:00Z` : String(value));
    const locale = (options.hash?.locale as string | undefined) ?? 'en-GB';
    return new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: timezone,
    }).format(date);
  });

  handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);

  const cache = new Map<string, Handlebars.TemplateDelegate>();
  function compiled(path: string, escapeHtml: boolean): Handlebars.TemplateDelegate {
    const key = `${escapeHtml}:${path}`;
    let template = cache.get(key);
    if (!template) {
      const source = readFileSync(join(templatesDir, path), 'utf8');
      template = handlebars.compile(source, { strict: true, noEscape: !escapeHtml });
      cache.set(key, template);
    }
    return template;
  }

  return {
    handlebars,
    renderEmail(name: string, data: Record<string, unknown>): RenderedEmail {
      return {
        subject: compiled(`emails/${name}.subject.hbs`, false)(data).trim(),
        text: compiled(`emails/${name}.text.hbs`, false)(data),
        html: compiled(`emails/${name}.html.hbs`, true)(data),
      };
    },
  };
}

export type Renderer = ReturnType<typeof createRenderer>;
