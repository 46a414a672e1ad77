import { marked, type Token, type Tokens } from 'marked';

/** A stretch of text with one style. */
export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
  code?: boolean;
  href?: string;
}

export type Block =
  | { type: 'heading'; level: number; runs: Run[] }
  | { type: 'paragraph'; runs: Run[]; quote?: boolean }
  | { type: 'list'; ordered: boolean; start: number; items: Run[][] }
  | { type: 'rule' };

type Style = Omit<Run, 'text'>;

// The schemes the HTML sanitizer allows; anything else becomes plain text.
const SAFE_LINK = /^(https?:|mailto:)/i;

/**
 * The letter's Markdown as a flat list of styled blocks, for formats that are not HTML.
 * Raw HTML in the Markdown is kept as literal text: in a DOCX or PDF a company called
 * "<script>" is simply shown by its name.
 */
export function letterBlocks(markdown: string): Block[] {
  // Single line breaks are kept, as in the HTML: a signature block stays on its lines.
  return blocksOf(marked.lexer(markdown, { gfm: true, breaks: true }), false);
}

function blocksOf(tokens: Token[], quote: boolean): Block[] {
  const blocks: Block[] = [];
  for (const token of tokens) {
    switch (token.type) {
      case 'heading':
        blocks.push({ type: 'heading', level: (token as Tokens.Heading).depth, runs: runsOf(token) });
        break;
      case 'paragraph':
      case 'text':
        blocks.push({ type: 'paragraph', runs: runsOf(token), ...(quote && { quote }) });
        break;
      case 'list': {
        const list = token as Tokens.List;
        blocks.push({
          type: 'list',
          ordered: list.ordered,
          start: typeof list.start === 'number' ? list.start : 1,
          items: list.items.map((item) => itemRuns(item)),
        });
        break;
      }
      case 'blockquote':
        blocks.push(...blocksOf((token as Tokens.Blockquote).tokens, true));
        break;
      case 'code':
        blocks.push({ type: 'paragraph', runs: [{ text: (token as Tokens.Code).text, code: true }] });
        break;
      case 'html':
        if (token.text.trim()) blocks.push({ type: 'paragraph', runs: [{ text: token.text.trim() }] });
        break;
      case 'hr':
        blocks.push({ type: 'rule' });
        break;
      case 'table': {
        const table = token as Tokens.Table;
        for (const row of [table.header, ...table.rows]) {
          blocks.push({ type: 'paragraph', runs: joinRuns(row.map((cell) => inlineRuns(cell.tokens, {}))) });
        }
        break;
      }
      default:
        break;
    }
  }
  return blocks;
}

function joinRuns(cells: Run[][]): Run[] {
  return cells.flatMap((runs, i) => (i === 0 ? runs : [{ text: ' | ' }, ...runs]));
}

/** A list item flattened to one line of runs (nested lists become inline text). */
function itemRuns(item: Tokens.ListItem): Run[] {
  const parts = item.tokens
    .map((token) => ('tokens' in token && token.tokens ? runsOf(token) : textRuns(token)))
    .filter((runs) => runs.length);
  return merge(joinRuns(parts));
}

function textRuns(token: Token): Run[] {
  if (token.type === 'list') {
    return (token as Tokens.List).items.flatMap((item) => [{ text: ' – ' }, ...itemRuns(item)]);
  }
  return 'text' in token && typeof token.text === 'string' && token.text.trim() ? [{ text: token.text }] : [];
}

function runsOf(token: Token): Run[] {
  const children = 'tokens' in token ? token.tokens : undefined;
  return merge(children ? inlineRuns(children, {}) : textRuns(token));
}

function inlineRuns(tokens: Token[], style: Style): Run[] {
  const runs: Run[] = [];
  for (const token of tokens) {
    switch (token.type) {
      case 'strong':
        runs.push(...inlineRuns((token as Tokens.Strong).tokens, { ...style, bold: true }));
        break;
      case 'em':
        runs.push(...inlineRuns((token as Tokens.Em).tokens, { ...style, italic: true }));
        break;
      case 'del':
        runs.push(...inlineRuns((token as Tokens.Del).tokens, style));
        break;
      case 'link': {
        const link = token as Tokens.Link;
        const href = SAFE_LINK.test(link.href) ? link.href : undefined;
        runs.push(...inlineRuns(link.tokens, { ...style, href }));
        break;
      }
      case 'codespan':
        runs.push({ ...style, code: true, text: (token as Tokens.Codespan).text });
        break;
      case 'br':
        runs.push({ ...style, text: '\n' });
        break;
      case 'image':
        runs.push({ ...style, text: (token as Tokens.Image).text });
        break;
      case 'text':
        if ('tokens' in token && token.tokens?.length) runs.push(...inlineRuns(token.tokens, style));
        else runs.push({ ...style, text: token.text.replace(/\s*\n\s*/g, ' ') });
        break;
      default:
        // escape, html and anything else: the characters as written
        if ('text' in token && typeof token.text === 'string') runs.push({ ...style, text: token.text });
    }
  }
  return runs;
}

/** Adjacent runs with the same style become one, so fonts switch only where the style does. */
function merge(runs: Run[]): Run[] {
  const out: Run[] = [];
  for (const run of runs) {
    if (!run.text) continue;
    const last = out.at(-1);
    if (
      last &&
      last.bold === run.bold &&
      last.italic === run.italic &&
      last.code === run.code &&
      last.href === run.href
    ) {
      last.text += run.text;
    } else {
      out.push({ ...run });
    }
  }
  return out;
}
