import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParamsSchema } from '../../schemas/common.js';
import { InboxAssignSchema } from '../../schemas/inbox.js';
import { serializeInboundMessage } from '../../services/inbound-mail-service.js';

const tags = ['inbox'];

const inbox: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.inbound;

  app.get(
    '/inbox',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        querystring: Type.Object(
          { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })) },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => service.listInbox(request.query.limit).map(serializeInboundMessage),
  );

  app.get(
    '/inbox/:id',
    { config: { access: 'staff' }, schema: { tags, params: IdParamsSchema } },
    async (request) => {
      const { message, attachments } = service.get(request.params.id);
      return { ...serializeInboundMessage(message), text: message.text, attachments };
    },
  );

  app.post(
    '/inbox/:id/assign',
    { config: { access: 'staff' }, schema: { tags, params: IdParamsSchema, body: InboxAssignSchema } },
    async (request, reply) => {
      const { message, response } = service.assign(
        request.params.id,
        request.body.dispatchId,
        request.actor(),
      );
      return reply.code(201).send({ message: serializeInboundMessage(message), response });
    },
  );

  app.post(
    '/inbox/:id/discard',
    { config: { access: 'staff' }, schema: { tags, params: IdParamsSchema } },
    async (request, reply) => {
      service.discard(request.params.id, request.actor());
      return reply.code(204).send(null);
    },
  );
};

export default inbox;
