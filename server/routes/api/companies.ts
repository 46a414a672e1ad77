import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CompanyWithContacts, UserRow } from '../../../db/repositories/index.js';
import { IdParamsSchema } from '../../schemas/common.js';
import { CompanyInputSchema, CompanyPatchSchema, CompanyQuerySchema } from '../../schemas/companies.js';
import { serializeCompany } from './serializers.js';

const tags = ['companies'];

const companies: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.companies;
  // A company's JSON carries its deadlines from today on, as far as the caller may see them.
  const serialize = (company: CompanyWithContacts, user: UserRow, withFailures = true) =>
    serializeCompany(
      company,
      app.services.deadlines.list({ companyId: company.id, from: app.services.deadlines.today(), user }),
      withFailures ? service.deliveryFailures(company.id) : undefined,
    );

  app.get(
    '/companies',
    { config: { access: 'member' }, schema: { tags, querystring: CompanyQuerySchema } },
    async (request) => {
      const { q, sector, country, archived, limit = 50, offset = 0 } = request.query;
      const page = service.list({ q, sector, country, archived, limit, offset });
      return { ...page, items: page.items.map((c) => serialize(c, request.user!, false)) };
    },
  );

  app.post(
    '/companies',
    { config: { access: 'staff' }, schema: { tags, body: CompanyInputSchema } },
    async (request, reply) =>
      reply.code(201).send(serialize(service.create(request.body, request.actor()), request.user!)),
  );

  app.get(
    '/companies/:id',
    { config: { access: 'member' }, schema: { tags, params: IdParamsSchema } },
    async (request) => serialize(service.get(request.params.id), request.user!),
  );

  app.patch(
    '/companies/:id',
    { config: { access: 'staff' }, schema: { tags, params: IdParamsSchema, body: CompanyPatchSchema } },
    async (request) =>
      serialize(service.update(request.params.id, request.body, request.actor()), request.user!),
  );

  for (const [path, archived] of [
    ['archive', true],
    ['unarchive', false],
  ] as const) {
    app.post(
      `/companies/:id/${path}`,
      { config: { access: 'coordinator' }, schema: { tags, params: IdParamsSchema } },
      async (request) =>
        serialize(service.setArchived(request.params.id, archived, request.actor()), request.user!),
    );
  }

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
