import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { ValidationError } from '../../errors.js';
import { safeNext } from '../../lib/safe-next.js';
import { IdParamsSchema } from '../../schemas/common.js';
import { BULK_ACTION_NAMES, type BulkAction } from '../../services/board-bulk-service.js';
import {
  SPREADSHEET_FORMATS,
  type SpreadsheetFile,
  type SpreadsheetFormat,
} from '../../services/spreadsheet-export-service.js';
import { BoardQuerySchema, boardFilter } from './campaigns.js';
import { type FormBody, FormBodySchema, field, fieldList } from './forms.js';

const CompanyExportQuerySchema = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  sector: Type.Optional(Type.String({ maxLength: 100 })),
  country: Type.Optional(Type.String({ maxLength: 2 })),
});

/** The file is streamed: a read failing half-way cuts the connection, so no truncated file looks complete. */
function download(reply: FastifyReply, file: SpreadsheetFile) {
  return reply
    .type(file.contentType)
    .header('content-disposition', `attachment; filename="${file.filename}"`)
    .header('cache-control', 'private, no-store')
    .send(file.body);
}

/** The ticked rows, or every row of the page when "select all" was ticked (it works without JavaScript). */
function selectedIds(body: FormBody): number[] {
  const name = field(body, 'allOnPage') === '1' ? 'pageIds' : 'dispatchIds';
  return fieldList(body, name)
    .filter((v) => /^\d{1,10}$/.test(v))
    .map(Number);
}

/** Spreadsheet downloads (board, companies, statistics) and the board's bulk actions. */
const spreadsheetPages: FastifyPluginAsyncTypebox = async (app) => {
  const exports = app.services.spreadsheets;
  const bulk = app.services.boardBulk;

  for (const format of SPREADSHEET_FORMATS) {
    app.get(
      `/campaigns/:id/board.${format}`,
      {
        config: { access: 'member' },
        schema: { hide: true, params: IdParamsSchema, querystring: BoardQuerySchema },
      },
      async (request, reply) => {
        const filter = boardFilter(request.query, app.services.dispatches.today());
        return download(reply, exports.board(request.params.id, filter, request.user!, format));
      },
    );
    app.get(
      `/campaigns/:id/stats.${format}`,
      { config: { access: 'member' }, schema: { hide: true, params: IdParamsSchema } },
      async (request, reply) => download(reply, exports.statistics(request.params.id, request.user!, format)),
    );
    app.get(
      `/companies/export.${format}`,
      { config: { access: 'member' }, schema: { hide: true, querystring: CompanyExportQuerySchema } },
      async (request, reply) => {
        const { q, sector, country } = request.query;
        return download(
          reply,
          exports.companies(
            { q: q || undefined, sector: sector || undefined, country: country || undefined },
            format,
          ),
        );
      },
    );
  }

  // Step 1: the selection and the action. Exports download at once; the others show what will happen.
  app.post(
    '/campaigns/:id/bulk',
    { config: { access: 'member' }, schema: { hide: true, params: IdParamsSchema, body: FormBodySchema } },
    async (request, reply) => {
      const body = request.body as FormBody;
      const action = field(body, 'action');
      const ids = selectedIds(body);
      const back = safeNext(field(body, 'back') || `/campaigns/${request.params.id}#board`);
      if (action === 'export-csv' || action === 'export-xlsx') {
        bulk.selection(request.params.id, ids, request.user!);
        const format = action.slice('export-'.length) as SpreadsheetFormat;
        return download(
          reply,
          exports.board(request.params.id, { ids, sort: 'company' }, request.user!, format),
        );
      }
      if (!(BULK_ACTION_NAMES as string[]).includes(action))
        throw new ValidationError('action', 'choose what to do with the selected companies');
      const preview = bulk.preview(request.params.id, action as BulkAction, ids, request.user!);
      return reply.page('campaigns/bulk', {
        title: `${preview.label}: ${preview.items.length} selected`,
        ...preview,
        back,
        confirming: true,
      });
    },
  );

  // Step 2: confirmed; each company's outcome is reported.
  app.post(
    '/campaigns/:id/bulk/confirm',
    { config: { access: 'staff' }, schema: { hide: true, params: IdParamsSchema, body: FormBodySchema } },
    async (request, reply) => {
      const body = request.body as FormBody;
      const action = field(body, 'action');
      if (!(BULK_ACTION_NAMES as string[]).includes(action))
        throw new ValidationError('action', 'choose what to do with the selected companies');
      const result = bulk.run(
        request.params.id,
        action as BulkAction,
        selectedIds(body),
        request.user!,
        request.actor(),
      );
      return reply.page('campaigns/bulk', {
        title: `${result.label}: done for ${result.done} of ${result.outcomes.length}`,
        ...result,
        back: safeNext(field(body, 'back') || `/campaigns/${request.params.id}#board`),
        confirming: false,
      });
    },
  );
};

export default spreadsheetPages;
