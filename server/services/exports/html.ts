import { formatCalendarDate } from '../../lib/calendar-dates.js';
import type { LetterDocument } from './letter-document.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const STYLE = `
  body { font-family: Georgia, "Times New Roman", "Noto Serif", "Noto Serif CJK SC", "Songti SC", serif;
    max-width: 42em; margin: 2em auto; padding: 0 1em; line-height: 1.5; color: #111;
    overflow-wrap: anywhere; word-break: break-word; }
  header.letter-meta { border-bottom: 1px solid #999; margin-bottom: 1.5em; }
  header.letter-meta h1 { font-size: 1.5em; margin: 0 0 .5em; }
  header.letter-meta dl { display: grid; grid-template-columns: max-content 1fr; gap: .1em 1em; margin: 0 0 1em; }
  header.letter-meta dt { font-weight: bold; }
  header.letter-meta dd { margin: 0; }
  ol li, ul li { margin-bottom: .4em; }
  @page { size: A4; margin: 25mm 20mm; }
  @media print {
    body { max-width: none; margin: 0; padding: 0; font-size: 11pt; }
    a { color: inherit; text-decoration: none; }
    h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
    li, blockquote { break-inside: avoid; page-break-inside: avoid; }
  }
`;

/** A standalone HTML document of the letter, ready to open, archive or print to A4. */
export function letterHtml(doc: LetterDocument): string {
  const field = (label: string, value: string) => `<dt>${label}</dt><dd>${escapeHtml(value)}</dd>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src https: data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${doc.subject} – ${doc.companyName}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<header class="letter-meta">
<h1>${escapeHtml(doc.subject)}</h1>
<dl>
${field('To', doc.companyName)}
${field('Date', formatCalendarDate(doc.sentDate))}
${field('Response requested by', formatCalendarDate(doc.dueDate))}
${field('Campaign', doc.campaignName)}
</dl>
</header>
<main>
${doc.html}
</main>
</body>
</html>
`;
}
