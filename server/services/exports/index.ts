import type { LetterDocument } from './letter-document.js';

export { attachment, letterFileStem, slugify } from './filename.js';
export { letterHtml } from './html.js';
export { CONTENT_TYPES, EXPORT_FORMATS, type ExportFormat, type LetterDocument } from './letter-document.js';
export { letterMarkdown } from './markdown.js';
export { type ZipEntry, zipFiles } from './zip.js';

// pdfkit with its fonts and docx are loaded for the first PDF or Word file, not at start-up.
export async function letterPdf(doc: LetterDocument): Promise<Buffer> {
  return (await import('./pdf.js')).letterPdf(doc);
}

export async function letterDocx(doc: LetterDocument): Promise<Buffer> {
  return (await import('./docx.js')).letterDocx(doc);
}
