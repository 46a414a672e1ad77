import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { Marked } from 'marked';
import type SanitizeHtml from 'sanitize-html';
import { ValidationError } from '../errors.js';
import { lazyPackage } from '../lib/lazy-package.js';
import { withPlaceholders } from '../lib/template-placeholders.js';
import { plainTextOf } from './exports/plain-text.js';
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
  /** Plain text: no Markdown syntax, links as "text (url)". */
  text: string;
  /** The Markdown the text and HTML come from (what the exports build on). */
  markdown: string;
  html: string;
}

type Question = { id: number; number: number; text: string };

/** The per-company parts a letter places by name, generated from `templates/letters/blocks/`. */
const BLOCK_FILES = {
  earlierLetter: 'earlier-letter',
  holdingReply: 'holding-reply',
  openQuestionsIntro: 'open-questions-intro',
  responseDue: 'response-due',
  onBehalfOf: 'on-behalf-of',
} as const;

const QUESTION_LIST = /\{\{\{?~?\s*questionList\s*~?\}?\}\}/;

/** The numbered questions as a Markdown list under their own numbers; continuation lines stay in the item. */
export function questionListMarkdown(questions: Question[]): string {
  return questions.map((q) => `${q.number}. ${q.text.replace(/\n/g, '\n   ')}`).join('\n');
}

const sanitizeHtml = lazyPackage<typeof SanitizeHtml>('sanitize-html');

const SANITIZE = (): SanitizeHtml.IOptions => ({
  allowedTags: [...sanitizeHtml().defaults.allowedTags, 'h1', 'h2', 'img'],
  allowedAttributes: { a: ['href', 'title'], img: ['src', 'alt'], ol: ['start'], li: ['value'] },
  allowedSchemes: ['http', 'https', 'mailto'],
});

// Ordered lists keep the numbers the author wrote, so a follow-up asking questions 2 and 5 says 2 and 5.
// Single line breaks are kept: letters are written line by line ("Yours faithfully,\nThe Coalition").
const markdown = new Marked({ gfm: true, breaks: true });
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

let sanitizeOptions: SanitizeHtml.IOptions | undefined;

export function markdownToSafeHtml(source: string): string {
  sanitizeOptions ??= SANITIZE();
  return sanitizeHtml()(markdown.parse(source, { async: false }), sanitizeOptions);
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
  const blocks = Object.entries(BLOCK_FILES).map(
    ([name, file]) =>
      [name, readFileSync(join(TEMPLATES_DIR, 'letters', 'blocks', `${file}.md.hbs`), 'utf8')] as const,
  );

  /**
   * The context as one company reads it: the title (subject) and every question rendered for it,
   * the numbered list and the generated blocks ready to place. `letter.title` inside the title
   * itself reads as a placeholder, so a title cannot refer to itself.
   */
  function personalize(letter: { title: string; body: string }, context: LetterContext) {
    const placeholderLetter = { ...context.letter, title: withPlaceholders(letter.title) };
    const subject = run(
      compile(letter.title, 'title').text,
      { ...context, letter: placeholderLetter },
      'title',
    )
      .replace(/\s+/g, ' ')
      .trim();
    const personal: LetterContext = { ...context, letter: { ...context.letter, title: subject } };
    const rendered = new Map<number, string>();
    const renderQuestion = (q: Question): Question => {
      let text = rendered.get(q.id);
      if (text === undefined) {
        text = run(compile(q.text, `question ${q.number}`).text, personal, `question ${q.number}`).trim();
        rendered.set(q.id, text);
      }
      return { id: q.id, number: q.number, text };
    };
    personal.questions = context.questions.map(renderQuestion);
    personal.openQuestions = context.openQuestions.map(renderQuestion);
    personal.listedQuestions = context.listedQuestions.map(renderQuestion);
    personal.questionList = questionListMarkdown(personal.listedQuestions);
    for (const [name, source] of blocks)
      personal[name] = run(compile(source, name).text, personal, name).trim();
    personal.questionsInBody = QUESTION_LIST.test(letter.body);
    return { subject, context: personal };
  }

  function markdownOf(letter: { title: string; body: string }, context: LetterContext, forHtml: boolean) {
    const body = run(compile(letter.body, 'body')[forHtml ? 'html' : 'text'], context, 'body');
    return run(
      layout[forHtml ? 'html' : 'text'],
      { ...context, body: forHtml ? new Handlebars.SafeString(body) : body },
      'layout',
    ).trim();
  }

  return {
    layoutSource,
    /** Throws a ValidationError naming the field, line and column when the source is not a valid letter template. */
    check(source: string, field = 'body'): void {
      checkTemplate(source, { schema: LETTER_SCHEMA, helpers: HELPER_DOCS.map((h) => h.name), field });
    },
    /** Checks each question like the body: the message names the question, line and column. */
    checkQuestions(questions: { text: string }[]): void {
      questions.forEach((q, i) => {
        checkTemplate(q.text, {
          schema: LETTER_SCHEMA,
          helpers: HELPER_DOCS.map((h) => h.name),
          field: `questions.${i}`,
        });
      });
    },
    /** The title rendered for one company: the email subject. */
    renderSubject(letter: { title: string; body: string }, context: LetterContext): string {
      return personalize(letter, context).subject;
    },
    /** Every question of the letter rendered for one company. */
    renderQuestions(letter: { title: string; body: string }, context: LetterContext): Question[] {
      return personalize(letter, context).context.questions;
    },
    /** The subject, Markdown and plain-text twin only: what a text email and the Markdown export need. */
    renderText(
      letter: { title: string; body: string },
      context: LetterContext,
    ): { subject: string; text: string; markdown: string } {
      const { subject, context: personal } = personalize(letter, context);
      const markdown = `${markdownOf(letter, personal, false)}\n`;
      return { subject, markdown, text: plainTextOf(markdown) };
    },
    render(letter: { title: string; body: string }, context: LetterContext): RenderedLetter {
      const { subject, context: personal } = personalize(letter, context);
      const markdown = `${markdownOf(letter, personal, false)}\n`;
      return {
        subject,
        markdown,
        text: plainTextOf(markdown),
        html: markdownToSafeHtml(markdownOf(letter, personal, true)),
      };
    },
  };
}

export type LetterRenderer = ReturnType<typeof createLetterRenderer>;
