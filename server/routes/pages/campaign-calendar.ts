import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { plural } from '../../lib/words.js';
import {
  type CalendarDayInput,
  CalendarDayInputSchema,
  CalendarDayParamsSchema,
  type CalendarImportInput,
  CalendarImportInputSchema,
} from '../../schemas/calendar.js';
import { IdParamsSchema } from '../../schemas/common.js';
import { FormBodySchema, field, flashOutcome, requireValid } from './forms.js';

const recomputedNote = (n: number) =>
  n ? ` ${plural(n, 'due date')} recomputed.` : ' No open due date changed.';

/** The campaign's holiday calendar page: the days that count for its rule, and its own days. */
const campaignCalendarPages: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.campaignCalendar;
  const back = (id: number) => `/campaigns/${id}/calendar`;

  app.get(
    '/campaigns/:id/calendar',
    { config: { access: 'member' }, schema: { hide: true, params: IdParamsSchema } },
    async (request, reply) => {
      const campaign = app.services.campaigns.getForUser(request.params.id, request.user!);
      const calendar = service.upcoming(campaign.id);
      return reply.page('campaigns/calendar', {
        title: `Holiday calendar: ${campaign.name}`,
        campaign,
        calendar,
        regions: Object.entries(calendar.regions).map(([code, name]) => ({ code, name })),
      });
    },
  );

  app.post(
    '/campaigns/:id/calendar/days',
    {
      config: { access: 'coordinator' },
      schema: { hide: true, params: IdParamsSchema, body: FormBodySchema },
    },
    async (request, reply) => {
      const { id } = request.params;
      flashOutcome(request, () => {
        const input = requireValid<CalendarDayInput>(CalendarDayInputSchema, {
          date: field(request.body, 'date'),
          kind: field(request.body, 'kind'),
          name: field(request.body, 'name'),
          source: field(request.body, 'source') || undefined,
        });
        const { day, recomputed } = service.addDay(id, input, request.actor());
        const what = day.kind === 'day_off' ? 'day off' : 'working day';
        return `${day.date} saved as a ${what}.${recomputedNote(recomputed)}`;
      });
      return reply.redirect(back(id));
    },
  );

  app.post(
    '/campaigns/:id/calendar/days/:date/delete',
    {
      config: { access: 'coordinator' },
      schema: { hide: true, params: CalendarDayParamsSchema, body: FormBodySchema },
    },
    async (request, reply) => {
      const { id, date } = request.params;
      flashOutcome(request, () => {
        const { recomputed } = service.removeDay(id, date, request.actor());
        return `${date} removed from the campaign’s own days.${recomputedNote(recomputed)}`;
      });
      return reply.redirect(back(id));
    },
  );

  app.post(
    '/campaigns/:id/calendar/import',
    {
      config: { access: 'coordinator' },
      schema: { hide: true, params: IdParamsSchema, body: FormBodySchema },
    },
    async (request, reply) => {
      const { id } = request.params;
      flashOutcome(request, () => {
        const input = requireValid<CalendarImportInput>(CalendarImportInputSchema, {
          ics: field(request.body, 'ics'),
          kind: field(request.body, 'kind'),
          filename: field(request.body, 'filename') || undefined,
        });
        const { imported, recomputed } = service.importIcs(id, input, request.actor());
        return `${plural(imported, 'day')} imported.${recomputedNote(recomputed)}`;
      });
      return reply.redirect(back(id));
    },
  );
};

export default campaignCalendarPages;
