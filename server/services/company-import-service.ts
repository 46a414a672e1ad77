import { parse } from 'csv-parse/sync';
import { caseFold } from '../../db/casefold.js';
import type { Repositories } from '../../db/repositories/index.js';
import { CONTACT_FUNCTIONS } from '../domain/vocabulary.js';
import { NotFoundError, ValidationError } from '../errors.js';
import type { Clock } from '../lib/clock.js';
import { randomToken } from '../lib/tokens.js';
import { validateInput } from '../lib/validate.js';
import { type CompanyInput, CompanyInputSchema } from '../schemas/companies.js';
import type { Actor } from './actor.js';
import { normalizeCompany } from './companies-service.js';

export const IMPORT_COLUMNS = [
  'name',
  'country',
  'sector',
  'ticker',
  'isin',
  'website',
  'jurisdiction',
  'contact_name',
  'contact_function',
  'contact_email',
] as const;
const REQUIRED_COLUMNS = ['name', 'country'] as const;
const CONTACT_COLUMNS: Record<string, string> = {
  name: 'contact_name',
  function: 'contact_function',
  email: 'contact_email',
};

export interface ImportProblem {
  line: number;
  field: string;
  message: string;
}

export interface ImportReport {
  companiesImported: number;
  contactsImported: number;
  rowsRead: number;
  problems: ImportProblem[];
  /** True when problems stopped the whole import (no --skip-bad). */
  aborted: boolean;
}

interface PendingCompany {
  line: number;
  input: CompanyInput;
  lines: number[];
}

/** One line of the file as the preview shows it. */
export interface PreviewRow {
  line: number;
  name: string;
  country: string;
  sector: string;
  contact: string;
  /**
   * new: imported on confirmation; contact: adds a contact to the company of an earlier line;
   * existing: the company is already in Docket (not imported again); error: a problem below.
   */
  status: 'new' | 'contact' | 'existing' | 'error';
  problems: { field: string; message: string }[];
}

/** What a file would import: every row, its problems, and the companies ready to save. */
export interface ImportAnalysis {
  rowsRead: number;
  rows: PreviewRow[];
  problems: ImportProblem[];
  /** The header (or the CSV itself) is unusable: nothing can be imported. */
  fatal: boolean;
  /** Companies without a problem and not yet in Docket, in file order. */
  ready: CompanyInput[];
  /** Names (case-folded) of companies with a problem on any of their lines. */
  skipped: number;
}

export interface ImportProgress {
  done: number;
  total: number;
  companiesImported: number;
  contactsImported: number;
}

/** Companies saved per transaction by the paced import, between which progress is reported. */
export const IMPORT_CHUNK = 250;

/** How long an uploaded file waits for its confirmation, and the most files kept at once. */
const UPLOAD_TTL_MS = 2 * 60 * 60 * 1000;
const MAX_UPLOADS = 50;

/** A file uploaded in the browser: parsed once, kept on the server until confirmed (never in the form). */
export interface StagedUpload {
  token: string;
  userId: number;
  fileName: string;
  stagedAt: number;
  analysis: ImportAnalysis;
  state: 'previewed' | 'importing' | 'done' | 'failed';
  progress: ImportProgress;
  error?: string;
}

