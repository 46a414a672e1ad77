import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough, type Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CompanyFilter } from '../../../db/repositories/index.js';
import { fixedClock } from '../../../server/lib/clock.js';
import { withPlaceholders } from '../../../server/lib/template-placeholders.js';
import {
  type BoardExportFilter,
  type Cell,
  csvStream,
  neutralizeFormula,
  type Sheet,
  sheetSource,
  xlsxStream,
} from '../../../server/services/spreadsheet-export-service.js';
import { browserSession, buildTestApp, createUser, type TestApp } from '../../helper.js';
import { AWKWARD_NAMES, insertLargeBoard } from './fixtures/large-board.js';

/*
 * The exports as they were written before they streamed (every row in memory, then one string or
 * Buffer): the reference the streamed files must equal, byte for byte (CSV) and cell for cell (XLSX).
 */
const reference = {
  csv(sheets: Sheet[]): string {
    const sheet =
      sheets.length === 1
        ? sheets[0]!
        : {
            name: sheets[0]!.name,
            columns: ['Table', ...sheets[0]!.columns],
            rows: sheets.flatMap((s) => s.rows.map((row) => [s.name, ...row])),
          };
    return stringify([sheet.columns, ...sheet.rows.map((row) => row.map(neutralizeFormula))], {
      bom: true,
      record_delimiter: 'windows',
      cast: { number: (n) => String(n) },
    });
  },

  async xlsx(sheets: Sheet[]): Promise<Buffer> {
    const output = new PassThrough();
    const chunks: Buffer[] = [];
    output.on('data', (chunk: Buffer) => chunks.push(chunk));
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true });
    workbook.creator = 'Docket';
    for (const sheet of sheets) {
      const worksheet = workbook.addWorksheet(sheet.name.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '), {
        views: [{ state: 'frozen', ySplit: 1 }],
      });
      worksheet.columns = sheet.columns.map((column, i) => ({
        width: Math.min(
          60,
          Math.max(
            8,
            Math.max(column.length, ...sheet.rows.slice(0, 200).map((r) => String(r[i] ?? '').length)) + 2,
          ),
        ),
      }));
      const header = worksheet.addRow(sheet.columns);
      header.font = { bold: true };
      header.commit();
      for (const row of sheet.rows) worksheet.addRow(row.map(neutralizeFormula)).commit();
      worksheet.commit();
    }
    await workbook.commit();
    return Buffer.concat(chunks);
  },

  boardRows(app: TestApp, campaignId: number, filter: BoardExportFilter): Cell[][] {
    const rows: Cell[][] = [];
    for (let offset = 0; ; offset += 2000) {
      const page = app.services.dispatches.board({ ...filter, campaignId, limit: 2000, offset });
      for (const d of page.items) {
        rows.push([
          d.companyName,
          d.companyCountry,
          d.companySector,
          withPlaceholders(d.letterTitle),
          d.channel,
          d.sentAt.slice(0, 10),
          d.dueAt,
          d.status,
          d.veryOverdue ? 'very overdue' : d.overdue ? 'overdue' : '',
          d.publicLabel,
          d.firstResponseAt ? d.firstResponseAt.slice(0, 10) : null,
          d.id,
        ]);
      }
      if (page.items.length < 2000) break;
    }
    return rows;
  },

  companyRows(app: TestApp, filter: Omit<CompanyFilter, 'limit' | 'offset'>): Cell[][] {
    const rows: Cell[][] = [];
    for (let offset = 0; ; offset += 2000) {
      const page = app.repos.companies.list({ ...filter, limit: 2000, offset });
      for (const c of page.items) {
        rows.push([
          c.name,
          c.country,
          c.sector,
          c.ticker,
          c.isin,
          c.website,
          c.jurisdiction,
          c.contacts.map((k) => (k.name ? `${k.name} <${k.email}>` : k.email)).join('; '),
          c.id,
        ]);
      }
      if (page.items.length < 2000) break;
    }
    return rows;
  },
};

