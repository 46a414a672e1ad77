import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CalendarDayInputSchema,
  CalendarDayParamsSchema,
  CalendarImportInputSchema,
} from '../../schemas/calendar.js';
import { IdParamsSchema } from '../../schemas/common.js';

const tags = ['campaigns'];

/** A campaign's holiday calendar: the days that count over the next twelve months, and its own days. */
const campaignCalendar: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.campaignCalendar;

  app.get(
    '/campaigns/:id/calendar',
    { config: { access: 'member' }, schema: { tags, params: IdParamsSchema } },
    async (request) => {
      app.services.campaigns.getForUser(request.params.id, request.user!);
      return service.upcoming(request.params.id);
    },
  );

  app.post(
    '/campaigns/:id/calendar/days',
    {
      config: { access: 'coordinator' },
      schema: { tags, params: IdParamsSchema, body: CalendarDayInputSchema },
    },
    async (request, reply) =>
      reply.code(201).send(service.addDay(request.params.id, request.body, request.actor())),
  );

  app.delete(
    '/campaigns/:id/calendar/days/:date',
    { config: { access: 'coordinator' }, schema: { tags, params: CalendarDayParamsSchema } },
    async (request) => service.removeDay(request.params.id, request.params.date, request.actor()),
  );

  app.post(
    '/campaigns/:id/calendar/import',
    {
      config: { access: 'coordinator' },
      schema: { tags, params: IdParamsSchema, body: CalendarImportInputSchema },
    },
    async (request) => service.importIcs(request.params.id, request.body, request.actor()),
  );
};

export default campaignCalendar;
