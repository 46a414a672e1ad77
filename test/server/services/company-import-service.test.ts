import { count } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { companies, companyContacts } from '../../../db/schema.js';
import { buildTestApp, type TestApp } from '../../helper.js';

const HEADER =
  'name,country,sector,ticker,isin,website,jurisdiction,contact_name,contact_function,contact_email';
const actor = { userId: null, label: 'csv import' };

function csv(...rows: string[]): string {
  return `${[HEADER, ...rows].join('\n')}\n`;
}

function counts(app: TestApp) {
  return {
    companies: app.db.select({ n: count() }).from(companies).get()!.n,
    contacts: app.db.select({ n: count() }).from(companyContacts).get()!.n,
  };
}

describe('company CSV import', () => {
  it('imports companies; rows with the same name add contacts to one company; only name and country are required', async () => {
    const app = await buildTestApp();
    const report = app.services.companyImport.importCsv(
      csv(
        'Acme plc,GB,Energy,ACM,GB0002634946,https://acme.example,,Ira Jones,ir,ir@acme.example',
        'acme PLC,GB,,,,,,Sam Sec,secretary,cosec@acme.example',
        'Bare Co,de,,,,,,,,',
        'Globex,US,Tech,GBX,,,us,,,board@globex.example',
      ),
      { skipBad: false, actor },
    );
    expect(report).toEqual({
      companiesImported: 3,
      contactsImported: 3,
      rowsRead: 4,
      problems: [],
      aborted: false,
    });

    const acme = app.repos.companies.findById(app.repos.companies.findByName('ACME PLC')!.id)!;
    expect(acme).toMatchObject({
      name: 'Acme plc',
      country: 'GB',
      jurisdiction: 'GB',
      sector: 'Energy',
      ticker: 'ACM',
      isin: 'GB0002634946',
      website: 'https://acme.example',
    });
    expect(acme.contacts.map((c) => [c.name, c.function, c.email])).toEqual([
      ['Ira Jones', 'ir', 'ir@acme.example'],
      ['Sam Sec', 'secretary', 'cosec@acme.example'],
    ]);
    expect(app.repos.companies.findByName('Bare Co')).toMatchObject({ country: 'DE', sector: null });
    const globex = app.repos.companies.findById(app.repos.companies.findByName('Globex')!.id)!;
    expect(globex.jurisdiction).toBe('US');
    expect(globex.contacts).toEqual([
      expect.objectContaining({ name: null, function: 'other', email: 'board@globex.example' }),
    ]);
    expect(counts(app)).toEqual({ companies: 3, contacts: 3 });
  });

  it('accepts a header with only name and country, in any order, and any case', async () => {
    const app = await buildTestApp();
    const report = app.services.companyImport.importCsv('Country,NAME\r\nFR,Parisco\r\nIT,Romaco\r\n', {
      skipBad: false,
      actor,
    });
    expect(report.problems).toEqual([]);
    expect(report.companiesImported).toBe(2);
    expect(app.repos.companies.findByName('Romaco')).toMatchObject({ country: 'IT' });
  });

  it('reports every bad row by line number and field, and imports nothing', async () => {
    const app = await buildTestApp();
    const report = app.services.companyImport.importCsv(
      csv(
        'Good One,GB,,,,,,,,',
        ',GB,,,,,,,,',
        'No Country,,,,,,,,,',
        'Bad Isin,GB,,,XX123,,,,,',
        'Bad Contact,GB,,,,,,Bob,boss,not-an-email',
        'Good Two,FR,,,,,,,,',
        'Bad Web,GB,,,,www.example.org,,,,',
      ),
      { skipBad: false, actor },
    );
    expect(report.aborted).toBe(true);
    expect(report.companiesImported).toBe(0);
    expect(report.problems.map((p) => [p.line, p.field])).toEqual([
      [3, 'name'],
      [4, 'country'],
      [5, 'isin'],
      [6, 'contact_function'],
      [6, 'contact_email'],
      [8, 'website'],
    ]);
    for (const problem of report.problems) expect(problem.message).toBeTruthy();
    expect(report.problems.find((p) => p.field === 'contact_email')!.message).toBe(
      'must be a valid email address',
    );
    expect(counts(app)).toEqual({ companies: 0, contacts: 0 });
  });

  it('with skipBad imports the good rows and reports the bad ones', async () => {
    const app = await buildTestApp();
    const report = app.services.companyImport.importCsv(
      csv('Good One,GB,,,,,,,ir,ir@one.example', ',GB,,,,,,,,', 'Good Two,FR,,,,,,,,', 'Bad Two,XXX,,,,,,,,'),
      { skipBad: true, actor },
    );
    expect(report.aborted).toBe(false);
    expect(report.companiesImported).toBe(2);
    expect(report.contactsImported).toBe(1);
    expect(report.problems.map((p) => [p.line, p.field])).toEqual([
      [3, 'name'],
      [5, 'country'],
    ]);
    expect(counts(app)).toEqual({ companies: 2, contacts: 1 });
    expect(app.repos.companies.findByName('Bad Two')).toBeUndefined();
  });

  it('with skipBad, a company with one bad row is skipped whole rather than imported with part of its contacts', async () => {
    const app = await buildTestApp();
    const report = app.services.companyImport.importCsv(
      csv(
        'Split Co,GB,,,,,,A,ir,a@split.example',
        'Split Co,GB,,,,,,B,ir,not-an-email',
        'Other Co,GB,,,,,,,,',
      ),
      { skipBad: true, actor },
    );
    expect(report.problems.map((p) => [p.line, p.field])).toEqual([[3, 'contact_email']]);
    expect(app.repos.companies.findByName('Split Co')).toBeUndefined();
    expect(app.repos.companies.findByName('Other Co')).toBeDefined();
    expect(report.companiesImported).toBe(1);
  });

  it('reports rows for the same company that disagree', async () => {
    const app = await buildTestApp();
    const report = app.services.companyImport.importCsv(
      csv('Twin,GB,Energy,,,,,,,', 'twin,FR,Energy,,,,,,,'),
      {
        skipBad: false,
        actor,
      },
    );
    expect(report.problems).toEqual([
      { line: 3, field: 'country', message: expect.stringContaining('line 2') },
    ]);
    expect(counts(app).companies).toBe(0);
  });

  it('reports a company already in the database on each of its lines and never duplicates it', async () => {
    const app = await buildTestApp();
    app.services.companies.create({ name: 'Existing Ltd', country: 'GB' }, actor);
    const rows = [
      'New Ltd,GB,,,,,,,,',
      'EXISTING LTD,GB,,,,,,,ir,a@existing.example',
      'existing ltd,GB,,,,,,,ir,b@existing.example',
    ];

    const strict = app.services.companyImport.importCsv(csv(...rows), { skipBad: false, actor });
    expect(strict.aborted).toBe(true);
    expect(strict.problems.map((p) => [p.line, p.field])).toEqual([
      [3, 'name'],
      [4, 'name'],
    ]);
    expect(strict.problems[0]!.message).toContain('already exists');
    expect(counts(app)).toEqual({ companies: 1, contacts: 0 });

    const lenient = app.services.companyImport.importCsv(csv(...rows), { skipBad: true, actor });
    expect(lenient.companiesImported).toBe(1);
    expect(counts(app)).toEqual({ companies: 2, contacts: 0 });

    const again = app.services.companyImport.importCsv(csv(...rows), { skipBad: true, actor });
    expect(again.companiesImported).toBe(0);
    expect(again.problems.map((p) => p.line)).toEqual([2, 3, 4]);
    expect(counts(app)).toEqual({ companies: 2, contacts: 0 });
  });

  it.each([
    ['an unknown column', 'name,country,ceo\nAcme,GB,Jane\n', 'ceo'],
    ['a missing country column', 'name,sector\nAcme,Energy\n', 'country'],
    ['a missing name column', 'country\nGB\n', 'name'],
    ['a repeated column', 'name,country,name\nAcme,GB,Acme\n', 'name'],
  ])('reports %s on line 1 and imports nothing', async (_label, text, field) => {
    const app = await buildTestApp();
    for (const skipBad of [false, true]) {
      const report = app.services.companyImport.importCsv(text, { skipBad, actor });
      expect(report.aborted).toBe(true);
      expect(report.problems).toContainEqual({ line: 1, field, message: expect.any(String) });
      expect(report.problems.every((p) => p.line === 1)).toBe(true);
    }
    expect(counts(app).companies).toBe(0);
  });

  it('reports an empty file', async () => {
    const app = await buildTestApp();
    const report = app.services.companyImport.importCsv('', { skipBad: true, actor });
    expect(report.aborted).toBe(true);
    expect(report.problems).toEqual([{ line: 1, field: 'header', message: expect.any(String) }]);
  });

  it('reads quoted fields with commas, quotes and line breaks, and a byte-order mark', async () => {
    const app = await buildTestApp();
    const text =
      '\uFEFF' +
      csv(
        '"Smith, Jones & Co",GB,"Banks, Insurance",,,,,"Doe, Jane",legal,jane@sj.example',
        '"The ""Quoted"" Company",US,,,,,,,,',
        '"Multi\nLine Ltd",GB,,,,,,,,',
        'After Multi,GB,,,,,,,,',
        ',XXX,,,,,,,,',
      );
    const report = app.services.companyImport.importCsv(text, { skipBad: true, actor });
    expect(report.problems.map((p) => [p.line, p.field])).toEqual([
      [7, 'name'],
      [7, 'country'],
    ]);
    const smith = app.repos.companies.findById(app.repos.companies.findByName('Smith, Jones & Co')!.id)!;
    expect(smith.sector).toBe('Banks, Insurance');
    expect(smith.contacts[0]).toMatchObject({
      name: 'Doe, Jane',
      function: 'legal',
      email: 'jane@sj.example',
    });
    expect(app.repos.companies.findByName('The "Quoted" Company')).toBeDefined();
    expect(app.repos.companies.findByName('Multi\nLine Ltd')).toBeDefined();
    expect(app.repos.companies.findByName('After Multi')).toBeDefined();
  });

  it('reports a row with the wrong number of fields by its line', async () => {
    const app = await buildTestApp();
    const report = app.services.companyImport.importCsv(
      'name,country\nGood,GB\nToo,Many,Fields\nAlso Good,FR\n',
      {
        skipBad: false,
        actor,
      },
    );
    expect(report.problems).toEqual([
      { line: 3, field: 'row', message: expect.stringContaining('3 fields') },
    ]);
    expect(counts(app).companies).toBe(0);
  });

  it('reports malformed CSV instead of throwing', async () => {
    const app = await buildTestApp();
    const report = app.services.companyImport.importCsv('name,country\nGood,GB\n"Unclosed,GB\n', {
      skipBad: true,
      actor,
    });
    expect(report.aborted).toBe(true);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({ field: 'file' });
    expect(report.problems[0]!.line).toBeGreaterThanOrEqual(3);
    expect(counts(app).companies).toBe(0);
  });
});