const BOARD_COLUMNS = [
  'Company',
  'Country',
  'Sector',
  'Letter',
  'Channel',
  'Sent',
  'Due',
  'Status',
  'Lateness',
  'Public label',
  'First response',
  'Dispatch',
];
const COMPANY_COLUMNS = [
  'Name',
  'Country',
  'Sector',
  'Ticker',
  'ISIN',
  'Website',
  'Jurisdiction',
  'Contacts',
  'Id',
];

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer | string));
  return Buffer.concat(chunks);
}

/** Everything a reader of the workbook sees: sheet names, frozen header, widths, fonts and every cell. */
async function workbookContent(body: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  return workbook.worksheets.map((sheet) => {
    const rows: unknown[] = [];
    sheet.eachRow({ includeEmpty: true }, (row, number) => {
      const cells: unknown[] = [];
      row.eachCell({ includeEmpty: true }, (cell) => cells.push([cell.type, cell.value]));
      rows.push([number, row.font?.bold ?? false, cells]);
    });
    return {
      name: sheet.name,
      views: sheet.views,
      widths: sheet.columns.map((column) => column.width),
      rowCount: sheet.rowCount,
      rows,
    };
  });
}

/** `rows` cut into chunks of `size`, as the database reads them. */
function* chunked(rows: Cell[][], size: number) {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

describe('streamed spreadsheets equal the in-memory ones', () => {
  const awkwardRows: Cell[][] = Array.from({ length: 4_500 }, (_, i) => [
    i < AWKWARD_NAMES.length ? AWKWARD_NAMES[i]! : `Company ${i} ${'x'.repeat(i % 70)}`,
    i % 5 ? i * 1.5 : -i,
    i % 3 ? null : '=SUM(A1:A2)',
    i % 4 ? '' : `"quoted", ${i}`,
  ]);
  const columns = ['Name', 'Amount', 'Formula', 'Note'];

  it('writes the same CSV bytes, one sheet read in chunks or several sheets in one table', async () => {
    const streamed = await collect(csvStream([sheetSource('Rows', columns, chunked(awkwardRows, 2000))]));
    expect(streamed.equals(Buffer.from(reference.csv([{ name: 'Rows', columns, rows: awkwardRows }])))).toBe(
      true,
    );

    const sheets: Sheet[] = [
      { name: 'Overall', columns, rows: awkwardRows.slice(0, 1) },
      { name: 'By letter', columns, rows: awkwardRows.slice(1, 40) },
      { name: 'Empty', columns, rows: [] },
      { name: '=Formula sheet', columns, rows: awkwardRows.slice(40, 60) },
    ];
    const several = await collect(
      csvStream(sheets.map((s) => sheetSource(s.name, s.columns, chunked(s.rows, 7)))),
    );
    expect(several.equals(Buffer.from(reference.csv(sheets)))).toBe(true);
  });

  it('writes the same XLSX cells, widths, fonts and frozen headers', async () => {
    const sheets: Sheet[] = [
      { name: 'Board: Energy/Banks', columns, rows: awkwardRows },
      { name: 'Empty', columns, rows: [] },
      { name: 'Short', columns: ['Only'], rows: [['one'], ['@two']] },
    ];
    const streamed = await collect(
      xlsxStream(sheets.map((s) => sheetSource(s.name, s.columns, chunked(s.rows, 2000)))),
    );
    expect(await workbookContent(streamed)).toEqual(await workbookContent(await reference.xlsx(sheets)));
  });
});

describe('board and company exports stream from the database', () => {
  const clock = fixedClock('2026-06-01T09:00:00Z');
  let app: TestApp;
  let campaignId: number;
  let cookies: Record<string, string>;

  beforeAll(async () => {
    app = await buildTestApp({ clock });
    // 4,500 dispatches and 2,100 companies: three chunks of the board, two of the company list.
    campaignId = insertLargeBoard(app, { rows: 4_500, companies: 2_100, today: '2026-06-01' }).id;
    cookies = (await browserSession(app, (await createUser(app, 'coordinator')).email)).cookies;
  });
  afterEach(() => vi.restoreAllMocks());

  const get = (url: string) => app.inject({ method: 'GET', url, cookies });

  it.each([
    ['', { sort: 'due' }],
    ['?sector=Energy&sort=company&direction=desc', { sector: 'Energy', sort: 'company', direction: 'desc' }],
    ['?view=overdue&sort=status', { overdue: true, sort: 'status' }],
  ] as const)('the board%s is the same file as before, CSV and XLSX', async (query, filter) => {
    const rows = reference.boardRows(app, campaignId, filter);
    expect(rows.length).toBeGreaterThan(query ? 100 : 4_000);
    const sheets = [{ name: 'Board', columns: BOARD_COLUMNS, rows }];

    const csv = await get(`/campaigns/${campaignId}/board.csv${query}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(
      /^attachment; filename="campaign-\d+-board-2026-06-01\.csv"$/,
    );
    expect(csv.rawPayload.equals(Buffer.from(reference.csv(sheets)))).toBe(true);

    const xlsx = await get(`/campaigns/${campaignId}/board.xlsx${query}`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(xlsx.headers['content-disposition']).toMatch(/filename="campaign-\d+-board-2026-06-01\.xlsx"$/);
    expect(await workbookContent(xlsx.rawPayload)).toEqual(
      await workbookContent(await reference.xlsx(sheets)),
    );
  });

  it('the company list is the same file as before, CSV and XLSX', async () => {
    const sheets = [{ name: 'Companies', columns: COMPANY_COLUMNS, rows: reference.companyRows(app, {}) }];
    expect(sheets[0]!.rows.length).toBeGreaterThan(2_000);
    const csv = await get('/companies/export.csv');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="companies-2026-06-01.csv"');
    expect(csv.rawPayload.equals(Buffer.from(reference.csv(sheets)))).toBe(true);
    const xlsx = await get('/companies/export.xlsx');
    expect(await workbookContent(xlsx.rawPayload)).toEqual(
      await workbookContent(await reference.xlsx(sheets)),
    );
  });

  it('a read failing before the first byte is an error page, not a download', async () => {
    vi.spyOn(app.services.dispatches, 'boardInChunks').mockImplementation(() => {
      throw new Error('disk I/O error');
    });
    for (const format of ['csv', 'xlsx']) {
      const response = await get(`/campaigns/${campaignId}/board.${format}`);
      expect(response.statusCode).toBe(500);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.headers['content-disposition']).toBeUndefined();
    }
  });

  it('a read failing half-way cuts the connection: the client never gets a complete file', async () => {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    expect(address).toContain(String(port));
    const boardInChunks = app.services.dispatches.boardInChunks;
    for (const format of ['csv', 'xlsx']) {
      let reads = 0;
      vi.spyOn(app.services.dispatches, 'boardInChunks').mockImplementation(function* (filter, chunk) {
        for (const rows of boardInChunks(filter, chunk)) {
          if (++reads === 2) throw new Error('disk I/O error');
          yield rows;
        }
      });
      const outcome = await new Promise<{ status: number; received: number; error?: string }>((resolve) => {
        const request = httpRequest(
          {
            port,
            host: '127.0.0.1',
            path: `/campaigns/${campaignId}/board.${format}`,
            headers: {
              cookie: Object.entries(cookies)
                .map(([k, v]) => `${k}=${v}`)
                .join('; '),
            },
          },
          (response) => {
            let received = 0;
            response.on('data', (chunk: Buffer) => {
              received += chunk.length;
            });
            response.on('end', () => resolve({ status: response.statusCode!, received }));
            response.on('error', (error) =>
              resolve({ status: response.statusCode!, received, error: error.message }),
            );
          },
        );
        request.end();
      });
      // The file had begun (status and headers sent, rows received) but never ended.
      expect(outcome.status).toBe(200);
      expect(outcome.received).toBeGreaterThan(0);
      expect(outcome.error).toBe('aborted');
      expect(reads).toBe(2);
      vi.restoreAllMocks();
    }
  });
});
