import { PassThrough, pipeline, Readable, type Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { DispatchFilter } from '../../db/repositories/dispatches-repository.js';
import type { CompanyFilter, Repositories, UserRow } from '../../db/repositories/index.js';
import { withPlaceholders } from '../lib/template-placeholders.js';
import type { CampaignsService } from './campaigns-service.js';
import type { DispatchesService } from './dispatches-service.js';
import type { StatsService } from './stats-service.js';

export type Cell = string | number | null;
export interface Sheet {
  name: string;
  columns: string[];
  rows: Cell[][];
}
export const SPREADSHEET_FORMATS = ['csv', 'xlsx'] as const;
export type SpreadsheetFormat = (typeof SPREADSHEET_FORMATS)[number];
export type BoardExportFilter = Omit<DispatchFilter, 'today' | 'limit' | 'offset' | 'campaignId'>;

/** Rows read per query while exporting a whole board or company list. */
const EXPORT_CHUNK = 2000;
/** Rows that size an XLSX sheet's columns (with the header): they are at hand before the first row is written. */
const WIDTH_SAMPLE = 200;

/**
 * A sheet whose rows are read one chunk (one query) at a time while the file is written. The first
 * chunk is read when the sheet is made, so a failing query is still an error page rather than a
 * cut download, and its first rows size the XLSX columns.
 */
export interface SheetSource {
  name: string;
  columns: string[];
  /** The first rows, which size the columns. */
  sample: Cell[][];
  /** Every chunk, the first one included; read once. */
  chunks: Iterable<Cell[][]>;
}

/** Reads `chunks`' first chunk now and the others as the file is written. */
export function sheetSource(name: string, columns: string[], chunks: Iterable<Cell[][]>): SheetSource {
  const iterator = chunks[Symbol.iterator]();
  const head = iterator.next();
  let first: Cell[][] | undefined = head.done ? undefined : head.value;
  function* all() {
    if (!first) return;
    const rows = first;
    first = undefined;
    yield rows;
    for (let next = iterator.next(); !next.done; next = iterator.next()) yield next.value;
  }
  return { name, columns, sample: first?.slice(0, WIDTH_SAMPLE) ?? [], chunks: all() };
}

const inMemory = (sheet: Sheet): SheetSource => sheetSource(sheet.name, sheet.columns, [sheet.rows]);

/**
 * A spreadsheet application runs a cell starting with = + - @ (or a tab or carriage return) as a
 * formula; such text is written with a leading apostrophe so it stays text (OWASP "CSV injection").
 */
export function neutralizeFormula(value: Cell): Cell {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * The CSV text as a stream: csv-stringify writes each row as it is read. Several sheets go into one
 * table whose first column says which sheet each row belongs to. A read failing half-way destroys
 * the stream with the error (the reply then cuts the connection: no "complete" truncated file).
 */
export function csvStream(sheets: SheetSource[]): Readable {
  const several = sheets.length > 1;
  const columns = several ? ['Table', ...sheets[0]!.columns] : sheets[0]!.columns;
  function* records() {
    yield columns;
    for (const sheet of sheets)
      for (const chunk of sheet.chunks)
        for (const row of chunk) yield (several ? [sheet.name, ...row] : row).map(neutralizeFormula);
  }
  const output = stringify({ bom: true, record_delimiter: 'windows', cast: { number: (n) => String(n) } });
  pipeline(Readable.from(records()), output, () => {
    // An error destroys `output` with it, which is what its reader sees.
  });
  return output;
}

/** True while a stream (Node's or readable-stream's, as archiver uses) holds more than it wants. */
const isFull = (stream: Writable) =>
  (stream as { _writableState?: { needDrain?: boolean } })._writableState?.needDrain === true;

/** Waits until `stream` takes more data, or `output` is gone (the client went away). */
function roomIn(stream: Writable, output: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      output.off('close', done);
      resolve();
    };
    stream.once('drain', done);
    output.once('close', done);
  });
}

/**
 * One worksheet per sheet. Text is stored as text, never as a formula. Rows go through exceljs'
 * streaming writer, a chunk at a time: after each chunk the writer waits while its zip pipeline or
 * the reader holds a full buffer, so memory stays at about a chunk whatever the number of rows and
 * however slowly the client reads. Column widths come from the header and the first rows.
 */
export function xlsxStream(sheets: SheetSource[]): Readable {
  const output = new PassThrough();
  writeXlsx(sheets, output).catch((error: unknown) => output.destroy(error as Error));
  return output;
}

async function writeXlsx(sheets: SheetSource[], output: PassThrough) {
  // exceljs (with its zip writer) is loaded for the first spreadsheet, not at start-up.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true });
  workbook.creator = 'Docket';
  // The zip writer (archiver) is not exposed in exceljs' types; stopped when the export stops early.
  const zip = (workbook as unknown as { zip: { abort(): void } }).zip;
  try {
    for (const sheet of sheets) {
      const worksheet = workbook.addWorksheet(sheet.name.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '), {
        views: [{ state: 'frozen', ySplit: 1 }],
      });
      // Widths are set before the first row is written.
      worksheet.columns = sheet.columns.map((column, i) => ({
        width: Math.min(
          60,
          Math.max(8, Math.max(column.length, ...sheet.sample.map((r) => String(r[i] ?? '').length)) + 2),
        ),
      }));
      const header = worksheet.addRow(sheet.columns);
      header.font = { bold: true };
      header.commit();
      // exceljs pipes the sheet's XML into the zip's compressor without heeding its buffer.
      const sheetXml = (worksheet as unknown as { stream?: { pipes?: Writable[] } }).stream;
      for (const chunk of sheet.chunks) {
        for (const row of chunk) worksheet.addRow(row.map(neutralizeFormula)).commit();
        for (const stream of [...(sheetXml?.pipes ?? []), output]) {
          while (isFull(stream) && !output.destroyed) await roomIn(stream, output);
        }
        if (output.destroyed) {
          zip.abort();
          return;
        }
        // Other requests are served between two chunks, however fast this reader is.
        await new Promise((resolve) => setImmediate(resolve));
      }
      worksheet.commit();
    }
    await workbook.commit();
  } catch (error) {
    zip.abort();
    throw error;
  }
}