describe('company CSV analysis (the preview)', () => {
  it('says what is wrong with each value and lists the allowed values, saving nothing', async () => {
    const app = await buildTestApp();
    app.services.companies.create({ name: 'Known plc', country: 'GB' }, actor);
    const analysis = app.services.companyImport.analyze(
      csv(
        'Fine Co,GB,,,,,,,,',
        'Fine Co,GB,,,,,,Ann,ir,ann@fine.example',
        'Frnace Co,Frnace,,,,,,,,',
        'Named Co,France,,,,,,,,',
        'Boss Co,GB,,,,,,Bob,boss,bob@boss.example',
        'Web Co,GB,,,,www.web.example,,,,',
        'known PLC,GB,,,,,,,,',
      ),
    );
    expect(analysis.fatal).toBe(false);
    expect(analysis.rows.map((r) => [r.line, r.status])).toEqual([
      [2, 'new'],
      [3, 'contact'],
      [4, 'error'],
      [5, 'error'],
      [6, 'error'],
      [7, 'error'],
      [8, 'existing'],
    ]);
    const message = (line: number) => analysis.problems.find((p) => p.line === line)!.message;
    expect(message(4)).toBe("'Frnace' is not a country; use a two-letter code such as FR, GB, DE or US");
    expect(message(5)).toBe("'France' is a country name; use its two-letter code FR");
    expect(message(6)).toBe(
      "'boss' is not a contact function; use one of ir, secretary, sustainability, legal, board, other (blank means other)",
    );
    expect(message(7)).toContain('https://www.web.example');
    expect(message(8)).toContain('already exists');
    expect(analysis.ready.map((c) => [c.name, c.contacts?.length])).toEqual([['Fine Co', 1]]);
    expect(counts(app)).toEqual({ companies: 1, contacts: 0 });
  });

  it('saves ready companies in chunks and reports progress after each', async () => {
    const app = await buildTestApp();
    const rows = Array.from({ length: 600 }, (_, i) => `Bulk ${i},GB,,,,,,,,`);
    const analysis = app.services.companyImport.analyze(csv(...rows));
    expect(analysis.ready).toHaveLength(600);
    const seen: number[] = [];
    const result = await app.services.companyImport.importReady(analysis.ready, actor, (p) =>
      seen.push(p.done),
    );
    expect(seen).toEqual([0, 250, 500, 600]);
    expect(result).toEqual({ done: 600, total: 600, companiesImported: 600, contactsImported: 0 });
    expect(counts(app).companies).toBe(600);
    // A second run of the same file saves nothing twice.
    const again = await app.services.companyImport.importReady(analysis.ready, actor);
    expect(again.companiesImported).toBe(0);
    expect(counts(app).companies).toBe(600);
  });
});
