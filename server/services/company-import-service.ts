import { parse } from 'csv-parse/sync';
import { caseFold } from '../../db/casefold.js';
import type { Repositories } from '../../db/repositories/index.js';
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

export function createCompanyImportService({ repos }: { repos: Repositories }) {
  return {
    importCsv(csv: string, { skipBad, actor }: { skipBad: boolean; actor: Actor }): ImportReport {
      const problems: ImportProblem[] = [];
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
        problems.push({ line, field: 'file', message: `is not valid CSV: ${(error as Error).message}` });
        return { companiesImported: 0, contactsImported: 0, rowsRead: 0, problems, aborted: true };
      }
      const [header, ...rows] = records;
      const columns = header?.record.map((c) => c.toLowerCase()) ?? [];
      const headerProblems = checkHeader(columns);
      if (headerProblems.length) {
        return {
          companiesImported: 0,
          contactsImported: 0,
          rowsRead: rows.length,
          problems: headerProblems,
          aborted: true,
        };
      }

      const pending = new Map<string, PendingCompany>();
      const badNames = new Set<string>();
      for (const { record, info } of rows) {
        const line = info.lines;
        if (record.length !== columns.length) {
          problems.push({
            line,
            field: 'row',
            message: `has ${record.length} fields, the header has ${columns.length}`,
          });
          continue;
        }
        const cells = Object.fromEntries(columns.map((c, i) => [c, record[i] ?? '']));
        const rowProblems = addRow(pending, cells, line);
        if (rowProblems.length) {
          problems.push(...rowProblems);
          if (cells.name) badNames.add(caseFold(cells.name.trim()));
        }
      }

      const existing = repos.companies.existingNames([...pending.values()].map((p) => p.input.name));
      for (const [key, company] of pending) {
        if (existing.has(key)) {
          for (const line of company.lines) {
            problems.push({
              line,
              field: 'name',
              message: `company "${company.input.name}" already exists; not imported again`,
            });
          }
          badNames.add(key);
        }
      }
      problems.sort((a, b) => a.line - b.line);

      const aborted = problems.length > 0 && !skipBad;
      if (aborted)
        return { companiesImported: 0, contactsImported: 0, rowsRead: rows.length, problems, aborted };

      const toImport = [...pending.entries()].filter(([key]) => !badNames.has(key)).map(([, p]) => p);
      let contactsImported = 0;
      repos.transaction(() => {
        for (const { input } of toImport) {
          const { values, contacts } = normalizeCompany(input);
          const company = repos.companies.insert(
            {
              ...values,
              name: values.name!,
              country: values.country!,
              jurisdiction: values.jurisdiction ?? values.country,
            },
            contacts ?? [],
          );
          contactsImported += company.contacts.length;
          repos.events.append({
            type: 'company.created',
            actorUserId: actor.userId,
            actorLabel: actor.label,
            companyId: company.id,
            data: { name: company.name, contacts: company.contacts.length, source: 'csv' },
          });
        }
      });
      return {
        companiesImported: toImport.length,
        contactsImported,
        rowsRead: rows.length,
        problems,
        aborted: false,
      };
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
): ImportProblem[] {
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
    return Object.entries(result.errors).map(([field, message]) => ({
      line,
      field: csvField(field),
      message,
    }));
  }
  const key = caseFold(result.value.name.trim());
  const earlier = pending.get(key);
  if (!earlier) {
    pending.set(key, { line, input: result.value, lines: [line] });
    return [];
  }
  for (const field of ['country', 'sector', 'ticker', 'isin', 'website', 'jurisdiction'] as const) {
    const mine = result.value[field];
    const theirs = earlier.input[field];
    if (mine && theirs && mine.toUpperCase() !== theirs.toUpperCase()) {
      return [
        {
          line,
          field,
          message: `"${mine}" differs from "${theirs}" on line ${earlier.line} for the same company`,
        },
      ];
    }
  }
  earlier.input.contacts = [...(earlier.input.contacts ?? []), ...(result.value.contacts ?? [])];
  earlier.lines.push(line);
  return [];
}

function csvField(path: string): string {
  const match = /^contacts\.\d+\.(\w+)$/.exec(path);
  return match ? (CONTACT_COLUMNS[match[1]!] ?? path) : path;
}

export type CompanyImportService = ReturnType<typeof createCompanyImportService>;
