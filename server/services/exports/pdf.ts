import PDFDocument from 'pdfkit';
import { formatCalendarDate } from '../../lib/calendar-dates.js';
import { type Block, letterBlocks, type Run } from './letter-blocks.js';
import type { LetterDocument } from './letter-document.js';
import { FONT_FACES, faceFor, fontBytes, splitByScript } from './pdf-fonts.js';

type Pdf = PDFKit.PDFDocument;

const MARGIN = 72; // 2.54 cm on A4
const BODY_SIZE = 11;
const HEADING_SIZES = [16, 14, 12.5, 11.5, 11, 11];
const LIST_INDENT = 24;
const TEXT_COLOR = '#111111';
const MUTED_COLOR = '#555555';
const LINK_COLOR = '#1a4f8b';
// Noto Sans's ascent; CJK runs sit on the same baseline instead of their own (lower) ascent.
const ASCENT = 1.069;

interface RunOptions {
  size: number;
  x?: number;
  width?: number;
  color?: string;
  bold?: boolean;
  paragraphGap?: number;
}

/** Writes styled runs as one wrapped paragraph, switching font where the script or style changes. */
function writeRuns(pdf: Pdf, runs: Run[], options: RunOptions) {
  const pieces = runs.flatMap((run) =>
    splitByScript(run.text).map((part) => ({ ...part, run: { ...run, bold: run.bold || options.bold } })),
  );
  if (!pieces.length) return;
  const x = options.x ?? pdf.page.margins.left;
  const width = options.width ?? pdf.page.width - pdf.page.margins.right - x;
  pieces.forEach((piece, i) => {
    pdf
      .font(faceFor(piece.run, piece.script))
      .fontSize(options.size)
      .fillColor(piece.run.href ? LINK_COLOR : (options.color ?? TEXT_COLOR));
    const textOptions: PDFKit.Mixins.TextOptions = {
      continued: i < pieces.length - 1,
      // pdfkit carries options over between continued calls: say explicitly when a link ends.
      link: piece.run.href ?? null,
      underline: Boolean(piece.run.href),
      lineGap: 2.5,
      baseline: -ASCENT * options.size,
      paragraphGap: options.paragraphGap ?? 8,
    };
    if (i === 0) pdf.text(piece.text, x, pdf.y, { ...textOptions, width });
    else pdf.text(piece.text, textOptions);
  });
  pdf.x = pdf.page.margins.left;
}

function ensureRoom(pdf: Pdf, height: number) {
  if (pdf.y + height > pdf.page.height - pdf.page.margins.bottom) pdf.addPage();
}

function writeBlock(pdf: Pdf, block: Block) {
  const left = pdf.page.margins.left;
  switch (block.type) {
    case 'heading': {
      const size = HEADING_SIZES[block.level - 1] ?? BODY_SIZE;
      ensureRoom(pdf, size * 4);
      pdf.moveDown(0.3);
      writeRuns(pdf, block.runs, { size, bold: true, paragraphGap: 6 });
      break;
    }
    case 'paragraph':
      ensureRoom(pdf, BODY_SIZE * 2);
      writeRuns(
        pdf,
        block.runs,
        block.quote ? { size: BODY_SIZE, x: left + LIST_INDENT, color: MUTED_COLOR } : { size: BODY_SIZE },
      );
      break;
    case 'list':
      block.items.forEach((item, i) => {
        ensureRoom(pdf, BODY_SIZE * 2);
        const marker = block.ordered ? `${block.start + i}.` : '•';
        const y = pdf.y;
        pdf
          .font('regular')
          .fontSize(BODY_SIZE)
          .fillColor(TEXT_COLOR)
          .text(marker, left, y, { width: LIST_INDENT - 6, align: 'right', lineBreak: false });
        pdf.y = y;
        writeRuns(pdf, item, { size: BODY_SIZE, x: left + LIST_INDENT, paragraphGap: 5 });
      });
      pdf.moveDown(0.4);
      break;
    case 'rule': {
      ensureRoom(pdf, 20);
      const y = pdf.y + 4;
      pdf
        .moveTo(left, y)
        .lineTo(pdf.page.width - pdf.page.margins.right, y)
        .lineWidth(0.5)
        .strokeColor('#999999')
        .stroke();
      pdf.y = y + 12;
      break;
    }
  }
}

function writeHeader(pdf: Pdf, doc: LetterDocument) {
  writeRuns(pdf, [{ text: doc.subject }], { size: 16, bold: true, paragraphGap: 8 });
  const line = (label: string, value: string) =>
    writeRuns(pdf, [{ text: `${label}: `, bold: true }, { text: value }], {
      size: 9.5,
      color: MUTED_COLOR,
      paragraphGap: 1,
    });
  line('To', doc.companyName);
  line('Date', formatCalendarDate(doc.sentDate));
  line('Response requested by', formatCalendarDate(doc.dueDate));
  line('Campaign', doc.campaignName);
  writeBlock(pdf, { type: 'rule' });
}

function writePageNumbers(pdf: Pdf) {
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    const bottom = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    pdf
      .font('regular')
      .fontSize(8.5)
      .fillColor(MUTED_COLOR)
      .text(`Page ${i + 1} of ${range.count}`, pdf.page.margins.left, pdf.page.height - bottom / 2, {
        width: pdf.page.width - pdf.page.margins.left - pdf.page.margins.right,
        align: 'center',
        lineBreak: false,
      });
    pdf.page.margins.bottom = bottom;
  }
}

/**
 * The letter as an A4 PDF. Fonts are embedded and subset by pdfkit, so only the glyphs the
 * letter uses travel with it: a typical letter stays well under 100 kB even with Chinese names.
 */
export function letterPdf(doc: LetterDocument): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    displayTitle: true,
    lang: 'en',
    info: {
      Title: doc.subject,
      Subject: `Letter to ${doc.companyName}`,
      Author: doc.campaignName,
      Creator: 'Docket',
    },
  });
  for (const face of FONT_FACES) pdf.registerFont(face, fontBytes(face));
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  writeHeader(pdf, doc);
  for (const block of letterBlocks(doc.markdown)) writeBlock(pdf, block);
  writePageNumbers(pdf);
  pdf.end();
  return done;
}