export function createCompanyImportService({ repos, clock }: { repos: Repositories; clock: Clock }) {
  const uploads = new Map<string, StagedUpload>();

  function analyze(csv: string): ImportAnalysis {
    const problems: ImportProblem[] = [];
    const failed = (rowsRead: number, list: ImportProblem[]): ImportAnalysis => ({
      rowsRead,
      rows: [],
      problems: list,
      fatal: true,
      ready: [],
      skipped: 0,
    });
    let records: { record: string[]; info: { lines: number } }[];
    try {
      records = parse(csv, {
        bom: true,
        trim: true,
        skip_empty_lines: true,
        info: true,
        relax_column_count: true,
      }) as unknown as typeof records;
    } catch (error) {
      const line = (error as { lines?: number }).lines ?? 1;
      return failed(0, [{ line, field: 'file', message: `is not valid CSV: ${(error as Error).message}` }]);
    }
    const [header, ...dataRows] = records;
    const columns = header?.record.map((c) => c.toLowerCase()) ?? [];
    const headerProblems = checkHeader(columns);
    if (headerProblems.length) return failed(dataRows.length, headerProblems);

    const pending = new Map<string, PendingCompany>();
    const badNames = new Set<string>();
    const rows: (PreviewRow & { key?: string })[] = [];
    for (const { record, info } of dataRows) {
      const line = info.lines;
      const cells = Object.fromEntries(columns.map((c, i) => [c, record[i] ?? '']));
      const row: PreviewRow & { key?: string } = {
        line,
        name: cells.name ?? '',
        country: cells.country ?? '',
        sector: cells.sector ?? '',
        contact: [cells.contact_name, cells.contact_email].filter(Boolean).join(' · '),
        status: 'new',
        problems: [],
      };
      rows.push(row);
      if (record.length !== columns.length) {
        row.problems.push({
          field: 'row',
          message: `has ${record.length} fields, the header has ${columns.length}`,
        });
        continue;
      }
      const outcome = addRow(pending, cells, line);
      row.problems.push(...outcome.problems);
      if (outcome.problems.length) {
        if (cells.name) badNames.add(caseFold(cells.name.trim()));
      } else {
        row.key = outcome.key;
        if (outcome.merged) row.status = 'contact';
      }
    }

    const existing = repos.companies.existingNames([...pending.values()].map((p) => p.input.name));
    for (const row of rows) {
      if (row.key && existing.has(row.key)) {
        row.status = 'existing';
        row.problems.push({
          field: 'name',
          message: `company "${pending.get(row.key)!.input.name}" already exists; not imported again`,
        });
      }
    }
    for (const key of existing) if (pending.has(key)) badNames.add(key);
    for (const row of rows) {
      if (row.status !== 'existing' && row.problems.length) row.status = 'error';
      for (const problem of row.problems) problems.push({ line: row.line, ...problem });
    }
    problems.sort((a, b) => a.line - b.line);
    const ready = [...pending.entries()].filter(([key]) => !badNames.has(key)).map(([, p]) => p.input);
    return {
      rowsRead: dataRows.length,
      rows: rows.map(({ key: _key, ...row }) => row),
      problems,
      fatal: false,
      ready,
      skipped: [...pending.keys()].filter((key) => badNames.has(key)).length,
    };
  }

  /** Saves companies in one transaction; one already in Docket by now is left out, not doubled. */
  function save(inputs: CompanyInput[], actor: Actor) {
    return repos.transaction(() => {
      const existing = repos.companies.existingNames(inputs.map((i) => i.name));
      let companies = 0;
      let contacts = 0;
      for (const input of inputs) {
        if (existing.has(caseFold(input.name.trim()))) continue;
        const { values, contacts: inputContacts } = normalizeCompany(input);
        const company = repos.companies.insert(
          {
            ...values,
            name: values.name!,
            country: values.country!,
            jurisdiction: values.jurisdiction ?? values.country,
          },
          inputContacts ?? [],
        );
        companies += 1;
        contacts += company.contacts.length;
        repos.events.append({
          type: 'company.created',
          actorUserId: actor.userId,
          actorLabel: actor.label,
          companyId: company.id,
          data: { name: company.name, contacts: company.contacts.length, source: 'csv' },
        });
      }
      return { companies, contacts };
    });
  }

  async function importReady(
    ready: CompanyInput[],
    actor: Actor,
    onProgress: (progress: ImportProgress) => void = () => {},
  ): Promise<ImportProgress> {
    const progress: ImportProgress = {
      done: 0,
      total: ready.length,
      companiesImported: 0,
      contactsImported: 0,
    };
    onProgress({ ...progress });
    for (let i = 0; i < ready.length; i += IMPORT_CHUNK) {
      const chunk = ready.slice(i, i + IMPORT_CHUNK);
      const saved = save(chunk, actor);
      progress.done += chunk.length;
      progress.companiesImported += saved.companies;
      progress.contactsImported += saved.contacts;
      onProgress({ ...progress });
      await new Promise((resolve) => setImmediate(resolve));
    }
    return progress;
  }

  function forget() {
    const now = clock.now().getTime();
    for (const [token, upload] of uploads) {
      if (upload.state !== 'importing' && now - upload.stagedAt > UPLOAD_TTL_MS) uploads.delete(token);
    }
    while (uploads.size >= MAX_UPLOADS) {
      const oldest = [...uploads.values()].find((u) => u.state !== 'importing');
      if (!oldest) break;
      uploads.delete(oldest.token);
    }
  }

  return {
    /** Reads a file without saving anything: the preview of the web import, and the CLI's check. */
    analyze,

    importCsv(csv: string, { skipBad, actor }: { skipBad: boolean; actor: Actor }): ImportReport {
      const analysis = analyze(csv);
      const { rowsRead, problems } = analysis;
      const aborted = analysis.fatal || (problems.length > 0 && !skipBad);
      if (aborted) return { companiesImported: 0, contactsImported: 0, rowsRead, problems, aborted };
      const saved = save(analysis.ready, actor);
      return {
        companiesImported: saved.companies,
        contactsImported: saved.contacts,
        rowsRead,
        problems,
        aborted: false,
      };
    },

    /**
     * Saves the ready companies of an analysis in transactions of IMPORT_CHUNK companies, yielding to
     * the event loop between them so that a progress poll is answered while a large file imports.
     */
    importReady,

    /** Parses an uploaded file and keeps it for its user's confirmation; returns the upload's token. */
    stage(csv: string, fileName: string, user: { id: number }): StagedUpload {
      forget();
      const analysis = analyze(csv);
      const upload: StagedUpload = {
        token: randomToken(18),
        userId: user.id,
        fileName,
        stagedAt: clock.now().getTime(),
        analysis,
        state: 'previewed',
        progress: { done: 0, total: analysis.ready.length, companiesImported: 0, contactsImported: 0 },
      };
      uploads.set(upload.token, upload);
      return upload;
    },

    /** The user's own staged upload; another user's token, or an expired one, is not found. */
    staged(token: string, user: { id: number }): StagedUpload {
      const upload = uploads.get(token);
      if (!upload || upload.userId !== user.id) throw new NotFoundError('Import');
      return upload;
    },

    /**
     * Imports the companies of a staged upload as previewed (a company added meanwhile is left out).
     * Runs in the background; `staged()` shows its progress. Confirming twice imports once.
     */
    confirm(token: string, user: { id: number }, actor: Actor): StagedUpload {
      const upload = uploads.get(token);
      if (!upload || upload.userId !== user.id) throw new NotFoundError('Import');
      if (upload.analysis.fatal) throw new ValidationError('file', 'the file cannot be imported');
      if (upload.state !== 'previewed') return upload;
      upload.state = 'importing';
      importReady(upload.analysis.ready, actor, (progress) => {
        upload.progress = progress;
      }).then(
        () => {
          upload.state = 'done';
        },
        (error: Error) => {
          upload.state = 'failed';
          upload.error = error.message;
        },
      );
      return upload;
    },
  };
}

