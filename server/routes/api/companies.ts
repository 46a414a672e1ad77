import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CompanyWithContacts, UserRow } from '../../../db/repositories/index.js';
import { BODY_ERRORS, errors, IdParamsSchema, NoContentSchema, ok } from '../../schemas/common.js';
import {
  CompanyInputSchema,
  CompanyPageSchema,
  CompanyPatchSchema,
  CompanyQuerySchema,
  CompanySchema,
} from '../../schemas/companies.js';
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
    {
      config: { access: 'member' },
      schema: {
        tags,
        operationId: 'listCompanies',
        summary: 'List companies',
        description:
          'Companies that are not archived (archived ones only with `archived=true`); in lists, contacts carry no delivery failure.',
        querystring: CompanyQuerySchema,
        response: { 200: ok(CompanyPageSchema, 'A page of companies'), ...errors(400, 401) },
      },
    },
    async (request) => {
      const { q, sector, country, archived, limit = 50, offset = 0 } = request.query;
      const page = service.list({ q, sector, country, archived, limit, offset });
      return { ...page, items: page.items.map((c) => serialize(c, request.user!, false)) };
    },
  );

  app.post(
    '/companies',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        operationId: 'createCompany',
        summary: 'Add a company with its contacts',
        body: CompanyInputSchema,
        response: { 201: ok(CompanySchema, 'The new company'), ...errors(...BODY_ERRORS, 401, 403, 409) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(serialize(service.create(request.body, request.actor()), request.user!)),
  );

  app.get(
    '/companies/:id',
    {
      config: { access: 'member' },
      schema: {
        tags,
        operationId: 'getCompany',
        summary: 'Get a company with its contacts and upcoming deadlines',
        params: IdParamsSchema,
        response: { 200: ok(CompanySchema, 'The company'), ...errors(400, 401, 404) },
      },
    },
    async (request) => serialize(service.get(request.params.id), request.user!),
  );

  app.patch(
    '/companies/:id',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        operationId: 'updateCompany',
        summary: 'Change a company (contacts, when given, replace the old ones)',
        params: IdParamsSchema,
        body: CompanyPatchSchema,
        response: { 200: ok(CompanySchema, 'The company'), ...errors(...BODY_ERRORS, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      serialize(service.update(request.params.id, request.body, request.actor()), request.user!),
  );

  for (const [path, archived, operationId, summary] of [
    ['archive', true, 'archiveCompany', 'Archive a company: gone from lists and pickers, history kept'],
    ['unarchive', false, 'unarchiveCompany', 'Bring an archived company back'],
  ] as const) {
    app.post(
      `/companies/:id/${path}`,
      {
        config: { access: 'coordinator' },
        schema: {
          tags,
          operationId,
          summary,
          params: IdParamsSchema,
          response: { 200: ok(CompanySchema, 'The company'), ...errors(400, 401, 403, 404) },
        },
      },
      async (request) =>
        serialize(service.setArchived(request.params.id, archived, request.actor()), request.user!),
    );
  }

  app.delete(
    '/companies/:id',
    {
      config: { access: 'coordinator' },
      schema: {
        tags,
        operationId: 'deleteCompany',
        summary: 'Delete a company that has no history (409 names what refers to it: archive it instead)',
        params: IdParamsSchema,
        response: { 204: NoContentSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      service.remove(request.params.id, request.actor());
      return reply.code(204).send(null);
    },
  );
};

export default companies;
