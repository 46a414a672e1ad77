import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSentLetter, pdfText, TRICKY } from '../../../export-fixture.js';
import { browserSession } from '../../../helper.js';

let fixture: Awaited<ReturnType<typeof buildSentLetter>>;

beforeAll(async () => {
  fixture = await buildSentLetter();
});

const get = (url: string, headers: Record<string, string> = {}) => fixture.app.inject({ url, headers });

describe('GET /api/dispatches/:id/letter.{md,html,docx,pdf}', () => {
  it.each([
    ['md', 'text/markdown; charset=utf-8'],
    ['html', 'text/html; charset=utf-8'],
    ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['pdf', 'application/pdf'],
  ])('serves .%s as %s, as an attachment named after date, company and subject', async (format, type) => {
    const response = await get(
      `/api/dispatches/${fixture.dispatches.gazprom}/letter.${format}`,
      fixture.headers.member,
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(type);
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="2023-04-11-gazprom-your-business-in-russia.${format}"`,
    );
    expect(response.rawPayload.length).toBeGreaterThan(500);
  });

  it('returns the letter as sent to that company', async () => {
    const md = await get(`/api/dispatches/${fixture.dispatches.att}/letter.md`, fixture.headers.staff);
    expect(md.body).toContain(`Dear ${TRICKY.att} board,`);
    const html = await get(`/api/dispatches/${fixture.dispatches.att}/letter.html`, fixture.headers.staff);
    expect(html.body).not.toMatch(/<script/i);
    expect(html.body).toContain(
      '<p>Dear AT&amp;T "Quoted" &lt;script&gt;alert(1)&lt;/script&gt; {{company.name}} board,</p>',
    );
    const pdf = await get(`/api/dispatches/${fixture.dispatches.shanghai}/letter.pdf`, fixture.headers.staff);
    expect(await pdfText(pdf.rawPayload)).toContain(`Dear ${TRICKY.shanghai} board,`);
  });

  it('answers 401 without credentials, 403 outside the campaign, 404 for an unknown dispatch or format', async () => {
    const url = `/api/dispatches/${fixture.dispatches.gazprom}/letter.pdf`;
    expect((await get(url)).statusCode).toBe(401);
    const outside = await get(url, fixture.headers.outsider);
    expect(outside.statusCode).toBe(403);
    expect(outside.json().message).toMatch(/not a member of this campaign/);
    expect((await get('/api/dispatches/999999/letter.pdf', fixture.headers.staff)).statusCode).toBe(404);
    expect(
      (await get(`/api/dispatches/${fixture.dispatches.gazprom}/letter.txt`, fixture.headers.staff))
        .statusCode,
    ).toBe(404);
  });
});

describe('GET /api/letters/:id/dispatches.zip', () => {
  it('zips every dispatch of a sent letter in every format', async () => {
    const response = await get(`/api/letters/${fixture.letterId}/dispatches.zip`, fixture.headers.member);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/zip');
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="2023-04-11-your-business-in-russia-dispatches.zip"',
    );
    const entries = unzipSync(new Uint8Array(response.rawPayload));
    const names = Object.keys(entries).sort();
    expect(names).toHaveLength(3 * 4);
    for (const stem of [
      '2023-04-11-at-and-t-quoted-script-alert-1-script-your-business-in-russia',
      '2023-04-11-gazprom-your-business-in-russia',
      `2023-04-11-company-${fixture.companies.shanghai}-your-business-in-russia`,
    ]) {
      for (const ext of ['md', 'html', 'docx', 'pdf']) expect(names).toContain(`${stem}.${ext}`);
    }
    const gazpromPdf = entries['2023-04-11-gazprom-your-business-in-russia.pdf']!;
    expect(await pdfText(gazpromPdf)).toContain('Dear Газпром board,');
    const gazpromMd = new TextDecoder().decode(entries['2023-04-11-gazprom-your-business-in-russia.md']);
    expect(gazpromMd).toContain('**To:** Газпром');
  });

  it('answers 409 with a reason when the letter was never sent', async () => {
    const response = await get(`/api/letters/${fixture.draftLetterId}/dispatches.zip`, fixture.headers.staff);
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ statusCode: 409, error: 'Conflict' });
    expect(response.json().message).toMatch(/has not been sent to any company yet/);
  });

  it('answers 401, 403 and 404 like the letter itself', async () => {
    const url = `/api/letters/${fixture.letterId}/dispatches.zip`;
    expect((await get(url)).statusCode).toBe(401);
    expect((await get(url, fixture.headers.outsider)).statusCode).toBe(403);
    expect((await get('/api/letters/999999/dispatches.zip', fixture.headers.staff)).statusCode).toBe(404);
  });
});

describe('download links', () => {
  it('the dispatch page links each format and the letter page links the zip', async () => {
    const session = await browserSession(fixture.app, fixture.memberEmail);
    const dispatch = await session.get(`/dispatches/${fixture.dispatches.gazprom}`);
    expect(dispatch.statusCode).toBe(200);
    for (const ext of ['pdf', 'docx', 'html', 'md']) {
      expect(dispatch.body).toContain(`href="/api/dispatches/${fixture.dispatches.gazprom}/letter.${ext}"`);
    }
    const letter = await session.get(`/letters/${fixture.letterId}`);
    expect(letter.body).toContain(`href="/api/letters/${fixture.letterId}/dispatches.zip"`);
    const draft = await session.get(`/letters/${fixture.draftLetterId}`);
    expect(draft.body).not.toContain('dispatches.zip');
    const download = await session.get(`/api/dispatches/${fixture.dispatches.gazprom}/letter.pdf`);
    expect(download.statusCode).toBe(200);
  });
});
