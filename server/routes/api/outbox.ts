import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, IdParamsSchema, ok } from '../../schemas/common.js';
import { OutboxMessageDetailSchema, OutboxMessageSchema, OutboxStatusSchema } from '../../schemas/outbox.js';
import { serializeOutboxMessage, serializeOutboxMessageInFull } from '../../services/outbox-service.js';

const tags = ['outbox'];
export { OutboxStatusSchema };

const outbox: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.outboxMessages;

  app.get(
    '/outbox',
    {
      config: { access: 'coordinator' },
      schema: {
        tags,
        operationId: 'listOutbox',
        summary: 'List the emails Docket sends, newest first',
        querystring: Type.Object(
          {
            status: Type.Optional(OutboxStatusSchema),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: ok(Type.Array(OutboxMessageSchema), 'The messages'), ...errors(400, 401, 403) },
      },
    },
    async (request) =>
      service.list(request.query.status, request.query.limit).map((m) => serializeOutboxMessage(m)),
  );

  app.get(
    '/outbox/:id',
    {
      config: { access: 'coordinator' },
      schema: {
        tags,
        operationId: 'getOutboxMessage',
        summary: 'Get an outgoing email with its headers, text and HTML',
        params: IdParamsSchema,
        response: { 200: ok(OutboxMessageDetailSchema, 'The message'), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => serializeOutboxMessageInFull(service.get(request.params.id)),
  );

  app.post(
    '/outbox/:id/resend',
    {
      config: { access: 'coordinator' },
      schema: {
        tags,
        operationId: 'resendOutboxMessage',
        summary: 'Queue a failed email again',
        params: IdParamsSchema,
        response: { 200: ok(OutboxMessageSchema, 'The message, queued'), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => serializeOutboxMessage(service.resend(request.params.id, request.actor())),
  );
};

export default outbox;
