import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { letterPdf, slugify } from '../../../server/services/exports/index.js';
import { letterBlocks } from '../../../server/services/exports/letter-blocks.js';
import { askedOf, buildSentLetter, docxText, pdfText, QUESTIONS, TRICKY } from '../../export-fixture.js';

let fixture: Awaited<ReturnType<typeof buildSentLetter>>;

beforeAll(async () => {
  fixture = await buildSentLetter();
});

const exportOf = async (which: keyof typeof TRICKY, format: 'md' | 'html' | 'docx' | 'pdf') => {
  const dispatch = fixture.app.services.dispatches.get(fixture.dispatches[which]);
  return fixture.app.services.letterExport.exportDispatch(dispatch, format);
};

const bytes = (body: Buffer | string) => (typeof body === 'string' ? Buffer.from(body) : body);

describe('letter exports', () => {
  it('names files by sent date, company and subject in ASCII', async () => {
    expect((await exportOf('gazprom', 'pdf')).filename).toBe(
      '2023-04-11-gazprom-your-business-in-russia.pdf',
    );
    expect((await exportOf('att', 'md')).filename).toBe(
      '2023-04-11-at-and-t-quoted-script-alert-1-script-your-business-in-russia.md',
    );
    expect((await exportOf('shanghai', 'docx')).filename).toBe(
      `2023-04-11-company-${fixture.companies.shanghai}-your-business-in-russia.docx`,
    );
    expect(slugify('Société Générale & Ёлка')).toBe('societe-generale-and-elka');
  });

  it('Markdown: the letter text as typed, under a header', async () => {
    const file = await exportOf('att', 'md');
    expect(file.contentType).toBe('text/markdown; charset=utf-8');
    const md = String(file.body);
    expect(md).toMatch(/^# Your business in Russia\n/);
    expect(md).toContain('**Date:** 11 Apr 2023');
    expect(md).toContain('**Response requested by:** 25 Apr 2023');
    expect(md).toContain('**To:** AT\\&T "Quoted" \\<script\\>alert(1)\\</script\\> {{company.name}}');
    expect(md).toContain(`Dear ${TRICKY.att} board,`);
    QUESTIONS.forEach((question, i) => {
      expect(md).toContain(`${i + 1}. ${askedOf(question, TRICKY.att)}`);
    });
    expect(md).toContain('- Правозащитный центр «Мемориал» & Friends, Анна Петрова (Director)');
  });

  it('HTML: a standalone printable page where every name and question is inert text', async () => {
    const file = await exportOf('att', 'html');
    expect(file.contentType).toBe('text/html; charset=utf-8');
    const html = String(file.body);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toMatch(/@media print \{/);
    expect(html).toContain('size: A4');
    expect(html).toContain('serif');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain(
      '<title>Your business in Russia – AT&amp;T &quot;Quoted&quot; &lt;script&gt;alert(1)&lt;/script&gt; {{company.name}}</title>',
    );
    expect(html).toContain('Dear AT&amp;T');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; reconsidered');
    expect(html).toMatch(
      /Will AT&amp;T .*alert\(1\)&lt;\/script&gt; \{\{company\.name\}\} answer by the deadline\?/,
    );
    expect(html).toContain('<ol>');
    const cyrillic = String((await exportOf('gazprom', 'html')).body);
    expect(cyrillic).toContain('<dd>Газпром</dd>');
    expect(cyrillic).toContain('Dear Газпром board,');
    expect(cyrillic).toContain(QUESTIONS[2]);
    expect(cyrillic).toContain(QUESTIONS[3]);
  });

  it('DOCX: a Word document with the letter text, numbered questions and a list of signatories', async () => {
    const file = await exportOf('att', 'docx');
    expect(file.contentType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const { xml, text } = docxText(bytes(file.body));
    expect(xml).not.toMatch(/<script/i);
    expect(text).toContain('Your business in Russia');
    expect(text).toContain(`To: ${TRICKY.att}`);
    expect(text).toContain(`Dear ${TRICKY.att} board,`);
    expect(text).toContain('We write on behalf of the coalition about your operations in Russia.');
    for (const question of QUESTIONS) expect(text).toContain(askedOf(question, TRICKY.att));
    expect(text).toContain('Правозащитный центр «Мемориал» & Friends, Анна Петрова (Director)');
    expect(xml.match(/<w:numPr>/g)?.length).toBeGreaterThanOrEqual(QUESTIONS.length + 1);
    expect(xml).toMatch(/<w:b\/>[\s\S]*coalition/);
    expect(xml).toMatch(/<w:i\/>[\s\S]*your/);
    const numbering = new TextDecoder().decode(unzipSync(bytes(file.body))['word/numbering.xml']);
    expect(numbering).toContain('w:val="decimal"');
    const chinese = docxText(bytes((await exportOf('shanghai', 'docx')).body)).text;
    expect(chinese).toContain(`Dear ${TRICKY.shanghai} board,`);
  });

  it('PDF: A4 with embedded, subset fonts; Latin, Cyrillic and Chinese text reads back', async () => {
    const file = await exportOf('att', 'pdf');
    expect(file.contentType).toBe('application/pdf');
    const pdf = bytes(file.body);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const raw = pdf.toString('latin1');
    expect(raw).toContain('/FontFile2'); // Noto Sans (TrueType), subset
    expect(raw).toContain('/FontFile3'); // Noto Sans CJK (CFF), for the Chinese question
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSans-Regular/);
    expect(raw).toContain('/MediaBox [0 0 595.28 841.89]');
    expect(pdf.length).toBeLessThan(250_000);
    const text = await pdfText(pdf);
    expect(text).toContain(`To: ${TRICKY.att}`);
    expect(text).toContain(`Dear ${TRICKY.att} board,`);
    expect(text.replace(/\s+/g, ' ')).toContain(`Will ${TRICKY.att} answer by the deadline?`);
    expect(text).toContain('Сбербанк');
    expect(text).toContain('Анна Петрова (Director)');
    expect(text.replace(/\s+/g, '')).toContain(QUESTIONS[3]);

    const gazprom = await pdfText(bytes((await exportOf('gazprom', 'pdf')).body));
    expect(gazprom).toContain('Dear Газпром board,');
    const shanghai = bytes((await exportOf('shanghai', 'pdf')).body);
    expect(await pdfText(shanghai)).toContain(`Dear ${TRICKY.shanghai} board,`);
    expect(shanghai.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansHans-Regular/);
  });

  it('a letter in Latin script embeds only Noto Sans and stays small', async () => {
    const pdf = await letterPdf({
      subject: 'Your business in Russia',
      markdown: `Dear Microsoft board,\n\n${'We write on behalf of the **coalition**. '.repeat(20)}\n\n1. One?\n2. Two?\n\n- Example Rights Watch, Ana Member\n`,
      html: '',
      companyName: 'Microsoft',
      campaignName: 'Responsible exit from Russia',
      sentDate: '2023-04-11',
      dueDate: '2023-04-25',
    });
    const raw = pdf.toString('latin1');
    expect(raw).toContain('/FontFile2');
    expect(raw).not.toContain('NotoSansHans');
    expect(pdf.length).toBeLessThan(40_000);
  });
});

describe('letter blocks for DOCX and PDF', () => {
  it('keeps markup as literal text, numbers lists and drops unsafe links', () => {
    const blocks = letterBlocks(
      'Dear <b>AT&T</b> {{x}},\n\nSee [our site](https://example.org) and [this](javascript:alert(1)).\n\n3. Three\n4. Four\n\n- A\n- B\n',
    );
    expect(blocks[0]).toEqual({ type: 'paragraph', runs: [{ text: 'Dear <b>AT&T</b> {{x}},' }] });
    expect(blocks[1]).toEqual({
      type: 'paragraph',
      runs: [{ text: 'See ' }, { text: 'our site', href: 'https://example.org' }, { text: ' and this.' }],
    });
    expect(blocks[2]).toEqual({
      type: 'list',
      ordered: true,
      start: 3,
      items: [[{ text: 'Three' }], [{ text: 'Four' }]],
    });
    expect(blocks[3]).toMatchObject({
      type: 'list',
      ordered: false,
      items: [[{ text: 'A' }], [{ text: 'B' }]],
    });
  });
});