/** The workbook in memory, for small sheets (and tests). */
export async function toXlsx(sheets: Sheet[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of xlsxStream(sheets.map(inMemory))) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export interface SpreadsheetFile {
  filename: string;
  contentType: string;
  /** Written as it is read: send it as the reply. */
  body: Readable;
}

const slug = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/\s+/g, '-')
    .toLowerCase()
    .slice(0, 60) || 'export';

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

/** The board, the companies and the statistics as CSV or Excel files. */
export function createSpreadsheetExportService({
  repos,
  campaigns,
  dispatches,
  stats,
}: {
  repos: Repositories;
  campaigns: CampaignsService;
  dispatches: DispatchesService;
  stats: StatsService;
}) {
  function render(sheets: SheetSource[], format: SpreadsheetFormat, baseName: string): SpreadsheetFile {
    const day = dispatches.today();
    const filename = `${slug(baseName)}-${day}.${format}`;
    return format === 'csv'
      ? { filename, contentType: 'text/csv; charset=utf-8', body: csvStream(sheets) }
      : {
          filename,
          contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          body: xlsxStream(sheets),
        };
  }

  function* boardChunks(campaignId: number, filter: BoardExportFilter): Generator<Cell[][]> {
    for (const rows of dispatches.boardInChunks({ ...filter, campaignId }, EXPORT_CHUNK)) {
      yield rows.map((d) => [
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
  }

  /** The companies in list order; which ones is fixed when the export starts, as for the board. */
  function* companyChunks(filter: Omit<CompanyFilter, 'limit' | 'offset'>): Generator<Cell[][]> {
    const ids = repos.companies.listIds(filter);
    for (let start = 0; start < ids.length; start += EXPORT_CHUNK) {
      const chunk = ids.slice(start, start + EXPORT_CHUNK);
      const byId = new Map(repos.companies.findByIds(chunk).map((c) => [c.id, c]));
      yield chunk.flatMap((id) => {
        const c = byId.get(id);
        return c
          ? [
              [
                c.name,
                c.country,
                c.sector,
                c.ticker,
                c.isin,
                c.website,
                c.jurisdiction,
                c.contacts.map((k) => (k.name ? `${k.name} <${k.email}>` : k.email)).join('; '),
                c.id,
              ],
            ]
          : [];
      });
    }
  }

  return {
    /** The campaign's board with the filters and sort of the page (every page, not just one). */
    board(campaignId: number, filter: BoardExportFilter, user: UserRow, format: SpreadsheetFormat) {
      const campaign = campaigns.getForUser(campaignId, user);
      const board = sheetSource('Board', BOARD_COLUMNS, boardChunks(campaign.id, filter));
      return render([board], format, `${campaign.name} board`);
    },

    /** Companies (not archived) matching the companies page's filters, one line per company. */
    companies(filter: Omit<CompanyFilter, 'limit' | 'offset'>, format: SpreadsheetFormat) {
      const companies = sheetSource('Companies', COMPANY_COLUMNS, companyChunks(filter));
      return render([companies], format, 'companies');
    },

    /** The statistics page's figures: overall, by letter, by sector and by country. */
    statistics(campaignId: number, user: UserRow, format: SpreadsheetFormat) {
      const campaign = campaigns.getForUser(campaignId, user);
      const figures = stats.forCampaign(campaign.id);
      const columns = [
        'Group',
        'Letters sent',
        'Bounced',
        'Responded',
        'Response rate',
        'Substantive',
        'Substantive rate',
        'Declined',
        'On time',
        'On-time rate',
        'Question coverage',
        'Median days to first response',
      ];
      type Figures = Omit<
        typeof figures,
        'byLetter' | 'bySector' | 'byCountry' | 'campaignId' | 'timeToFirstResponse'
      >;
      const line = (name: string, f: Figures): Cell[] => [
        name,
        f.dispatches - f.bounced,
        f.bounced,
        f.responseRate.numerator,
        f.responseRate.value,
        f.substantiveRate.numerator,
        f.substantiveRate.value,
        f.declineRate.numerator,
        f.timelyRate.numerator,
        f.timelyRate.value,
        f.coverage.value,
        f.medianDaysToFirstResponse,
      ];
      const sheets: Sheet[] = [
        { name: 'Overall', columns, rows: [line(campaign.name, figures)] },
        { name: 'By letter', columns, rows: figures.byLetter.map((g) => line(withPlaceholders(g.name), g)) },
        { name: 'By sector', columns, rows: figures.bySector.map((g) => line(g.name, g)) },
        { name: 'By country', columns, rows: figures.byCountry.map((g) => line(g.name, g)) },
      ];
      return render(sheets.map(inMemory), format, `${campaign.name} statistics`);
    },
  };
}

export type SpreadsheetExportService = ReturnType<typeof createSpreadsheetExportService>;
