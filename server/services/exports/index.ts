export { letterDocx } from './docx.js';
export { attachment, letterFileStem, slugify } from './filename.js';
export { letterHtml } from './html.js';
export { CONTENT_TYPES, EXPORT_FORMATS, type ExportFormat, type LetterDocument } from './letter-document.js';
export { letterMarkdown } from './markdown.js';
export { letterPdf } from './pdf.js';
export { type ZipEntry, zipFiles } from './zip.js';
