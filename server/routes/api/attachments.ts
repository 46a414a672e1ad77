import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors, fileResponse, IdParamsSchema } from '../../schemas/common.js';

// Types a browser may show inline are still sent as downloads; anything unusual becomes octet-stream.
const SAFE_TYPE =
  /^(application\/pdf|text\/plain|image\/(png|jpeg|gif)|application\/vnd\.openxmlformats-officedocument\.[\w.]+|application\/msword)$/;

const attachments: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/attachments/:id',
    {
      config: { access: 'member' },
      schema: {
        tags: ['dispatches'],
        operationId: 'downloadAttachment',
        summary: 'Download an attachment of a response (always as a download)',
        params: IdParamsSchema,
        response: {
          200: fileResponse('application/octet-stream', 'The file, in its own type when that is safe'),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const attachment = app.services.attachments.getForUser(request.params.id, request.user!);
      const ascii = attachment.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_') || 'attachment';
      return reply
        .type(SAFE_TYPE.test(attachment.contentType) ? attachment.contentType : 'application/octet-stream')
        .header(
          'content-disposition',
          `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`,
        )
        .send(attachment.content);
    },
  );
};

export default attachments;
