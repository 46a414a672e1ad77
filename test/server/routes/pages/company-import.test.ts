import { count } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { companies } from '../../../../db/schema.js';
import { browserSession, buildTestApp, createUser, csrfFrom, type TestApp } from '../../../helper.js';

let app: TestApp;
let staffEmail: string;
let otherStaffEmail: string;
const actor = { userId: null, label: 'test' };
const HEADER = 'name,country,sector,contact_name,contact_function,contact_email';

const companyCount = () => app.db.select({ n: count() }).from(companies).get()!.n;
const decode = (html: string) =>
  html.replaceAll('&#x27;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&#x3D;', '=');

type Session = Awaited<ReturnType<typeof browserSession>>;

/** Posts the upload form as a browser does: multipart, with the CSRF token and the file. */
async function upload(session: Session, csv: string, token?: string) {
  const form = await session.get('/companies/import');
  const boundary = '----docket-test-boundary';
  const parts = [
    ...(token === undefined ? [csrfFrom(form.body)] : token ? [token] : []).map(
      (t) => `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${t}\r\n`,
    ),
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="companies.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n`,
    `--${boundary}--\r\n`,
  ];
  return app.inject({
    method: 'POST',
    url: '/companies/import',
    cookies: session.cookies,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: parts.join(''),
  });
}