function checkHeader(columns: string[]): ImportProblem[] {
  const problems: ImportProblem[] = [];
  if (columns.length === 0) return [{ line: 1, field: 'header', message: 'the file is empty' }];
  for (const column of columns) {
    if (!(IMPORT_COLUMNS as readonly string[]).includes(column)) {
      problems.push({
        line: 1,
        field: column || '(blank)',
        message: `unknown column; expected ${IMPORT_COLUMNS.join(',')}`,
      });
    }
  }
  for (const column of REQUIRED_COLUMNS) {
    if (!columns.includes(column))
      problems.push({ line: 1, field: column, message: 'required column is missing' });
  }
  const seen = new Set<string>();
  for (const column of columns) {
    if (seen.has(column)) problems.push({ line: 1, field: column, message: 'column appears twice' });
    seen.add(column);
  }
  return problems;
}

function addRow(
  pending: Map<string, PendingCompany>,
  cells: Record<string, string>,
  line: number,
): { problems: { field: string; message: string }[]; key?: string; merged?: boolean } {
  const optional = (v: string | undefined) => (v ? v : undefined);
  const hasContact = Boolean(cells.contact_name || cells.contact_email || cells.contact_function);
  const contact = hasContact
    ? {
        name: optional(cells.contact_name),
        function: cells.contact_function ? cells.contact_function.toLowerCase() : 'other',
        email: cells.contact_email ?? '',
      }
    : undefined;
  const candidate = {
    name: cells.name ?? '',
    country: cells.country ?? '',
    sector: optional(cells.sector),
    ticker: optional(cells.ticker),
    isin: optional(cells.isin),
    website: optional(cells.website),
    jurisdiction: optional(cells.jurisdiction),
    contacts: contact ? [contact] : [],
  };
  const result = validateInput<CompanyInput>(CompanyInputSchema, candidate);
  if ('errors' in result) {
    return {
      problems: Object.entries(result.errors).map(([path, message]) => {
        const field = csvField(path);
        return { field, message: explain(field, cells[field] ?? '', message) };
      }),
    };
  }
  const key = caseFold(result.value.name.trim());
  const earlier = pending.get(key);
  if (!earlier) {
    pending.set(key, { line, input: result.value, lines: [line] });
    return { problems: [], key };
  }
  for (const field of ['country', 'sector', 'ticker', 'isin', 'website', 'jurisdiction'] as const) {
    const mine = result.value[field];
    const theirs = earlier.input[field];
    if (mine && theirs && mine.toUpperCase() !== theirs.toUpperCase()) {
      return {
        problems: [
          {
            field,
            message: `"${mine}" differs from "${theirs}" on line ${earlier.line} for the same company`,
          },
        ],
      };
    }
  }
  earlier.input.contacts = [...(earlier.input.contacts ?? []), ...(result.value.contacts ?? [])];
  earlier.lines.push(line);
  return { problems: [], key, merged: true };
}

