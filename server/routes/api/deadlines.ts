import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ValidationError } from '../../errors.js';
import { IdParamsSchema } from '../../schemas/common.js';
import {
  CustomDeadlineInputSchema,
  DeadlineQuerySchema,
  DeadlineSchema,
  OverrideInputSchema,
  OverrideParamsSchema,
} from '../../schemas/deadlines.js';

const tags = ['deadlines'];

const deadlines: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.deadlines;

  app.get(
    '/deadlines',
    {
      config: { access: 'member' },
      schema: {
        tags,
        description:
          'Deadlines in date order. Members see those of their campaigns and of the companies their campaigns target. With `campaignId`, the company deadlines (AGM, filing) of the campaign’s target companies are included.',
        querystring: DeadlineQuerySchema,
        response: { 200: Type.Array(DeadlineSchema) },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      if (from && to && from > to) throw new ValidationError('to', 'must not be before from');
      return service.list({ ...request.query, user: request.user! });
    },
  );

  app.post(
    '/deadlines',
    { config: { access: 'staff' }, schema: { tags, body: CustomDeadlineInputSchema } },
    async (request, reply) => reply.code(201).send(service.createCustom(request.body, request.actor())),
  );

  app.delete(
    '/deadlines/:id',
    { config: { access: 'coordinator' }, schema: { tags, params: IdParamsSchema } },
    async (request, reply) => {
      service.remove(request.params.id, request.actor());
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/companies/:id/deadlines/:kind',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        description:
          'Replaces a computed filing deadline of the company by a date it disclosed, with its source.',
        params: OverrideParamsSchema,
        body: OverrideInputSchema,
      },
    },
    async (request) =>
      service.override(request.params.id, request.params.kind, request.body, request.actor()),
  );

  app.delete(
    '/companies/:id/deadlines/:kind',
    { config: { access: 'staff' }, schema: { tags, params: OverrideParamsSchema } },
    async (request, reply) => {
      service.removeOverride(request.params.id, request.params.kind, request.actor());
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/me/calendar-token',
    {
      config: { access: 'member' },
      schema: {
        tags: ['me'],
        description: 'Replaces your calendar feed address; the old address stops working.',
      },
    },
    async (request) => ({
      calendarUrl: app.services.calendarFeeds.rotateCalendarToken(request.user!, request.actor()),
    }),
  );
};

export default deadlines;
