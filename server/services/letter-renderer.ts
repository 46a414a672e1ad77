import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { ValidationError } from '../errors.js';
import { TEMPLATES_DIR } from './renderer.js';

export interface LetterContext {
  company: Record<string, unknown>;
  campaign: Record<string, unknown>;
  letter: Record<string, unknown>;
  questions: { id: number; number: number; text: string }[];
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
  allowedAttributes: { a: ['href', 'title'], img: ['src', 'alt'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto'],
};

export function markdownToSafeHtml(markdown: string): string {
  return sanitizeHtml(marked.parse(markdown, { async: false, gfm: true, breaks: false }), SANITIZE);
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
    /** Throws a ValidationError naming the field when the source does not compile. */
    check(source: string, field = 'body'): void {
      compile(source, field);
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
