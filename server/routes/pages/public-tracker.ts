import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { NotFoundError } from '../../errors.js';
import { IdParamsSchema } from '../../schemas/common.js';

const LABEL_ORDER = ['Responded', 'Declined to respond', 'Did not respond', 'Awaiting response'];

/**
 * The public tracker of a campaign marked public: for each letter sent, every company with the
 * Business & Human Rights Resource Centre's label. It names responders and non-responders and
 * shows dates only: never response texts, contacts or internal notes.
 */
const publicTrackerPages: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/public/campaigns/:id',
    { config: { access: 'public' }, schema: { hide: true, params: IdParamsSchema } },
    async (request, reply) => {
      const campaign = app.repos.campaigns.findById(request.params.id);
      if (!campaign?.public) throw new NotFoundError('Public campaign', request.params.id);
      const letters = app.repos.letters
        .listForCampaign(campaign.id)
        .filter((letter) => letter.status === 'sent')
        .map((letter) => {
          const rows = app.services.dispatches
            .board({ letterId: letter.id, sort: 'company', limit: 10_000, offset: 0 })
            .items.map((d) => ({
              companyName: d.companyName,
              country: d.companyCountry,
              sector: d.companySector,
              dueAt: d.dueAt,
              respondedAt: d.firstResponseAt,
              label: d.publicLabel,
            }));
          const counts = LABEL_ORDER.map((label) => ({
            label,
            count: rows.filter((r) => r.label === label).length,
          }));
          const responded = counts[0]!.count + counts[1]!.count;
          return {
            title: letter.title,
            sentAt: letter.sentAt,
            kind: letter.kind,
            rows,
            counts,
            invited: rows.length,
            responseRate: rows.length ? `${Math.round((responded / rows.length) * 1000) / 10}%` : '—',
          };
        });
      return reply.page('public/campaign', { title: campaign.name, campaign, letters });
    },
  );
};

export default publicTrackerPages;
