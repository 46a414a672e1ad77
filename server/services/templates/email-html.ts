import { Parser } from 'htmlparser2';
import type SanitizeHtml from 'sanitize-html';
import { ValidationError } from '../../errors.js';
import { lazyPackage } from '../../lib/lazy-package.js';

// What an email template may not contain: nothing that runs, submits, refreshes or loads from elsewhere.
const FORBIDDEN_TAGS = new Set([
  'script',
  'style',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'form',
  'input',
  'button',
  'select',
  'textarea',
  'option',
  'meta',
  'link',
  'base',
  'img',
  'image',
  'video',
  'audio',
  'source',
  'track',
  'picture',
  'svg',
  'math',
  'canvas',
  'template',
  'noscript',
  'portal',
  'dialog',
]);
const FORBIDDEN_ATTRIBUTES = new Set([
  'formaction',
  'action',
  'src',
  'srcset',
  'srcdoc',
  'background',
  'poster',
  'ping',
  'http-equiv',
  'xlink:href',
  'data',
  'codebase',
  'manifest',
  'lowsrc',
  'dynsrc',
]);
const SAFE_LINK = /^(\{\{|https?:|mailto:|#|\/[^/\\])/i;
const UNSAFE_STYLE = /url\s*\(|expression\s*\(|@import|javascript:/i;

function lineOf(source: string, index: number): number {
  return source.slice(0, index).split('\n').length;
}

/** Refuses an email HTML template with scripts, forms, buttons, refreshes or external resources, naming the line. */
export function checkEmailHtml(source: string, field = 'body'): void {
  const problems: string[] = [];
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const line = lineOf(source, parser.startIndex);
        if (FORBIDDEN_TAGS.has(name)) problems.push(`line ${line}: <${name}> is not allowed in an email`);
        for (const [attribute, value] of Object.entries(attributes)) {
          if (attribute.startsWith('on') || FORBIDDEN_ATTRIBUTES.has(attribute))
            problems.push(`line ${line}: the ${attribute} attribute is not allowed in an email`);
          else if (attribute === 'href' && value.trim() && !SAFE_LINK.test(value.trim()))
            problems.push(`line ${line}: links must be http(s), mailto or a template variable`);
          else if (attribute === 'style' && UNSAFE_STYLE.test(value))
            problems.push(`line ${line}: styles may not load anything (url(), @import)`);
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(source);
  parser.end();
  if (problems.length) throw new ValidationError(field, problems.join('; '));
}

const STYLE_VALUE = [/^[#\w\s,.%'"()-]+$/];
const sanitizeHtml = lazyPackage<typeof SanitizeHtml>('sanitize-html');

const SANITIZE_EMAIL = (): SanitizeHtml.IOptions => ({
  allowedTags: [...sanitizeHtml().defaults.allowedTags, 'h1', 'h2'],
  allowedAttributes: { a: ['href', 'title'], ol: ['start'], li: ['value'], '*': ['style'] },
  allowedStyles: {
    '*': Object.fromEntries(
      [
        'color',
        'background-color',
        'font-family',
        'font-size',
        'font-weight',
        'font-style',
        'line-height',
        'text-align',
        'text-decoration',
        'margin',
        'margin-top',
        'margin-bottom',
        'padding',
        'max-width',
        'border',
      ].map((property) => [property, STYLE_VALUE]),
    ),
  },
  allowedSchemes: ['http', 'https', 'mailto'],
});
let sanitizeOptions: SanitizeHtml.IOptions | undefined;

/** The editable part of an email as it is sent: whatever a stored copy says, nothing active survives. */
export function sanitizeEmailHtml(html: string): string {
  sanitizeOptions ??= SANITIZE_EMAIL();
  return sanitizeHtml()(html, sanitizeOptions);
}
