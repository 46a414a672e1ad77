const words = (path: string) =>
  path
    .replace(/^(\.\.\/|this\.|@root\.)+/, '')
    .split('.')
    .map((part) => part.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase())
    .join(' ');

/**
 * A letter's title or question as written, readable where no single company applies (lists,
 * digests across companies): "{{company.name}}" reads "[company name]"; block tags and comments
 * drop out, so the result never shows "{{".
 */
export function withPlaceholders(source: string): string {
  return source
    .replace(/\{\{!--[\s\S]*?--\}\}|\{\{![\s\S]*?\}\}/g, '')
    .replace(/\{\{~?\s*[#/^][^}]*\}\}|\{\{~?\s*else[^}]*\}\}/g, '')
    .replace(/\{\{\{?~?\s*([^}]*?)\s*~?\}?\}\}/g, (_match, inner: string) => {
      const paths = inner.split(/\s+/).filter((token) => /^[@\w][\w./@]*$/.test(token));
      const path = paths.at(-1);
      return path ? `[${words(path)}]` : '';
    })
    .replace(/\{\{|\}\}/g, '')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}
