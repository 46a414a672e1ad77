import { describe, expect, it } from 'vitest';
import { letterDocx, letterPdf } from '../../../server/services/exports/index.js';
import type { LetterDocument } from '../../../server/services/exports/letter-document.js';
import { plainTextOf } from '../../../server/services/exports/plain-text.js';
import { markdownToSafeHtml } from '../../../server/services/letter-renderer.js';
import { docxText, pdfText } from '../../export-fixture.js';

const LONG_URL = `https://example.org/reports/${'a1b2c3d4e5'.repeat(14)}.pdf`;

const LETTER = [
  'Dear Board,',
  '',
  'We refer to **our report** and to [the findings](https://example.org/findings), see also <https://example.org/raw>.',
  `The full data: ${LONG_URL}`,
  '',
  '1. First question?',
  '2. Second question,',
  '   on two lines?',
  '',
  'Thank you 🙏 ✅',
  '',
  'Yours faithfully,',
  'The Coalition',
  'Kyiv, Ukraine',
  '',
].join('\n');

const doc = (markdown: string): LetterDocument => ({
  subject: 'A letter 🚀',
  markdown,
  html: markdownToSafeHtml(markdown),
  companyName: 'Example plc',
  campaignName: 'Example campaign',
  sentDate: '2023-04-11',
  dueDate: '2023-04-25',
});

describe('Markdown as people write letters', () => {
  it('the text twin is plain text: no Markdown syntax, links as "text (url)", lines kept', () => {
    const text = plainTextOf(LETTER);
    expect(text).not.toContain('**');
    expect(text).not.toContain('](');
    expect(text).toContain(
      'We refer to our report and to the findings (https://example.org/findings), see also https://example.org/raw.',
    );
    expect(text).not.toContain('https://example.org/raw (https://example.org/raw)');
    expect(text).toContain('1. First question?\n2. Second question,\n   on two lines?');
    expect(text).toContain('Yours faithfully,\nThe Coalition\nKyiv, Ukraine');
  });

  it('HTML keeps single line breaks', () => {
    const html = markdownToSafeHtml(LETTER);
    expect(html).toMatch(/Yours faithfully,<br\s*\/?>\s*The Coalition<br\s*\/?>\s*Kyiv, Ukraine/);
    expect(html).toContain('<strong>our report</strong>');
  });

  it('DOCX keeps single line breaks as breaks inside the paragraph', async () => {
    const { xml, text } = docxText(new Uint8Array(await letterDocx(doc(LETTER))));
    expect(text).toContain('Yours faithfully,The CoalitionKyiv, Ukraine'); // one paragraph, runs joined by docxText
    expect(xml).toMatch(
      /Yours faithfully,<\/w:t><\/w:r><w:r>(<w:rPr>.*?<\/w:rPr>)?<w:br\/><w:t[^>]*>The Coalition/,
    );
  });

  it('PDF keeps line breaks, wraps a long URL inside the margins and falls back to an emoji font', async () => {
    const pdf = await letterPdf(doc(LETTER));
    const text = await pdfText(new Uint8Array(pdf));
    expect(text).toMatch(/Yours faithfully,\s*\n\s*The Coalition\s*\n\s*Kyiv, Ukraine/);
    // The URL has no break opportunity yet is split over lines rather than running off the page.
    const urlLines = text.split('\n').filter((line) => /a1b2c3d4e5/.test(line));
    expect(urlLines.length).toBeGreaterThan(1);
    expect(text.replace(/\s+/g, '')).toContain(LONG_URL);
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoEmoji-Regular/);
    expect(text).toContain('🙏');
    expect(text).toContain('✅');
  });
});
