import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { BOARD_SORTS } from '../../../db/repositories/dispatches-repository.js';
import type { CampaignRow } from '../../../db/repositories/index.js';
import { DISPATCH_STATUSES } from '../../domain/vocabulary.js';
import { AppError } from '../../errors.js';
import { addDays } from '../../lib/calendar-dates.js';
import { formatPercent } from '../../lib/numbers.js';
import { queryStringOf as boardQueryString, pageLinks } from '../../lib/paging.js';
import { roleAtLeast } from '../../lib/roles.js';
import { type FieldErrors, validateInput } from '../../lib/validate.js';
import { type CampaignInput, CampaignInputSchema } from '../../schemas/campaigns.js';
import { IdParamsSchema } from '../../schemas/common.js';
import { BULK_ACTION_NAMES, BULK_ACTIONS } from '../../services/board-bulk-service.js';
import { parseLadder } from '../../services/escalation.js';
import { type FormBody, FormBodySchema, field, fieldList } from './forms.js';

const BOARD_PAGE_SIZE = 50;

const ladderText = (steps: { level: number; title: string }[]) =>
  steps.map((s) => `${s.level}. ${s.title}`).join('\n');

function campaignFromForm(body: FormBody) {
  const days = field(body, 'responseDays');
  return {
    name: field(body, 'name'),
    description: field(body, 'description'),
    responseDays: days === '' ? 14 : /^\d+$/.test(days) ? Number(days) : days,
    dayCount: field(body, 'dayCount') || 'calendar',
    holidayCountry: field(body, 'holidayCountry') || null,
    holidayRegion: field(body, 'holidayRegion') || null,
    public: field(body, 'public') === 'true',
    organizationIds: fieldList(body, 'organizationIds').filter(Boolean).map(Number),
  };
}

/** Quick views of the board: each is a filter, kept in the URL like the others. */
export const BOARD_VIEWS = ['due-this-week', 'overdue', 'to-review'] as const;
type BoardView = (typeof BOARD_VIEWS)[number];
/** "Due this week": open dispatches due today or in the next six days. */
const WEEK_DAYS = 6;

export const BoardQuerySchema = Type.Object({
  view: Type.Optional(Type.Union([Type.Literal(''), ...BOARD_VIEWS.map((v) => Type.Literal(v))])),
  status: Type.Optional(Type.Enum(['', ...DISPATCH_STATUSES])),
  overdue: Type.Optional(Type.Union([Type.Literal(''), Type.Literal('overdue'), Type.Literal('very')])),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  sector: Type.Optional(Type.String({ maxLength: 100 })),
  country: Type.Optional(Type.String({ maxLength: 2 })),
  sort: Type.Optional(Type.Enum(BOARD_SORTS)),
  direction: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
});
type BoardQuery = {
  view?: '' | BoardView;
  status?: string;
  overdue?: '' | 'overdue' | 'very';
  q?: string;
  sector?: string;
  country?: string;
  sort?: (typeof BOARD_SORTS)[number];
  direction?: 'asc' | 'desc';
  offset?: number;
};

/** The board's filters as the dispatches service reads them, from the page's query. */
export function boardFilter(query: BoardQuery, today: string) {
  return {
    status: (query.status || undefined) as (typeof DISPATCH_STATUSES)[number] | undefined,
    overdue: query.overdue === 'overdue' || query.view === 'overdue',
    veryOverdue: query.overdue === 'very',
    dueBy: query.view === 'due-this-week' ? addDays(today, WEEK_DAYS) : undefined,
    toReview: query.view === 'to-review' || undefined,
    q: query.q || undefined,
    sector: query.sector || undefined,
    country: query.country || undefined,
    sort: query.sort,
    direction: query.direction,
  };
}

/** The bulk actions a role may choose on the board (export is open to everyone who reads it). */
function bulkActionsFor(role: Parameters<typeof roleAtLeast>[0]) {
  return [
    ...BULK_ACTION_NAMES.filter((a) => roleAtLeast(role, BULK_ACTIONS[a].role)).map((a) => ({
      value: a,
      label: BULK_ACTIONS[a].label,
    })),
    { value: 'export-csv', label: 'Export selected (CSV)' },
    { value: 'export-xlsx', label: 'Export selected (Excel)' },
  ];
}

