import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, NotFoundError } from '../../errors.js';
import { addDays, type CalendarDate, weekday } from '../../lib/calendar-dates.js';
import { type FieldErrors, validateInput } from '../../lib/validate.js';
import { IdParamsSchema } from '../../schemas/common.js';
import { type CustomDeadlineInput, CustomDeadlineInputSchema } from '../../schemas/deadlines.js';
import type { Deadline } from '../../services/deadlines-service.js';
import { type FormBody, FormBodySchema, field } from './forms.js';

/** How far ahead the list view looks when no dates are given. */
const DEFAULT_LIST_DAYS = 90;
const MONTH_PATTERN = '^\\d{4}-(0[1-9]|1[0-2])$';
/** The list opens with at most this many overdue items, oldest first; the page says how many more. */
const LATE_LIMIT = 500;
const MONTH_NAMES = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

const BlankOr = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Optional(Type.Union([Type.Literal(''), schema]));

const DeadlinesPageQuerySchema = Type.Object({
  view: Type.Optional(Type.Union([Type.Literal('list'), Type.Literal('month')])),
  month: BlankOr(Type.String({ pattern: MONTH_PATTERN, description: 'YYYY-MM' })),
  from: BlankOr(Type.String({ format: 'date' })),
  to: BlankOr(Type.String({ format: 'date' })),
  campaignId: BlankOr(Type.String({ pattern: '^[1-9]\\d{0,9}$' })),
  companyId: BlankOr(Type.String({ pattern: '^[1-9]\\d{0,9}$' })),
});
type DeadlinesPageQuery = {
  view?: 'list' | 'month';
  month?: string;
  from?: string;
  to?: string;
  campaignId?: string;
  companyId?: string;
};

