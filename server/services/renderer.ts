import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { PROJECT_ROOT } from '../lib/project-root.js';
import { registerTemplateHelpers } from './templates/helpers.js';

export const TEMPLATES_DIR = join(PROJECT_ROOT, 'templates');

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** Where a template's source comes from: the file by default, the edited copy once the library is loaded. */
export type SourceResolver = (path: string) => string;

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
  registerTemplateHelpers(handlebars, timezone);

  const fileCache = new Map<string, string>();
  const readTemplateFile: SourceResolver = (path) => {
    let source = fileCache.get(path);
    if (source === undefined) {
      source = readFileSync(join(templatesDir, path), 'utf8');
      fileCache.set(path, source);
    }
    return source;
  };
  let sourceOf: SourceResolver = readTemplateFile;

  const compiledCache = new Map<string, Handlebars.TemplateDelegate>();
  function compiled(source: string, escapeHtml: boolean): Handlebars.TemplateDelegate {
    const key = `${escapeHtml ? 'h' : 't'}:${source}`;
    let template = compiledCache.get(key);
    if (!template) {
      template = handlebars.compile(source, { strict: true, noEscape: !escapeHtml });
      if (compiledCache.size > 1000) compiledCache.clear();
      compiledCache.set(key, template);
    }
    return template;
  }

  return {
    handlebars,
    readTemplateFile,
    compiled,
    useSources(resolver: SourceResolver) {
      sourceOf = resolver;
    },
    /** `sources` renders with other sources than the current ones (the versions a letter was approved with). */
    renderEmail(
      name: string,
      data: Record<string, unknown>,
      sources: SourceResolver = sourceOf,
    ): RenderedEmail {
      return {
        subject: compiled(sources(`emails/${name}.subject.hbs`), false)(data).trim(),
        text: compiled(sources(`emails/${name}.text.hbs`), false)(data),
        html: compiled(sources(`emails/${name}.html.hbs`), true)(data),
      };
    },
  };
}

export type Renderer = ReturnType<typeof createRenderer>;
