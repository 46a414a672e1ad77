import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors, fileResponse, IdParamsSchema } from '../../schemas/common.js';
import { attachment, CONTENT_TYPES, EXPORT_FORMATS } from '../../services/exports/index.js';

const tags = ['exports'];

const FORMAT_NAMES = { md: 'Markdown', html: 'standalone HTML', docx: 'Word (DOCX)', pdf: 'PDF' } as const;
const OPERATION_IDS = {
  md: 'exportDispatchMarkdown',
  html: 'exportDispatchHtml',
  docx: 'exportDispatchDocx',
  pdf: 'exportDispatchPdf',
} as const;
const mediaType = (format: keyof typeof CONTENT_TYPES) => CONTENT_TYPES[format].split(';')[0]!;

/** Downloads of letters as sent: one company's copy in each format, or every copy of a letter as a zip. */
const exportsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const exporter = app.services.letterExport;

  for (const format of EXPORT_FORMATS) {
    app.get(
      `/dispatches/:id/letter.${format}`,
      {
        config: { access: 'member' },
        schema: {
          tags,
          operationId: OPERATION_IDS[format],
          summary: `The letter as sent to this company, as ${FORMAT_NAMES[format]}`,
          params: IdParamsSchema,
          response: {
            200: fileResponse(mediaType(format), `The letter as ${FORMAT_NAMES[format]}`),
            ...errors(400, 401, 403, 404),
          },
        },
      },
      async (request, reply) => {
        const dispatch = app.services.dispatches.getForUser(request.params.id, request.user!);
        const file = await exporter.exportDispatch(dispatch, format);
        return reply
          .header('content-type', file.contentType)
          .header('content-disposition', attachment(file.filename))
          .send(file.body);
      },
    );
  }

  app.get(
    '/letters/:id/dispatches.zip',
    {
      config: { access: 'member' },
      schema: {
        tags,
        operationId: 'exportLetterZip',
        summary: 'Every company’s copy of a sent letter, in Markdown, HTML, DOCX and PDF, as one zip',
        params: IdParamsSchema,
        response: { 200: fileResponse(mediaType('zip'), 'The zip'), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      app.services.letters.getForUser(request.params.id, request.user!);
      const file = await exporter.exportLetter(request.params.id);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', attachment(file.filename))
        .send(file.body);
    },
  );
};

export default exportsRoutes;
