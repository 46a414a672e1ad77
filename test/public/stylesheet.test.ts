import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import postcss, { type Rule } from 'postcss';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/lib/project-root.js';

/**
 * The stylesheet as a browser reads it. A rule left unclosed (a merge once dropped two closing
 * braces) does not break the page loudly: browsers with CSS nesting read every rule after it as
 * nested inside it, so the import preview, the board's bulk bar and the assessment form lost
 * their styles without an error anywhere.
 */
const css = readFileSync(join(PROJECT_ROOT, 'public', 'app.css'), 'utf8');

describe('public/app.css', () => {
  it('parses: every block is closed', () => {
    expect(() => postcss.parse(css, { from: 'public/app.css' })).not.toThrow();
  });

  it('has no rule nested inside another rule (only inside @media and the like)', () => {
    const nested: string[] = [];
    postcss.parse(css).walkRules((rule: Rule) => {
      if (rule.parent?.type === 'rule') nested.push(`${(rule.parent as Rule).selector} → ${rule.selector}`);
    });
    expect(nested).toEqual([]);
  });
});
