import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParamsSchema, PageQuerySchema } from '../../schemas/common.js';
import {
  OrganizationInputSchema,
  OrganizationPatchSchema,
  OrganizationSchema,
} from '../../schemas/organizations.js';

const tags = ['organizations'];

const organizations: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.organizations;

  app.get(
    '/organizations',
    {
      config: { access: 'member' },
      schema: {
        tags,
        querystring: PageQuerySchema,
        response: {
          200: Type.Object({
            items: Type.Array(OrganizationSchema),
            total: Type.Integer(),
            limit: Type.Integer(),
            offset: Type.Integer(),
          }),
        },
      },
    },
    async (request) =>
      service.list({
        q: request.query.q,
        archived: request.query.archived,
        limit: request.query.limit ?? 50,
        offset: request.query.offset ?? 0,
      }),
  );

  app.post(
    '/organizations',
    {
      config: { access: 'coordinator' },
      schema: { tags, body: OrganizationInputSchema, response: { 201: OrganizationSchema } },
    },
    async (request, reply) => reply.code(201).send(service.create(request.body, request.actor())),
  );

  app.get(
    '/organizations/:id',
    {
      config: { access: 'member' },
      schema: { tags, params: IdParamsSchema, response: { 200: OrganizationSchema } },
    },
    async (request) => service.get(request.params.id),
  );

  app.patch(
    '/organizations/:id',
    {
      config: { access: 'coordinator' },
      schema: {
        tags,
        params: IdParamsSchema,
        body: OrganizationPatchSchema,
        response: { 200: OrganizationSchema },
      },
    },
    async (request) => service.update(request.params.id, request.body, request.actor()),
  );

  for (const [path, archived] of [
    ['archive', true],
    ['unarchive', false],
  ] as const) {
    app.post(
      `/organizations/:id/${path}`,
      {
        config: { access: 'coordinator' },
        schema: { tags, params: IdParamsSchema, response: { 200: OrganizationSchema } },
      },
      async (request) => service.setArchived(request.params.id, archived, request.actor()),
    );
  }

  app.delete(
    '/organizations/:id',
    { config: { access: 'coordinator' }, schema: { tags, params: IdParamsSchema } },
    async (request, reply) => {
      service.remove(request.params.id, request.actor());
      return reply.code(204).send();
    },
  );
};

export default organizations;
