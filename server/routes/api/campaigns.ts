import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  CampaignDetailSchema,
  CampaignInputSchema,
  CampaignPatchSchema,
  CampaignSchema,
  CampaignStatsSchema,
} from '../../schemas/campaigns.js';
import { BODY_ERRORS, errors, IdParamsSchema, ok } from '../../schemas/common.js';
import { LetterInputSchema, LetterSchema } from '../../schemas/letters.js';

const tags = ['campaigns'];

const campaigns: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.campaigns;
  const today = () => app.services.dispatches.today();

  const full = (id: number) => ({
    ...service.summary(service.get(id), today()),
    organizationIds: app.services.campaigns.organizationIds(id),
    companyIds: app.services.campaigns.companyIds(id),
  });

  app.get(
    '/campaigns',
    {
      config: { access: 'member' },
      schema: {
        tags,
        operationId: 'listCampaigns',
        summary: 'List the campaigns you may see, with their dispatch counts',
        response: { 200: ok(Type.Array(CampaignSchema), 'The campaigns'), ...errors(401) },
      },
    },
    async (request) => service.list(request.user!, today()),
  );

  app.post(
    '/campaigns',
    {
      config: { access: 'coordinator' },
      schema: {
        tags,
        operationId: 'createCampaign',
        summary: 'Start a campaign',
        body: CampaignInputSchema,
        response: {
          201: ok(CampaignDetailSchema, 'The new campaign'),
          ...errors(...BODY_ERRORS, 401, 403),
        },
      },
    },
    async (request, reply) => reply.code(201).send(full(service.create(request.body, request.actor()).id)),
  );

  app.get(
    '/campaigns/:id',
    {
      config: { access: 'member' },
      schema: {
        tags,
        operationId: 'getCampaign',
        summary: 'Get a campaign with its organizations and target companies',
        params: IdParamsSchema,
        response: { 200: ok(CampaignDetailSchema, 'The campaign'), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      service.getForUser(request.params.id, request.user!);
      return full(request.params.id);
    },
  );

  app.patch(
    '/campaigns/:id',
    {
      config: { access: 'coordinator' },
      schema: {
        tags,
        operationId: 'updateCampaign',
        summary: 'Change a campaign (open dispatches get their due dates recomputed)',
        params: IdParamsSchema,
        body: CampaignPatchSchema,
        response: {
          200: ok(CampaignDetailSchema, 'The campaign'),
          ...errors(...BODY_ERRORS, 401, 403, 404),
        },
      },
    },
    async (request) => {
      app.services.campaignCalendar.updateCampaign(request.params.id, request.body, request.actor());
      return full(request.params.id);
    },
  );

  app.get(
    '/campaigns/:id/stats',
    {
      config: { access: 'member' },
      schema: {
        tags,
        operationId: 'getCampaignStats',
        summary: 'Response rates of a campaign, in all and by letter, sector and country',
        params: IdParamsSchema,
        response: { 200: ok(CampaignStatsSchema, 'The statistics'), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      service.getForUser(request.params.id, request.user!);
      return app.services.stats.forCampaign(request.params.id);
    },
  );

  app.get(
    '/campaigns/:id/letters',
    {
      config: { access: 'member' },
      schema: {
        tags,
        operationId: 'listCampaignLetters',
        summary: 'List the letters of a campaign',
        params: IdParamsSchema,
        response: { 200: ok(Type.Array(LetterSchema), 'The letters'), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      service.getForUser(request.params.id, request.user!);
      return app.services.letters.listForCampaign(request.params.id).map((l) => app.services.letters.view(l));
    },
  );

  app.post(
    '/campaigns/:id/letters',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['letters'],
        operationId: 'createLetter',
        summary: 'Draft a letter in a campaign',
        params: IdParamsSchema,
        body: LetterInputSchema,
        response: { 201: ok(LetterSchema, 'The new draft'), ...errors(...BODY_ERRORS, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const letter = app.services.letters.create(request.params.id, request.body, request.actor());
      return reply.code(201).send(app.services.letters.view(letter));
    },
  );
};

export default campaigns;
