import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CampaignInputSchema, CampaignPatchSchema } from '../../schemas/campaigns.js';
import { IdParamsSchema } from '../../schemas/common.js';
import { LetterInputSchema } from '../../schemas/letters.js';

const tags = ['campaigns'];

const campaigns: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.campaigns;
  const today = () => app.services.dispatches.today();

  const full = (id: number) => ({
    ...service.summary(service.get(id), today()),
    organizationIds: app.repos.campaigns.organizationIds(id),
    companyIds: app.repos.campaigns.companyIds(id),
  });

  app.get('/campaigns', { config: { access: 'member' }, schema: { tags } }, async (request) =>
    service.list(request.user!, today()),
  );

  app.post(
    '/campaigns',
    { config: { access: 'coordinator' }, schema: { tags, body: CampaignInputSchema } },
    async (request, reply) => reply.code(201).send(full(service.create(request.body, request.actor()).id)),
  );

  app.get(
    '/campaigns/:id',
    { config: { access: 'member' }, schema: { tags, params: IdParamsSchema } },
    async (request) => {
      service.getForUser(request.params.id, request.user!);
      return full(request.params.id);
    },
  );

  app.patch(
    '/campaigns/:id',
    {
      config: { access: 'coordinator' },
      schema: { tags, params: IdParamsSchema, body: CampaignPatchSchema },
    },
    async (request) => {
      app.services.campaignCalendar.updateCampaign(request.params.id, request.body, request.actor());
      return full(request.params.id);
    },
  );

  app.get(
    '/campaigns/:id/stats',
    { config: { access: 'member' }, schema: { tags, params: IdParamsSchema } },
    async (request) => {
      service.getForUser(request.params.id, request.user!);
      return app.services.stats.forCampaign(request.params.id);
    },
  );

  app.get(
    '/campaigns/:id/letters',
    { config: { access: 'member' }, schema: { tags, params: IdParamsSchema } },
    async (request) => {
      service.getForUser(request.params.id, request.user!);
      return app.repos.letters.listForCampaign(request.params.id).map((l) => app.services.letters.view(l));
    },
  );

  app.post(
    '/campaigns/:id/letters',
    {
      config: { access: 'staff' },
      schema: { tags: ['letters'], params: IdParamsSchema, body: LetterInputSchema },
    },
    async (request, reply) => {
      const letter = app.services.letters.create(request.params.id, request.body, request.actor());
      return reply.code(201).send(app.services.letters.view(letter));
    },
  );
};

export default campaigns;
