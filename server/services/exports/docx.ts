import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  type ParagraphChild,
  TextRun,
} from 'docx';
import { formatCalendarDate } from '../../lib/calendar-dates.js';
import { type Block, letterBlocks, type Run } from './letter-blocks.js';
import type { LetterDocument } from './letter-document.js';

const HEADINGS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
] as const;

const A4 = { width: 11906, height: 16838 }; // twentieths of a point
const MARGIN = 1440; // 2.54 cm

// XML 1.0 cannot carry most control characters; Word refuses a file that contains them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: that is the point
const clean = (text: string) => text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');

function textRuns(run: Run): TextRun[] {
  return clean(run.text)
    .split('\n')
    .map(
      (text, i) =>
        new TextRun({
          text,
          bold: run.bold,
          italics: run.italic,
          ...(run.code && { font: 'Consolas' }),
          ...(run.href && { style: 'Hyperlink' }),
          ...(i > 0 && { break: 1 }),
        }),
    );
}

function children(runs: Run[]): ParagraphChild[] {
  return runs.flatMap((run): ParagraphChild[] =>
    run.href ? [new ExternalHyperlink({ link: run.href, children: textRuns(run) })] : textRuns(run),
  );
}

/** Converts blocks to paragraphs; each ordered list gets its own numbering so it starts where it says. */
function paragraphs(blocks: Block[]) {
  const numbering: { reference: string; start: number }[] = [];
  const out: Paragraph[] = [];
  for (const block of blocks) {
    switch (block.type) {
      case 'heading':
        out.push(
          new Paragraph({
            heading: HEADINGS[block.level - 1] ?? HEADINGS[5],
            children: children(block.runs),
          }),
        );
        break;
      case 'paragraph':
        out.push(
          new Paragraph({
            children: children(block.runs),
            spacing: { after: 160 },
            ...(block.quote && { indent: { left: 567 } }),
          }),
        );
        break;
      case 'list': {
        const reference = `list-${numbering.length + 1}`;
        if (block.ordered) numbering.push({ reference, start: block.start });
        for (const item of block.items) {
          out.push(
            new Paragraph({
              children: children(item),
              spacing: { after: 100 },
              ...(block.ordered ? { numbering: { reference, level: 0 } } : { bullet: { level: 0 } }),
            }),
          );
        }
        break;
      }
      case 'rule':
        out.push(
          new Paragraph({
            children: [],
            border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '999999', space: 1 } },
          }),
        );
        break;
    }
  }
  return { paragraphs: out, numbering };
}

function header(doc: LetterDocument): Paragraph[] {
  const line = (label: string, value: string) =>
    new Paragraph({
      spacing: { after: 0 },
      children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun({ text: clean(value) })],
    });
  return [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun({ text: clean(doc.subject) })] }),
    line('To', doc.companyName),
    line('Date', formatCalendarDate(doc.sentDate)),
    line('Response requested by', formatCalendarDate(doc.dueDate)),
    line('Campaign', doc.campaignName),
    ...paragraphs([{ type: 'rule' }]).paragraphs,
  ];
}

/** The letter as a Word document (A4), built from the Markdown structure rather than from HTML. */
export function letterDocx(doc: LetterDocument): Promise<Buffer> {
  const body = paragraphs(letterBlocks(doc.markdown));
  const document = new Document({
    creator: 'Docket',
    title: clean(doc.subject),
    description: clean(`Letter to ${doc.companyName}`),
    styles: { default: { document: { run: { size: 22 } } } },
    numbering: {
      config: body.numbering.map(({ reference, start }) => ({
        reference,
        levels: [
          {
            level: 0,
            format: LevelFormat.DECIMAL,
            text: '%1.',
            start,
            alignment: AlignmentType.START,
            style: { paragraph: { indent: { left: 567, hanging: 397 } } },
          },
        ],
      })),
    },
    sections: [
      {
        properties: {
          page: { size: A4, margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN } },
        },
        children: [...header(doc), ...body.paragraphs],
      },
    ],
  });
  return Packer.toBuffer(document);
}