async function waitUntilDone(session: Session, token: string) {
  for (let i = 0; i < 200; i++) {
    const status = (await session.get(`/companies/import/${token}/status`)).json();
    if (status.state !== 'importing') return status;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('import did not finish');
}

beforeAll(async () => {
  app = await buildTestApp();
  app.services.companies.create({ name: 'Known plc', country: 'GB' }, actor);
  staffEmail = (await createUser(app, 'staff')).email;
  otherStaffEmail = (await createUser(app, 'staff')).email;
});

describe('company import in the browser', () => {
  it('previews every row with its problems by line and field, saves nothing, then imports the good companies', async () => {
    const session = await browserSession(app, staffEmail);
    const csv = [
      HEADER,
      'Alpha SA,FR,Energy,Ann Alpha,ir,ann@alpha.example',
      'alpha sa,FR,,Bob Alpha,legal,bob@alpha.example',
      'Frnace Co,Frnace,Energy,,,',
      'Boss Co,GB,,Bob,boss,bob@boss.example',
      'KNOWN PLC,GB,,,,',
      'Beta GmbH,DE,Industry,,,',
    ].join('\r\n');
    const uploaded = await upload(session, csv);
    expect(uploaded.statusCode).toBe(302);
    const previewUrl = uploaded.headers.location as string;
    expect(previewUrl).toMatch(/^\/companies\/import\/[\w-]{20,}$/);
    expect(companyCount()).toBe(1);

    const preview = await session.get(previewUrl);
    expect(preview.statusCode).toBe(200);
    const html = decode(preview.body);
    for (const line of [2, 3, 4, 5, 6, 7]) expect(html).toContain(`data-line="${line}"`);
    expect(html).toContain("line 4, country: 'Frnace' is not a country; use a two-letter code such as FR");
    expect(html).toContain(
      "line 5, contact_function: 'boss' is not a contact function; use one of ir, secretary, sustainability, legal, board, other",
    );
    expect(html).toMatch(/data-line="6"[\s\S]*?Already in Docket/);
    expect(html).toMatch(/data-line="3"[\s\S]*?Adds a contact to the company above/);
    expect(html).toContain('Import 2 companies');
    // Nothing of the rows travels in the form: only the token in the URL and the CSRF field.
    const confirmForm =
      /<form method="post" action="(\/companies\/import\/[^"]+)" class="import-confirm">([\s\S]*?)<\/form>/.exec(
        preview.body,
      )!;
    expect(confirmForm[1]).toBe(previewUrl);
    expect([...confirmForm[2]!.matchAll(/<input[^>]*name="([^"]+)"/g)].map((m) => m[1])).toEqual(['_csrf']);

    const problems = decode((await session.get(`${previewUrl}?show=problems`)).body);
    expect(problems).not.toContain('data-line="2"');
    expect(problems).toContain('data-line="4"');

    // Another user cannot see or confirm this upload.
    const other = await browserSession(app, otherStaffEmail);
    expect((await other.get(previewUrl)).statusCode).toBe(404);

    const confirmed = await session.post(previewUrl, {}, previewUrl);
    expect(confirmed.statusCode).toBe(302);
    const status = await waitUntilDone(session, previewUrl.split('/').at(-1)!);
    expect(status).toEqual({ state: 'done', done: 2, total: 2, companiesImported: 2, contactsImported: 2 });
    expect(companyCount()).toBe(3);
    const alpha = app.repos.companies.findById(app.repos.companies.findByName('Alpha SA')!.id)!;
    expect(alpha.contacts.map((c) => c.email)).toEqual(['ann@alpha.example', 'bob@alpha.example']);
    expect(app.repos.companies.findByName('Frnace Co')).toBeUndefined();
    const done = await session.get(previewUrl);
    expect(done.body).toContain('Imported 2 companies');

    // Confirming again imports nothing twice.
    await session.post(previewUrl, {}, previewUrl);
    expect(companyCount()).toBe(3);
  });

  it('refuses an upload without its CSRF token and saves nothing', async () => {
    const session = await browserSession(app, staffEmail);
    const forged = await upload(session, `${HEADER}\r\nForged Ltd,GB,,,,\r\n`, '');
    expect(forged.statusCode).toBe(403);
    expect(app.repos.companies.findByName('Forged Ltd')).toBeUndefined();
  });

  it('asks for a file when none was chosen', async () => {
    const session = await browserSession(app, staffEmail);
    const form = await session.get('/companies/import');
    const boundary = '----empty';
    const response = await app.inject({
      method: 'POST',
      url: '/companies/import',
      cookies: session.cookies,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrfFrom(form.body)}\r\n--${boundary}--\r\n`,
    });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Choose a CSV file to import.');
  });

  it('explains a file whose header is wrong', async () => {
    const session = await browserSession(app, staffEmail);
    const uploaded = await upload(session, 'company,land\r\nAcme,GB\r\n');
    const page = decode((await session.get(uploaded.headers.location as string)).body);
    expect(page).toContain('This file cannot be imported');
    expect(page).toContain('line 1, company: unknown column; expected name,country,');
    expect(page).not.toContain('import-confirm');
  });

  it('pages the preview of 5,000 rows and imports them with progress', async () => {
    const session = await browserSession(app, staffEmail);
    const rows = Array.from({ length: 5000 }, (_, i) => `Bulk ${String(i).padStart(4, '0')},GB,,,,`);
    const uploaded = await upload(session, [HEADER, ...rows].join('\r\n'));
    const url = uploaded.headers.location as string;
    const first = await session.get(url);
    expect(first.body).toContain('Import 5000 companies');
    expect(first.body).toContain('1–200 of 5000');
    expect(first.body).toContain('data-line="201"');
    expect(first.body).not.toContain('data-line="202"');
    const last = await session.get(`${url}?offset=4800`);
    expect(last.body).toContain('data-line="5001"');

    const before = companyCount();
    await session.post(url, {}, url);
    const token = url.split('/').at(-1)!;
    const seen: number[] = [];
    for (let i = 0; i < 500; i++) {
      const status = (await session.get(`/companies/import/${token}/status`)).json();
      seen.push(status.done);
      if (status.state !== 'importing') {
        expect(status).toMatchObject({ state: 'done' });
        break;
      }
      const page = await session.get(url);
      expect(page.body).toContain('<progress id="import-progress" max="5000"');
      expect(page.headers.refresh).toBe('2');
      // A browser polls every half second; here a short pause lets the import take its next step.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    // The import was seen part-way: progress moved in steps.
    expect(seen.some((done) => done > 0 && done < 5000)).toBe(true);
    expect(seen.at(-1)).toBe(5000);
    expect(companyCount()).toBe(before + 5000);
  });
});
