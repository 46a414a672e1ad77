import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CalendarDayAddedSchema,
  CalendarDayInputSchema,
  CalendarDayParamsSchema,
  CalendarDayRemovedSchema,
  CalendarImportedSchema,
  CalendarImportInputSchema,
  CampaignCalendarSchema,
} from '../../schemas/calendar.js';
import { BODY_ERRORS, errors, IdParamsSchema, ok } from '../../schemas/common.js';

const tags = ['campaigns'];

/** A campaign's holiday calendar: the days that count over the next twelve months, and its own days. */
const campaignCalendar: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.campaignCalendar;

  app.get(
    '/campaigns/:id/calendar',
    {
      config: { access: 'member' },
      schema: {
        tags,
        operationId: 'getCampaignCalendar',
        summary: 'The days off and working days that count for a campaign over the next twelve months',
        params: IdParamsSchema,
        response: { 200: ok(CampaignCalendarSchema, 'The calendar'), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      app.services.campaigns.getForUser(request.params.id, request.user!);
      return service.upcoming(request.params.id);
    },
  );

  app.post(
    '/campaigns/:id/calendar/days',
    {
      config: { access: 'coordinator' },
      schema: {
        tags,
        operationId: 'addCampaignCalendarDay',
        summary: 'Add a day off or a working day to a campaign’s calendar',
        params: IdParamsSchema,
        body: CalendarDayInputSchema,
        response: {
          201: ok(CalendarDayAddedSchema, 'The day, and how many due dates were recomputed'),
          ...errors(...BODY_ERRORS, 401, 403, 404),
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(service.addDay(request.params.id, request.body, request.actor())),
  );

  app.delete(
    '/campaigns/:id/calendar/days/:date',
    {
      config: { access: 'coordinator' },
      schema: {
        tags,
        operationId: 'removeCampaignCalendarDay',
        summary: 'Remove one of a campaign’s own calendar days',
        params: CalendarDayParamsSchema,
        response: {
          200: ok(CalendarDayRemovedSchema, 'How many due dates were recomputed'),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => service.removeDay(request.params.id, request.params.date, request.actor()),
  );

  app.post(
    '/campaigns/:id/calendar/import',
    {
      config: { access: 'coordinator' },
      schema: {
        tags,
        operationId: 'importCampaignCalendar',
        summary: 'Import the days of an .ics file into a campaign’s calendar',
        params: IdParamsSchema,
        body: CalendarImportInputSchema,
        response: {
          200: ok(CalendarImportedSchema, 'How many days were imported and due dates recomputed'),
          ...errors(...BODY_ERRORS, 401, 403, 404),
        },
      },
    },
    async (request) => service.importIcs(request.params.id, request.body, request.actor()),
  );
};

export default campaignCalendar;
