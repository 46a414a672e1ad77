import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParamsSchema } from '../../schemas/common.js';
import { CompanyInputSchema, CompanyPatchSchema, CompanyQuerySchema } from '../../schemas/companies.js';
import { serializeCompany } from './serializers.js';

const tags = ['companies'];

const companies: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.companies;
  const today = () => app.clock.now().toISOString().slice(0, 10);

  app.get(
    '/companies',
    { config: { access: 'member' }, schema: { tags, querystring: CompanyQuerySchema } },
    async (request) => {
      const { q, sector, country, limit = 50, offset = 0 } = request.query;
      const page = service.list({ q, sector, country, limit, offset });
      return { ...page, items: page.items.map((c) => serializeCompany(c, today())) };
    },
  );

  app.post(
    '/companies',
    { config: { access: 'staff' }, schema: { tags, body: CompanyInputSchema } },
    async (request, reply) =>
      reply.code(201).send(serializeCompany(service.create(request.body, request.actor()), today())),
  );

  app.get(
    '/companies/:id',
    { config: { access: 'member' }, schema: { tags, params: IdParamsSchema } },
    async (request) => serializeCompany(service.get(request.params.id), today()),
  );

  app.patch(
    '/companies/:id',
    { config: { access: 'staff' }, schema: { tags, params: IdParamsSchema, body: CompanyPatchSchema } },
    async (request) =>
      serializeCompany(service.update(request.params.id, request.body, request.actor()), today()),
  );

  app.delete(
    '/companies/:id',
    { config: { access: 'coordinator' }, schema: { tags, params: IdParamsSchema } },
    async (request, reply) => {
      service.remove(request.params.id, request.actor());
      return reply.code(204).send();
    },
  );
};

export default companies;
