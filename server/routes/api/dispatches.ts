import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { RESPONSE_KINDS } from '../../domain/vocabulary.js';
import { ForbiddenError } from '../../errors.js';
import { roleAtLeast } from '../../lib/roles.js';
import { IdParamsSchema } from '../../schemas/common.js';
import { AnswerInputSchema, DispatchQuerySchema, ResponseInputSchema } from '../../schemas/dispatches.js';

const tags = ['dispatches'];

const dispatches: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.dispatches;

  app.get(
    '/dispatches',
    { config: { access: 'member' }, schema: { tags, querystring: DispatchQuerySchema } },
    async (request) => {
      const { limit = 100, offset = 0, ...filter } = request.query;
      const user = request.user!;
      if (!roleAtLeast(user.role, 'staff')) {
        if (!filter.campaignId)
          throw new ForbiddenError('Members list dispatches of one campaign at a time: give campaignId');
        app.services.campaigns.getForUser(filter.campaignId, user);
      }
      return service.board({ ...filter, limit, offset });
    },
  );

  app.get(
    '/dispatches/:id',
    { config: { access: 'member' }, schema: { tags, params: IdParamsSchema } },
    async (request) => {
      const dispatch = service.getForUser(request.params.id, request.user!);
      const { level, levelTitle, next } = app.services.escalation.forDispatch(dispatch);
      const addresses = roleAtLeast(request.user!.role, 'staff');
      return {
        ...service.detail(dispatch, { addresses }),
        escalation: { level, levelTitle, nextStep: next },
      };
    },
  );

  app.post(
    '/dispatches/:id/responses',
    { config: { access: 'staff' }, schema: { tags, params: IdParamsSchema, body: ResponseInputSchema } },
    async (request, reply) =>
      reply.code(201).send(service.recordResponse(request.params.id, request.body, request.actor())),
  );

  app.patch(
    '/responses/:id',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        params: IdParamsSchema,
        body: Type.Object(
          { kind: Type.Optional(Type.Enum(RESPONSE_KINDS)), reviewed: Type.Optional(Type.Boolean()) },
          { additionalProperties: false, minProperties: 1 },
        ),
      },
    },
    async (request) => service.reviewResponse(request.params.id, request.body, request.actor()),
  );

  app.put(
    '/dispatches/:id/answers/:questionId',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        params: Type.Object({ id: Type.Integer({ minimum: 1 }), questionId: Type.Integer({ minimum: 1 }) }),
        body: AnswerInputSchema,
      },
    },
    async (request) =>
      service.assessAnswer(request.params.id, request.params.questionId, request.body, request.actor()),
  );

  app.get(
    '/dispatches/:id/events',
    { config: { access: 'member' }, schema: { tags, params: IdParamsSchema } },
    async (request) => {
      service.getForUser(request.params.id, request.user!);
      return service.events(request.params.id);
    },
  );
};

export default dispatches;
