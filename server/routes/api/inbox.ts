import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { BODY_ERRORS, errors, IdParamsSchema, NoContentSchema, ok } from '../../schemas/common.js';
import {
  InboundMessageDetailSchema,
  InboundMessageSchema,
  InboxAssignedSchema,
  InboxAssignSchema,
} from '../../schemas/inbox.js';
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
        operationId: 'listInbox',
        summary: 'List incoming mail that matched no dispatch and waits for staff',
        querystring: Type.Object(
          { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })) },
          { additionalProperties: false },
        ),
        response: { 200: ok(Type.Array(InboundMessageSchema), 'The messages'), ...errors(400, 401, 403) },
      },
    },
    async (request) => service.listInbox(request.query.limit).map(serializeInboundMessage),
  );

  app.get(
    '/inbox/:id',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        operationId: 'getInboundMessage',
        summary: 'Get an incoming email with its text and attachments',
        params: IdParamsSchema,
        response: { 200: ok(InboundMessageDetailSchema, 'The message'), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { message, attachments } = service.get(request.params.id);
      return { ...serializeInboundMessage(message), text: message.text, attachments };
    },
  );

  app.post(
    '/inbox/:id/assign',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        operationId: 'assignInboundMessage',
        summary: 'File an incoming email on a dispatch as its response',
        params: IdParamsSchema,
        body: InboxAssignSchema,
        response: {
          201: ok(InboxAssignedSchema, 'The message and the response made of it'),
          ...errors(...BODY_ERRORS, 401, 403, 404, 409),
        },
      },
    },
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
    {
      config: { access: 'staff' },
      schema: {
        tags,
        operationId: 'discardInboundMessage',
        summary: 'Discard an incoming email that is not a response',
        params: IdParamsSchema,
        response: { 204: NoContentSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      service.discard(request.params.id, request.actor());
      return reply.code(204).send(null);
    },
  );
};

export default inbox;