const REGION_NAMES = new Intl.DisplayNames(['en'], { type: 'region' });

/** Two-letter codes by lower-cased English country name ("france" → FR), to suggest the code. */
const COUNTRY_CODES: Map<string, string> = (() => {
  const codes = new Map<string, string>();
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (const a of letters) {
    for (const b of letters) {
      const code = a + b;
      const name = REGION_NAMES.of(code);
      if (name && name !== code && !codes.has(name.toLowerCase())) codes.set(name.toLowerCase(), code);
    }
  }
  return codes;
})();

/**
 * The schema's message, said about the value with the allowed values, so that a person fixing the
 * file knows what to write: "'Frnace' is not a country; use a two-letter code such as FR".
 */
function explain(field: string, value: string, message: string): string {
  if (value === '') return message;
  const quoted = `'${value}'`;
  switch (field) {
    case 'country':
    case 'jurisdiction': {
      const code = COUNTRY_CODES.get(value.toLowerCase());
      return code
        ? `${quoted} is a country name; use its two-letter code ${code}`
        : `${quoted} is not a country; use a two-letter code such as FR, GB, DE or US`;
    }
    case 'contact_function':
      return `${quoted} is not a contact function; use one of ${CONTACT_FUNCTIONS.join(', ')} (blank means other)`;
    case 'isin':
      return `${quoted} is not an ISIN; use the 12-character code such as US5949181045, or leave it blank`;
    case 'website':
      return `${quoted} is not a web address; write it with https://, such as https://${value.replace(/^\w+:\/\//, '')}`;
    default:
      return message;
  }
}

function csvField(path: string): string {
  const match = /^contacts\.\d+\.(\w+)$/.exec(path);
  return match ? (CONTACT_COLUMNS[match[1]!] ?? path) : path;
}

export type CompanyImportService = ReturnType<typeof createCompanyImportService>;
