import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParamsSchema } from '../../schemas/common.js';

/** The public tracker of a campaign marked public (404 otherwise); anyone may read it. */
const publicTrackerPages: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/public/campaigns/:id',
    { config: { access: 'public' }, schema: { hide: true, params: IdParamsSchema } },
    async (request, reply) => {
      const tracker = app.services.publicTracker.forCampaign(request.params.id);
      return reply.page('public/campaign', { title: tracker.campaign.name, ...tracker });
    },
  );
};

export default publicTrackerPages;