function shiftMonth(month: string, by: number): string {
  const d = new Date(`${month}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + by);
  return d.toISOString().slice(0, 7);
}

/** Monday-first weeks covering the month, each day with its deadlines. */
function monthGrid(month: string, deadlines: Deadline[], today: CalendarDate) {
  const first = `${month}-01`;
  const start = addDays(first, -((weekday(first) + 6) % 7));
  const last = addDays(`${shiftMonth(month, 1)}-01`, -1);
  const end = addDays(last, (7 - weekday(last)) % 7);
  const byDate = new Map<string, Deadline[]>();
  for (const d of deadlines) byDate.set(d.date, [...(byDate.get(d.date) ?? []), d]);
  const weeks: { days: unknown[] }[] = [];
  for (let day = start; day <= end; day = addDays(day, 1)) {
    if (weekday(day) === 1) weeks.push({ days: [] });
    weeks.at(-1)!.days.push({
      date: day,
      day: Number(day.slice(8)),
      inMonth: day.startsWith(month),
      today: day === today,
      deadlines: byDate.get(day) ?? [],
    });
  }
  return { start, end, weeks };
}

function queryString(values: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

const deadlinePages: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.deadlines;

  function pageView(
    request: FastifyRequest,
    query: DeadlinesPageQuery,
    form?: { values: Record<string, unknown>; errors: FieldErrors },
  ) {
    const user = request.user!;
    const today = service.today();
    const view = query.view === 'month' ? 'month' : 'list';
    const campaignId = query.campaignId ? Number(query.campaignId) : undefined;
    const companyId = query.companyId ? Number(query.companyId) : undefined;
    const filters = { campaignId: query.campaignId, companyId: query.companyId };

    let from: string;
    let to: string;
    let month: ReturnType<typeof monthGrid> | undefined;
    const monthKey = query.month || today.slice(0, 7);
    if (view === 'month') {
      const grid = monthGrid(monthKey, [], today);
      from = grid.start;
      to = grid.end;
    } else {
      from = query.from || today;
      to = query.to || addDays(from, DEFAULT_LIST_DAYS);
    }
    // Listed without the company filter first, so the company choices are those with deadlines here.
    const all = from <= to ? service.list({ from, to, campaignId, user }) : [];
    // Without a chosen start the list opens with the work already late, so nothing overdue drops off it.
    const overdue =
      view === 'list' && !query.from && from <= to
        ? service.overdue({ campaignId, user, limit: LATE_LIMIT })
        : { items: [], total: 0 };
    const late = overdue.items;
    const forCompany = (list: Deadline[]) =>
      companyId === undefined ? list : list.filter((d) => d.companyId === companyId);
    const deadlines = [...forCompany(late).map((d) => ({ ...d, late: true })), ...forCompany(all)];
    if (view === 'month') month = monthGrid(monthKey, deadlines, today);

    const companyNames = app.services.companies.namesByIds([
      ...new Set([...all.map((d) => d.companyId), companyId].filter((id) => id !== undefined)),
    ]);
    const campaigns = app.services.campaigns.list(user, today);
    return {
      title: 'Deadlines',
      view,
      from,
      to,
      rangeError: from > to ? 'The end date is before the start date.' : undefined,
      filters,
      campaigns: campaigns.map((c) => ({ id: c.id, name: c.name, selected: c.id === campaignId })),
      companies: [...companyNames]
        .map(([id, name]) => ({ id, name, selected: id === companyId }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      deadlines: deadlines.map((d) => ({ ...d, passed: d.date < today, isToday: d.date === today })),
      // Without a company filter the count is every overdue item, including those past the list's first ones.
      overdueCount: companyId === undefined ? overdue.total : forCompany(late).length,
      overdueNotListed: companyId === undefined ? Math.max(overdue.total - late.length, 0) : 0,
      month: month && {
        ...month,
        label: MONTH_NAMES.format(new Date(`${monthKey}-01T00:00:00Z`)),
        previous: queryString({ view: 'month', month: shiftMonth(monthKey, -1), ...filters }),
        next: queryString({ view: 'month', month: shiftMonth(monthKey, 1), ...filters }),
        current: queryString({ view: 'month', ...filters }),
      },
      monthKey,
      listLink: queryString({ ...filters }),
      monthLink: queryString({ view: 'month', month: monthKey, ...filters }),
      campaignIcs: campaignId ? `/campaigns/${campaignId}/deadlines.ics` : undefined,
      form: form ?? { values: { date: '', title: '', explanation: '' }, errors: {} },
      weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
    };
  }

  app.get(
    '/deadlines',
    { config: { access: 'member' }, schema: { hide: true, querystring: DeadlinesPageQuerySchema } },
    async (request, reply) => reply.page('deadlines/index', pageView(request, request.query)),
  );

  app.post(
    '/deadlines',
    { config: { access: 'staff' }, schema: { hide: true, body: FormBodySchema } },
    async (request, reply) => {
      const body = request.body as FormBody;
      const values = {
        kind: 'custom',
        date: field(body, 'date'),
        title: field(body, 'title'),
        ...(field(body, 'explanation') && { explanation: field(body, 'explanation') }),
        ...(field(body, 'campaignId') && { campaignId: field(body, 'campaignId') }),
        ...(field(body, 'companyId') && { companyId: field(body, 'companyId') }),
      };
      const result = validateInput<CustomDeadlineInput>(CustomDeadlineInputSchema, values);
      let errors = 'errors' in result ? result.errors : undefined;
      if ('value' in result) {
        try {
          service.createCustom(result.value, request.actor());
        } catch (error) {
          if (!(error instanceof AppError && error.field)) throw error;
          errors = { [error.field]: error.fieldMessage };
        }
      }
      if (errors) return reply.formErrors('deadlines/index', pageView(request, {}, { values, errors }));
      request.flash('success', `Deadline “${values.title}” added.`);
      return reply.redirect('/deadlines');
    },
  );

  app.post(
    '/deadlines/:id/delete',
    {
      config: { access: 'coordinator' },
      schema: { hide: true, params: IdParamsSchema, body: FormBodySchema },
    },
    async (request, reply) => {
      const row = service.remove(request.params.id, request.actor());
      request.flash('success', `Deadline “${row.title}” deleted.`);
      return reply.redirect('/deadlines');
    },
  );

  app.get(
    '/campaigns/:id/deadlines.ics',
    { config: { access: 'member' }, schema: { hide: true, params: IdParamsSchema } },
    async (request, reply) => {
      const { filename, body } = app.services.calendarFeeds.campaignCalendar(
        request.params.id,
        request.user!,
      );
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .send(body);
    },
  );

  // The token is the credential: calendar applications cannot log in.
  app.get(
    '/calendar/:token.ics',
    {
      config: { access: 'public' },
      schema: { hide: true, params: Type.Object({ token: Type.String({ maxLength: 100 }) }) },
    },
    async (request, reply) => {
      const feed = app.services.calendarFeeds.feedForToken(request.params.token);
      if (!feed) throw new NotFoundError('Calendar feed');
      return reply
        .type('text/calendar; charset=utf-8')
        .header('cache-control', 'private, max-age=300')
        .header('x-robots-tag', 'noindex')
        .send(feed);
    },
  );
};

export default deadlinePages;
