import type { DispatchRow, Repositories } from '../../db/repositories/index.js';
import { ConflictError } from '../errors.js';
import type { CampaignsService } from './campaigns-service.js';
import {
  CONTENT_TYPES,
  EXPORT_FORMATS,
  type ExportFormat,
  type LetterDocument,
  letterDocx,
  letterFileStem,
  letterHtml,
  letterMarkdown,
  letterPdf,
  slugify,
  type ZipEntry,
  zipFiles,
} from './exports/index.js';
import type { LettersService } from './letters-service.js';

export interface ExportedFile {
  filename: string;
  contentType: string;
  body: Buffer | string;
}

const WRITERS: Record<ExportFormat, (doc: LetterDocument) => string | Promise<Buffer>> = {
  md: letterMarkdown,
  html: letterHtml,
  docx: letterDocx,
  pdf: letterPdf,
};

/** Exports the letter as sent to one company (Markdown, HTML, DOCX, PDF) and a whole sent letter as a zip. */
export function createLetterExportService({
  repos,
  letters,
  campaigns,
}: {
  repos: Repositories;
  letters: LettersService;
  campaigns: CampaignsService;
}) {
  function documentOf(dispatch: DispatchRow): LetterDocument {
    const rendered = letters.preview(dispatch.letterId, dispatch.companyId);
    const company = repos.companies.findById(dispatch.companyId)!;
    return {
      subject: rendered.subject,
      markdown: rendered.markdown,
      html: rendered.html,
      companyName: company.name,
      campaignName: campaigns.get(dispatch.campaignId).name,
      sentDate: dispatch.dueRule.sentDate,
      dueDate: dispatch.dueAt,
    };
  }

  const stemOf = (dispatch: DispatchRow, doc: LetterDocument) =>
    letterFileStem(doc.sentDate, doc.companyName, doc.subject, `company-${dispatch.companyId}`);

  return {
    formats: EXPORT_FORMATS,

    async exportDispatch(dispatch: DispatchRow, format: ExportFormat): Promise<ExportedFile> {
      const doc = documentOf(dispatch);
      return {
        filename: `${stemOf(dispatch, doc)}.${format}`,
        contentType: CONTENT_TYPES[format],
        body: await WRITERS[format](doc),
      };
    },

    /** How many companies' copies a zip of this letter holds (the steps of its progress). */
    zipSize(letterId: number): number {
      return repos.dispatches.listForLetter(letterId).length;
    },

    /** Every dispatch of a sent letter in every format, one zip; `onProgress` after each company. */
    async exportLetter(
      letterId: number,
      onProgress?: (done: number, total: number) => void,
    ): Promise<ExportedFile> {
      const letter = letters.get(letterId);
      const dispatches = repos.dispatches.listForLetter(letterId);
      if (!dispatches.length) {
        throw new ConflictError(
          'this letter has not been sent to any company yet, so there is nothing to export',
          undefined,
          'NOT_SENT',
        );
      }
      const entries: ZipEntry[] = [];
      for (const dispatch of dispatches) {
        // A PDF takes ~0.1 s of CPU: let other requests in between companies.
        await new Promise((resolve) => setImmediate(resolve));
        const doc = documentOf(dispatch);
        const stem = stemOf(dispatch, doc);
        for (const format of EXPORT_FORMATS) {
          entries.push({ name: `${stem}.${format}`, data: await WRITERS[format](doc) });
        }
        onProgress?.(entries.length / EXPORT_FORMATS.length, dispatches.length);
      }
      const sentDate = dispatches[0]!.dueRule.sentDate;
      const title = slugify(letter.title) || `letter-${letter.id}`;
      return {
        filename: `${sentDate}-${title}-dispatches.zip`,
        contentType: CONTENT_TYPES.zip,
        // Files dated when the letter was sent, so the same letter always gives the same zip.
        body: zipFiles(entries, new Date(`${sentDate}T12:00:00Z`)),
      };
    },
  };
}

export type LetterExportService = ReturnType<typeof createLetterExportService>;
