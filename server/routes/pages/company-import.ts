import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { Type } from 'typebox';
import { pageLinks } from '../../lib/paging.js';
import { UPLOAD_LIMIT_BYTES } from '../../plugins/external/multipart.js';
import { IMPORT_COLUMNS, type StagedUpload } from '../../services/company-import-service.js';

const PREVIEW_PAGE_SIZE = 200;

const TokenParamsSchema = Type.Object({ token: Type.String({ minLength: 10, maxLength: 100 }) });
const UploadBodySchema = Type.Object({
  _csrf: Type.Optional(Type.String()),
  // A Buffer from the multipart parser, or a string when the browser sent no file name.
  file: Type.Optional(Type.Unknown()),
});
const PreviewQuerySchema = Type.Object({
  show: Type.Optional(Type.Union([Type.Literal('all'), Type.Literal('problems')])),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000 })),
});
const StatusSchema = Type.Object({
  state: Type.Union([
    Type.Literal('previewed'),
    Type.Literal('importing'),
    Type.Literal('done'),
    Type.Literal('failed'),
  ]),
  done: Type.Integer(),
  total: Type.Integer(),
  companiesImported: Type.Integer(),
  contactsImported: Type.Integer(),
});

/** Spreadsheets saved by Excel may be Windows-1252 or UTF-16; anything else is read as UTF-8. */
function decode(bytes: Buffer): string {
  const detected = chardet.detect(bytes);
  const encoding =
    detected && /^(UTF-16|windows-125|ISO-8859)/i.test(detected) && iconv.encodingExists(detected)
      ? detected
      : 'utf8';
  return iconv.decode(bytes, encoding);
}

function status(upload: StagedUpload) {
  return { state: upload.state, ...upload.progress };
}

const companyImportPages: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.companyImport;

  const formView = (error?: string) => ({
    title: 'Import companies',
    columns: IMPORT_COLUMNS,
    maxMegabytes: UPLOAD_LIMIT_BYTES / 1024 / 1024,
    error,
  });

  app.get(
    '/companies/import',
    { config: { access: 'staff' }, schema: { hide: true } },
    async (_request, reply) => reply.page('companies/import', formView()),
  );

  app.post(
    '/companies/import',
    { config: { access: 'staff' }, schema: { hide: true, body: UploadBodySchema } },
    async (request, reply) => {
      const file = request.body.file;
      const bytes = Buffer.isBuffer(file) ? file : typeof file === 'string' ? Buffer.from(file) : undefined;
      if (!bytes || bytes.length === 0)
        return reply.formErrors('companies/import', {
          ...formView('Choose a CSV file to import.'),
          errors: { file: 'Choose a CSV file to import.' },
        });
      const upload = service.stage(decode(bytes), 'upload.csv', request.user!);
      return reply.redirect(`/companies/import/${upload.token}`);
    },
  );

  app.get(
    '/companies/import/:token',
    {
      config: { access: 'staff' },
      schema: { hide: true, params: TokenParamsSchema, querystring: PreviewQuerySchema },
    },
    async (request, reply) => {
      const upload = service.staged(request.params.token, request.user!);
      const { analysis } = upload;
      const show = request.query.show ?? 'all';
      const rows = show === 'problems' ? analysis.rows.filter((r) => r.problems.length) : analysis.rows;
      const offset = request.query.offset ?? 0;
      const page = {
        items: rows.slice(offset, offset + PREVIEW_PAGE_SIZE),
        total: rows.length,
        limit: PREVIEW_PAGE_SIZE,
        offset,
      };
      const count = (status: string) => analysis.rows.filter((r) => r.status === status).length;
      const working = upload.state === 'importing';
      if (working) reply.header('refresh', '2');
      return reply.page('companies/import-preview', {
        title: 'Import companies: preview',
        upload: { token: upload.token, state: upload.state, error: upload.error },
        status: status(upload),
        percent: upload.progress.total
          ? Math.floor((100 * upload.progress.done) / upload.progress.total)
          : 100,
        working,
        finished: upload.state === 'done',
        previewing: upload.state === 'previewed',
        fatal: analysis.fatal,
        fileProblems: analysis.fatal ? analysis.problems : [],
        rows: page.items,
        paging: pageLinks(page, { show: show === 'all' ? undefined : show }),
        show,
        counts: {
          rows: analysis.rowsRead,
          ready: analysis.ready.length,
          contactLines: count('contact'),
          existing: count('existing'),
          errors: count('error'),
          problems: analysis.problems.length,
        },
      });
    },
  );

  app.post(
    '/companies/import/:token',
    { config: { access: 'staff' }, schema: { hide: true, params: TokenParamsSchema } },
    async (request, reply) => {
      const upload = service.confirm(request.params.token, request.user!, request.actor());
      return reply.redirect(`/companies/import/${upload.token}`);
    },
  );

  app.get(
    '/companies/import/:token/status',
    {
      config: { access: 'staff' },
      schema: { hide: true, params: TokenParamsSchema, response: { 200: StatusSchema } },
    },
    async (request) => status(service.staged(request.params.token, request.user!)),
  );
};

export default companyImportPages;
