import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { OUTBOX_STATUSES } from '../../domain/vocabulary.js';
import { IdParamsSchema } from '../../schemas/common.js';
import { serializeOutboxMessage } from '../../services/outbox-service.js';

const tags = ['outbox'];
export const OutboxStatusSchema = Type.Union(OUTBOX_STATUSES.map((s) => Type.Literal(s)));

const outbox: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.outboxMessages;

  app.get(
    '/outbox',
    {
      config: { access: 'coordinator' },
      schema: {
        tags,
        querystring: Type.Object(
          {
            status: Type.Optional(OutboxStatusSchema),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) =>
      service.list(request.query.status, request.query.limit).map((m) => serializeOutboxMessage(m)),
  );

  app.get(
    '/outbox/:id',
    { config: { access: 'coordinator' }, schema: { tags, params: IdParamsSchema } },
    async (request) => serializeOutboxMessage(service.get(request.params.id), true),
  );

  app.post(
    '/outbox/:id/resend',
    { config: { access: 'coordinator' }, schema: { tags, params: IdParamsSchema } },
    async (request) => serializeOutboxMessage(service.resend(request.params.id, request.actor())),
  );
};

export default outbox;
