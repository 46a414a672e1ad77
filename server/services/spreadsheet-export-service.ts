import { PassThrough } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
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

/**
 * A spreadsheet application runs a cell starting with = + - @ (or a tab or carriage return) as a
 * formula; such text is written with a leading apostrophe so it stays text (OWASP "CSV injection").
 */
export function neutralizeFormula(value: Cell): Cell {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function toCsv(sheet: Sheet): string {
  return stringify([sheet.columns, ...sheet.rows.map((row) => row.map(neutralizeFormula))], {
    bom: true,
    record_delimiter: 'windows',
    cast: { number: (n) => String(n) },
  });
}

/**
 * One worksheet per sheet. Text is stored as text, never as a formula. Rows are written through
 * exceljs' streaming writer, each committed as it is added, so a board of 50,000 rows takes a few
 * megabytes of memory instead of exceljs' whole cell model (which ran the server out of heap).
 */
export async function toXlsx(sheets: Sheet[]): Promise<Buffer> {
  // exceljs (with its zip writer) is loaded for the first spreadsheet, not at start-up.
  const { default: ExcelJS } = await import('exceljs');
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true });
  workbook.creator = 'Docket';
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '), {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    // Widths are set before the first row is written: from the header and the first 200 rows.
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
}

export interface SpreadsheetFile {
  filename: string;
  contentType: string;
  body: Buffer | string;
}

/** Several tables in one CSV: a first column says which table each row belongs to. */
function flatten(sheets: Sheet[]): Sheet {
  const columns = ['Table', ...sheets[0]!.columns];
  return {
    name: sheets[0]!.name,
    columns,
    rows: sheets.flatMap((sheet) => sheet.rows.map((row) => [sheet.name, ...row])),
  };
}

const slug = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/\s+/g, '-')
    .toLowerCase()
    .slice(0, 60) || 'export';

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
  async function render(
    sheets: Sheet[],
    format: SpreadsheetFormat,
    baseName: string,
  ): Promise<SpreadsheetFile> {
    const day = dispatches.today();
    const filename = `${slug(baseName)}-${day}.${format}`;
    return format === 'csv'
      ? {
          filename,
          contentType: 'text/csv; charset=utf-8',
          body: toCsv(sheets.length === 1 ? sheets[0]! : flatten(sheets)),
        }
      : {
          filename,
          contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          body: await toXlsx(sheets),
        };
  }

  function boardSheet(campaignId: number, filter: BoardExportFilter): Sheet {
    const rows: Cell[][] = [];
    for (let offset = 0; ; offset += EXPORT_CHUNK) {
      const page = dispatches.board({ ...filter, campaignId, limit: EXPORT_CHUNK, offset });
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
      if (page.items.length < EXPORT_CHUNK) break;
    }
    return {
      name: 'Board',
      columns: [
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
      ],
      rows,
    };
  }

  return {
    /** The campaign's board with the filters and sort of the page (every page, not just one). */
    board(campaignId: number, filter: BoardExportFilter, user: UserRow, format: SpreadsheetFormat) {
      const campaign = campaigns.getForUser(campaignId, user);
      return render([boardSheet(campaign.id, filter)], format, `${campaign.name} board`);
    },

    /** Companies (not archived) matching the companies page's filters, one line per company. */
    companies(filter: Omit<CompanyFilter, 'limit' | 'offset'>, format: SpreadsheetFormat) {
      const rows: Cell[][] = [];
      for (let offset = 0; ; offset += EXPORT_CHUNK) {
        const page = repos.companies.list({ ...filter, limit: EXPORT_CHUNK, offset });
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
        if (page.items.length < EXPORT_CHUNK) break;
      }
      return render(
        [
          {
            name: 'Companies',
            columns: [
              'Name',
              'Country',
              'Sector',
              'Ticker',
              'ISIN',
              'Website',
              'Jurisdiction',
              'Contacts',
              'Id',
            ],
            rows,
          },
        ],
        format,
        'companies',
      );
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
      return render(sheets, format, `${campaign.name} statistics`);
    },
  };
}

export type SpreadsheetExportService = ReturnType<typeof createSpreadsheetExportService>;
