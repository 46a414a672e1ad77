import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { RESPONSE_KINDS } from '../../domain/vocabulary.js';
import { ForbiddenError } from '../../errors.js';
import { roleAtLeast } from '../../lib/roles.js';
import { BODY_ERRORS, errors, IdParamsSchema, ok, PageOf } from '../../schemas/common.js';
import {
  AnswerInputSchema,
  AnswerSchema,
  DispatchBoardItemSchema,
  DispatchQuerySchema,
  DispatchWithEscalationSchema,
  EventSchema,
  ResponseInputSchema,
  ResponseSchema,
} from '../../schemas/dispatches.js';

const tags = ['dispatches'];

const dispatches: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.dispatches;

  app.get(
    '/dispatches',
    {
      config: { access: 'member' },
      schema: {
        tags,
        operationId: 'listDispatches',
        summary: 'List dispatches (the board): filter, sort and page',
        description: 'Members list the dispatches of one campaign at a time (`campaignId`).',
        querystring: DispatchQuerySchema,
        response: {
          200: ok(PageOf(DispatchBoardItemSchema), 'A page of dispatches'),
          ...errors(400, 401, 403, 404),
        },
      },
    },
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
    {
      config: { access: 'member' },
      schema: {
        tags,
        operationId: 'getDispatch',
        summary: 'Get a dispatch with its questions, responses, due dates and escalation step',
        params: IdParamsSchema,
        response: {
          200: ok(DispatchWithEscalationSchema, 'The dispatch'),
          ...errors(400, 401, 403, 404),
        },
      },
    },
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
    {
      config: { access: 'staff' },
      schema: {
        tags,
        operationId: 'recordResponse',
        summary: 'Record a response to a dispatch (with answers to its questions)',
        params: IdParamsSchema,
        body: ResponseInputSchema,
        response: { 201: ok(ResponseSchema, 'The response'), ...errors(...BODY_ERRORS, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(service.recordResponse(request.params.id, request.body, request.actor())),
  );

  app.patch(
    '/responses/:id',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        operationId: 'reviewResponse',
        summary: 'Review a response: correct its kind or mark it reviewed',
        params: IdParamsSchema,
        body: Type.Object(
          { kind: Type.Optional(Type.Enum(RESPONSE_KINDS)), reviewed: Type.Optional(Type.Boolean()) },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: ok(ResponseSchema, 'The response'), ...errors(...BODY_ERRORS, 401, 403, 404) },
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
        operationId: 'assessAnswer',
        summary: 'Assess how a dispatch’s responses answered one question',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }), questionId: Type.Integer({ minimum: 1 }) }),
        body: AnswerInputSchema,
        response: { 200: ok(AnswerSchema, 'The assessment'), ...errors(...BODY_ERRORS, 401, 403, 404) },
      },
    },
    async (request) =>
      service.assessAnswer(request.params.id, request.params.questionId, request.body, request.actor()),
  );

  app.get(
    '/dispatches/:id/events',
    {
      config: { access: 'member' },
      schema: {
        tags,
        operationId: 'listDispatchEvents',
        summary: 'The history of a dispatch',
        params: IdParamsSchema,
        response: { 200: ok(Type.Array(EventSchema), 'Its events'), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      service.getForUser(request.params.id, request.user!);
      return service.events(request.params.id);
    },
  );
};

export default dispatches;
