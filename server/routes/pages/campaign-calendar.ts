import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.js';
import type { FieldErrors } from '../../lib/validate.js';
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
    async (request, reply) => reply.page('campaigns/calendar', pageData(request, request.params.id)),
  );

  type CalendarForms = {
    dayValues?: Record<string, string>;
    importValues?: Record<string, string>;
    errors?: FieldErrors;
    importErrors?: FieldErrors;
  };

  /** The calendar page; after a refused form, with what the person typed and why it was refused. */
  function pageData(request: FastifyRequest, id: number, forms: CalendarForms = {}) {
    const campaign = app.services.campaigns.getForUser(id, request.user!);
    const calendar = service.upcoming(campaign.id);
    return {
      ...forms,
      // the import form's errors, put in words by reply.formErrors like the page's own
      importForm: { errors: forms.importErrors },
      title: `Holiday calendar: ${campaign.name}`,
      campaign,
      calendar,
      regions: Object.entries(calendar.regions).map(([code, name]) => ({ code, name })),
    };
  }

  /** Runs a calendar form; a refused one comes back with its values and the reason next to the field. */
  function submit(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    refused: (errors: FieldErrors) => CalendarForms,
    action: () => string,
  ) {
    try {
      request.flash('success', action());
      return reply.redirect(back(id));
    } catch (error) {
      if (!(error instanceof AppError) || error.statusCode >= 500) throw error;
      const fieldName = error.field ?? /^([\w.]+): /.exec(error.message)?.[1] ?? 'form';
      const message = error.field ? error.fieldMessage : error.message.replace(/^[\w.]+: /, '');
      return reply.formErrors('campaigns/calendar', pageData(request, id, refused({ [fieldName]: message })));
    }
  }

  app.post(
    '/campaigns/:id/calendar/days',
    {
      config: { access: 'coordinator' },
      schema: { hide: true, params: IdParamsSchema, body: FormBodySchema },
    },
    async (request, reply) => {
      const { id } = request.params;
      const values = {
        date: field(request.body, 'date'),
        kind: field(request.body, 'kind'),
        name: field(request.body, 'name'),
        source: field(request.body, 'source'),
      };
      return submit(
        request,
        reply,
        id,
        (errors) => ({ dayValues: values, errors }),
        () => {
          const input = requireValid<CalendarDayInput>(CalendarDayInputSchema, {
            ...values,
            source: values.source || undefined,
          });
          const { day, recomputed } = service.addDay(id, input, request.actor());
          const what = day.kind === 'day_off' ? 'day off' : 'working day';
          return `${day.date} saved as a ${what}.${recomputedNote(recomputed)}`;
        },
      );
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
      const values = {
        ics: typeof request.body.ics === 'string' ? request.body.ics : '',
        kind: field(request.body, 'kind'),
        filename: field(request.body, 'filename'),
      };
      return submit(
        request,
        reply,
        id,
        (importErrors) => ({ importValues: values, importErrors }),
        () => {
          const input = requireValid<CalendarImportInput>(CalendarImportInputSchema, {
            ics: values.ics.trim(),
            kind: values.kind,
            filename: values.filename || undefined,
          });
          const { imported, recomputed } = service.importIcs(id, input, request.actor());
          return `${plural(imported, 'day')} imported.${recomputedNote(recomputed)}`;
        },
      );
    },
  );
};

export default campaignCalendarPages;