const campaignPages: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.campaigns;
  const today = () => app.services.dispatches.today();

  const formView = (
    campaign: CampaignRow | undefined,
    values: Record<string, unknown>,
    errors?: FieldErrors,
  ) => ({
    title: campaign ? `Edit ${campaign.name}` : 'New campaign',
    campaign,
    values,
    errors,
    organizations: app.services.organizations.listAll().map((o) => ({
      ...o,
      checked: ((values.organizationIds as number[] | undefined) ?? []).includes(o.id),
    })),
  });

  function save(
    campaign: CampaignRow | undefined,
    body: FormBody,
    actor: ReturnType<import('fastify').FastifyRequest['actor']>,
  ) {
    const values = campaignFromForm(body);
    const result = validateInput<CampaignInput>(CampaignInputSchema, values);
    if ('errors' in result) return { view: formView(campaign, values, result.errors) };
    try {
      const saved = campaign
        ? app.services.campaignCalendar.updateCampaign(campaign.id, result.value, actor).campaign
        : service.create(result.value, actor);
      return { saved };
    } catch (error) {
      if (error instanceof AppError && error.field) {
        return { view: formView(campaign, values, { [error.field]: error.fieldMessage }) };
      }
      throw error;
    }
  }

  app.get('/campaigns', { config: { access: 'member' }, schema: { hide: true } }, async (request, reply) =>
    reply.page('campaigns/list', { title: 'Campaigns', campaigns: service.list(request.user!, today()) }),
  );

  app.get(
    '/campaigns/new',
    { config: { access: 'coordinator' }, schema: { hide: true } },
    async (_request, reply) =>
      reply.page(
        'campaigns/form',
        formView(undefined, { responseDays: 14, dayCount: 'calendar', organizationIds: [] }),
      ),
  );

  app.post(
    '/campaigns',
    { config: { access: 'coordinator' }, schema: { hide: true, body: FormBodySchema } },
    async (request, reply) => {
      const outcome = save(undefined, request.body, request.actor());
      if (outcome.view) return reply.formErrors('campaigns/form', outcome.view);
      request.flash('success', `Campaign “${outcome.saved!.name}” created.`);
      return reply.redirect(`/campaigns/${outcome.saved!.id}`);
    },
  );

  app.get(
    '/campaigns/:id',
    {
      config: { access: 'member', pageCache: true },
      schema: { hide: true, params: IdParamsSchema, querystring: BoardQuerySchema },
    },
    async (request, reply) => {
      const campaign = service.getForUser(request.params.id, request.user!);
      const query = request.query;
      const board = app.services.dispatches.board({
        campaignId: campaign.id,
        ...boardFilter(query, today()),
        limit: BOARD_PAGE_SIZE,
        offset: query.offset ?? 0,
      });
      const summary = service.summary(campaign, today());
      const baseQuery = {
        view: query.view,
        status: query.status,
        overdue: query.overdue,
        q: query.q,
        sector: query.sector,
        country: query.country,
        sort: query.sort,
        direction: query.direction,
      };
      const sortLink = (sort: string) =>
        boardQueryString({
          ...baseQuery,
          sort,
          direction: query.sort === sort && query.direction !== 'desc' ? 'desc' : 'asc',
        }) || '?';
      const filterQuery = boardQueryString(baseQuery);
      const letters = app.services.letters.listForCampaign(campaign.id).map((letter) => ({
        ...letter,
        dispatchCount: app.services.dispatches.countForLetter(letter.id),
        coverage:
          letter.status === 'sent'
            ? formatPercent(app.services.dispatches.letterCoverage(letter.id).value)
            : null,
      }));
      return reply.page('campaigns/show', {
        title: campaign.name,
        campaign: summary,
        organizations: app.services.campaigns.organizations(campaign.id),
        letters,
        board: board.items,
        paging: pageLinks(board, baseQuery),
        query,
        views: [
          { view: 'due-this-week', label: 'due this week', hint: 'open, due today or in the next 6 days' },
          { view: 'overdue', label: 'overdue', hint: 'open, past the due date' },
          { view: 'to-review', label: 'to review', hint: 'a response waits for staff review' },
        ].map((v) => ({
          ...v,
          href: boardQueryString({ view: v.view }) || '?',
          current: query.view === v.view,
        })),
        exportQuery: filterQuery,
        bookmark: `/campaigns/${campaign.id}${boardQueryString({ ...baseQuery, offset: query.offset })}#board`,
        bulkActions: bulkActionsFor(request.user!.role),
        statuses: DISPATCH_STATUSES,
        sectors: app.services.companies.sectors(),
        sortLinks: Object.fromEntries(BOARD_SORTS.map((s) => [s, sortLink(s)])),
        escalation: app.services.escalation
          .summary(campaign.id)
          .filter((step) => step.companies > 0 || step.level <= 4),
        statusCounts: DISPATCH_STATUSES.map((s) => ({
          status: s,
          count: (summary.counts as Record<string, number>)[s] ?? 0,
        })),
      });
    },
  );

  app.get(
    '/campaigns/:id/stats',
    { config: { access: 'member', pageCache: true }, schema: { hide: true, params: IdParamsSchema } },
    async (request, reply) => {
      const campaign = service.getForUser(request.params.id, request.user!);
      return reply.page('campaigns/stats', {
        title: `Statistics: ${campaign.name}`,
        campaign,
        ...app.services.stats.withCharts(campaign.id),
      });
    },
  );

  app.get(
    '/campaigns/:id/edit',
    { config: { access: 'coordinator' }, schema: { hide: true, params: IdParamsSchema } },
    async (request, reply) => {
      const campaign = service.get(request.params.id);
      return reply.page(
        'campaigns/form',
        formView(campaign, {
          ...campaign,
          organizationIds: app.services.campaigns.organizationIds(campaign.id),
          ladder: ladderText(app.services.escalation.ladderOf(campaign.id)),
        }),
      );
    },
  );

  app.post(
    '/campaigns/:id',
    {
      config: { access: 'coordinator' },
      schema: { hide: true, params: IdParamsSchema, body: FormBodySchema },
    },
    async (request, reply) => {
      const campaign = service.get(request.params.id);
      const ladderSource = field(request.body, 'ladder');
      const withLadder = (errors: Record<string, string>) =>
        formView(campaign, { ...campaignFromForm(request.body), ladder: ladderSource }, errors);
      const ladder = parseLadder(ladderSource);
      if (ladder.length === 0)
        return reply.formErrors('campaigns/form', withLadder({ ladder: 'give at least one step' }));
      const outcome = save(campaign, request.body, request.actor());
      if (outcome.view) return reply.formErrors('campaigns/form', withLadder(outcome.view.errors ?? {}));
      try {
        app.services.escalation.setLadder(campaign.id, ladder, request.actor());
      } catch (error) {
        if (!(error instanceof AppError) || !error.field) throw error;
        return reply.formErrors(
          'campaigns/form',
          withLadder({ ladder: error.message.replace(/^[\w.]+: /, '') }),
        );
      }
      request.flash('success', 'Campaign saved.');
      return reply.redirect(`/campaigns/${campaign.id}`);
    },
  );
};

export default campaignPages;
