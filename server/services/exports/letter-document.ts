import type { CalendarDate } from '../../lib/calendar-dates.js';

/** A letter as rendered for one company, with what an exported copy states about it. */
export interface LetterDocument {
  subject: string;
  /** The Markdown twin of the letter (values inserted as typed). */
  markdown: string;
  /** The sanitized HTML twin of the letter. */
  html: string;
  companyName: string;
  campaignName: string;
  sentDate: CalendarDate;
  dueDate: CalendarDate;
}

export const EXPORT_FORMATS = ['md', 'html', 'docx', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ExportFormat | 'zip', string> = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  zip: 'application/zip',
};
