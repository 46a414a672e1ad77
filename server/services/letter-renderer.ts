import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { ValidationError } from '../errors.js';
import { TEMPLATES_DIR } from './renderer.js';
import { HELPER_DOCS } from './templates/helpers.js';
import { checkTemplate } from './templates/template-check.js';
import { inferSchema, LETTER_FIXTURE } from './templates/variables.js';

const LETTER_SCHEMA = inferSchema(LETTER_FIXTURE);

export interface LetterContext {
  company: Record<string, unknown>;
  campaign: Record<string, unknown>;
  letter: Record<string, unknown>;
  questions: { id: number; number: number; text: string }[];
  openQuestions: { id: number; number: number; text: string }[];
  listedQuestions: { id: number; number: number; text: string }[];
  signatories: { organization: string; name: string; title: string | null; role: string }[];
  signatoryCount: number;
  aumTotalUsd: number;
  aumTotal: string;
  dispatch: Record<string, unknown> | null;
  [key: string]: unknown;
}

export interface RenderedLetter {
  subject: string;
  text: string;
  html: string;
}

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags, 'h1', 'h2', 'img'],
  allowedAttributes: { a: ['href', 'title'], img: ['src', 'alt'], ol: ['start'], li: ['value'] },
  allowedSchemes: ['http', 'https', 'mailto'],
};

// Ordered lists keep the numbers the author wrote, so a follow-up asking questions 2 and 5 says 2 and 5.
const markdown = new Marked({ gfm: true, breaks: false });
markdown.use({
  renderer: {
    list(token) {
      if (!token.ordered) return false;
      const items = token.items.map((item) => {
        const number = /^\s*(\d+)[.)]/.exec(item.raw)?.[1];
        return number ? this.listitem(item).replace(/^<li>/, `<li value="${number}">`) : this.listitem(item);
      });
      return `<ol>\n${items.join('')}</ol>\n`;
    },
  },
});

export function markdownToSafeHtml(source: string): string {
  return sanitizeHtml(markdown.parse(source, { async: false }), SANITIZE);
}

/**
 * Renders a letter body for one company: strict Handlebars (a missing variable is an error), then
 * Markdown. For HTML, variables are HTML-escaped before Markdown so a company called "<script>"
 * shows as text; the plain text twin uses the raw values.
 */
export function createLetterRenderer(handlebars: typeof Handlebars) {
  const cache = new Map<string, { html: Handlebars.TemplateDelegate; text: Handlebars.TemplateDelegate }>();
  const layoutSource = readFileSync(join(TEMPLATES_DIR, 'letters', 'layout.md.hbs'), 'utf8');

  function compile(source: string, field: string) {
    let compiled = cache.get(source);
    if (!compiled) {
      try {
        handlebars.precompile(source, { strict: true });
      } catch (error) {
        throw new ValidationError(field, `template error: ${(error as Error).message.split('\n')[0]}`);
      }
      compiled = {
        html: handlebars.compile(source, { strict: true }),
        text: handlebars.compile(source, { strict: true, noEscape: true }),
      };
      if (cache.size > 500) cache.clear();
      cache.set(source, compiled);
    }
    return compiled;
  }

  function run(template: Handlebars.TemplateDelegate, context: LetterContext, field: string): string {
    try {
      return template(context);
    } catch (error) {
      throw new ValidationError(field, `template error: ${(error as Error).message.split('\n')[0]}`);
    }
  }

  const layout = compile(layoutSource, 'layout');

  return {
    layoutSource,
    /** Throws a ValidationError naming the field, line and column when the source is not a valid letter template. */
    check(source: string, field = 'body'): void {
      checkTemplate(source, { schema: LETTER_SCHEMA, helpers: HELPER_DOCS.map((h) => h.name), field });
    },
    /** The subject and plain-text twin only: what a text email and the Markdown export need. */
    renderText(
      letter: { title: string; body: string },
      context: LetterContext,
    ): { subject: string; text: string } {
      const textBody = run(compile(letter.body, 'body').text, context, 'body');
      return {
        subject: run(compile(letter.title, 'title').text, context, 'title').trim(),
        text: `${run(layout.text, { ...context, body: textBody }, 'layout').trim()}\n`,
      };
    },
    render(letter: { title: string; body: string }, context: LetterContext): RenderedLetter {
      const title = compile(letter.title, 'title');
      const body = compile(letter.body, 'body');
      const textBody = run(body.text, context, 'body');
      const htmlBody = run(body.html, context, 'body');
      const text = run(layout.text, { ...context, body: textBody }, 'layout');
      const markdownForHtml = run(
        layout.html,
        { ...context, body: new Handlebars.SafeString(htmlBody) },
        'layout',
      );
      return {
        subject: run(title.text, context, 'title').trim(),
        text: `${text.trim()}\n`,
        html: markdownToSafeHtml(markdownForHtml),
      };
    },
  };
}

export type LetterRenderer = ReturnType<typeof createLetterRenderer>;
