import { formatCalendarDate } from '../../lib/calendar-dates.js';
import type { LetterDocument } from './letter-document.js';

/** Backslash-escapes Markdown punctuation so a header value stays literal text. */
function literal(value: string): string {
  return value.replace(/[\\`*_[\]<>&|~]/g, '\\$&');
}

/** The Markdown twin with a short header naming subject, recipient and dates. */
export function letterMarkdown(doc: LetterDocument): string {
  const header = [
    `# ${literal(doc.subject)}`,
    '',
    `**To:** ${literal(doc.companyName)}  `,
    `**Date:** ${formatCalendarDate(doc.sentDate)}  `,
    `**Response requested by:** ${formatCalendarDate(doc.dueDate)}  `,
    `**Campaign:** ${literal(doc.campaignName)}`,
    '',
    '---',
    '',
    '',
  ].join('\n');
  return `${header}${doc.markdown.trim()}\n`;
}
