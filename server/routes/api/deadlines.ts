import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ValidationError } from '../../errors.js';
import { BODY_ERRORS, errors, IdParamsSchema, NoContentSchema, ok } from '../../schemas/common.js';
import {
  CustomDeadlineInputSchema,
  DeadlineQuerySchema,
  DeadlineSchema,
  OverrideInputSchema,
  OverrideParamsSchema,
} from '../../schemas/deadlines.js';
import { CalendarTokenSchema } from '../../schemas/users.js';

const tags = ['deadlines'];

const deadlines: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.deadlines;

  app.get(
    '/deadlines',
    {
      config: { access: 'member' },
      schema: {
        tags,
        operationId: 'listDeadlines',
        summary: 'List deadlines: responses due, escalations, sign-on closing, AGMs and filing dates',
        description:
          'Deadlines in date order. Members see those of their campaigns and of the companies their campaigns target. With `campaignId`, the company deadlines (AGM, filing) of the campaign’s target companies are included.',
        querystring: DeadlineQuerySchema,
        response: { 200: ok(Type.Array(DeadlineSchema), 'The deadlines'), ...errors(400, 401, 403, 404) },
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
    {
      config: { access: 'staff' },
      schema: {
        tags,
        operationId: 'createDeadline',
        summary: 'Add a deadline by hand (for a campaign, a company or neither)',
        body: CustomDeadlineInputSchema,
        response: { 201: ok(DeadlineSchema, 'The new deadline'), ...errors(...BODY_ERRORS, 401, 403) },
      },
    },
    async (request, reply) => reply.code(201).send(service.createCustom(request.body, request.actor())),
  );

  app.delete(
    '/deadlines/:id',
    {
      config: { access: 'coordinator' },
      schema: {
        tags,
        operationId: 'deleteDeadline',
        summary: 'Delete a deadline added by hand',
        params: IdParamsSchema,
        response: { 204: NoContentSchema, ...errors(400, 401, 403, 404) },
      },
    },
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
        operationId: 'overrideFilingDeadline',
        summary: 'Set a company filing deadline to the date it disclosed',
        description:
          'Replaces a computed filing deadline of the company by a date it disclosed, with its source.',
        params: OverrideParamsSchema,
        body: OverrideInputSchema,
        response: {
          200: ok(DeadlineSchema, 'The deadline as overridden'),
          ...errors(...BODY_ERRORS, 401, 403, 404, 409),
        },
      },
    },
    async (request) =>
      service.override(request.params.id, request.params.kind, request.body, request.actor()),
  );

  app.delete(
    '/companies/:id/deadlines/:kind',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        operationId: 'removeFilingDeadlineOverride',
        summary: 'Go back to the computed filing deadline of a company',
        params: OverrideParamsSchema,
        response: { 204: NoContentSchema, ...errors(400, 401, 403, 404) },
      },
    },
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
        operationId: 'rotateCalendarToken',
        summary: 'Get a new calendar feed address',
        description: 'Replaces your calendar feed address; the old address stops working.',
        response: { 200: ok(CalendarTokenSchema, 'Your new calendar feed address'), ...errors(401) },
      },
    },
    async (request) => ({
      calendarUrl: app.services.calendarFeeds.rotateCalendarToken(request.user!, request.actor()),
    }),
  );
};

export default deadlines;
