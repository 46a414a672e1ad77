import { type Block, letterBlocks, type Run } from './letter-blocks.js';

function linkText(run: Run): string {
  if (!run.href) return run.text;
  const target = run.href.replace(/^mailto:/i, '');
  return run.text.trim() === target || run.text.trim() === run.href ? run.text : `${run.text} (${target})`;
}

/** Runs as written, a link as "text (url)"; one style mark never shows. */
function lineOf(runs: Run[]): string {
  const out: Run[] = [];
  for (const run of runs) {
    const last = out.at(-1);
    if (last?.href && last.href === run.href) last.text += run.text;
    else out.push({ ...run });
  }
  return out.map(linkText).join('');
}

function blockText(block: Block): string {
  switch (block.type) {
    case 'heading':
      return lineOf(block.runs);
    case 'paragraph': {
      const text = lineOf(block.runs);
      return block.quote ? text.replace(/^/gm, '  ') : text;
    }
    case 'list':
      return block.items
        .map((item, i) => {
          const marker = block.ordered ? `${block.start + i}. ` : '- ';
          return `${marker}${lineOf(item).replace(/\n/g, `\n${' '.repeat(marker.length)}`)}`;
        })
        .join('\n');
    case 'rule':
      return '----';
  }
}

/** The plain-text twin of a letter's Markdown: what a text email shows, with no Markdown syntax. */
export function plainTextOf(markdown: string): string {
  return `${letterBlocks(markdown)
    .map(blockText)
    .filter((text) => text.trim() !== '')
    .join('\n\n')}\n`;
}
