import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  BODY_ERRORS,
  errors,
  IdParamsSchema,
  NoContentSchema,
  ok,
  PageQuerySchema,
} from '../../schemas/common.js';
import {
  OrganizationInputSchema,
  OrganizationPageSchema,
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
        operationId: 'listOrganizations',
        summary: 'List member organizations',
        querystring: PageQuerySchema,
        response: { 200: ok(OrganizationPageSchema, 'A page of organizations'), ...errors(400, 401) },
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
      schema: {
        tags,
        operationId: 'createOrganization',
        summary: 'Add a member organization',
        body: OrganizationInputSchema,
        response: {
          201: ok(OrganizationSchema, 'The new organization'),
          ...errors(...BODY_ERRORS, 401, 403, 409),
        },
      },
    },
    async (request, reply) => reply.code(201).send(service.create(request.body, request.actor())),
  );

  app.get(
    '/organizations/:id',
    {
      config: { access: 'member' },
      schema: {
        tags,
        operationId: 'getOrganization',
        summary: 'Get a member organization',
        params: IdParamsSchema,
        response: { 200: ok(OrganizationSchema, 'The organization'), ...errors(400, 401, 404) },
      },
    },
    async (request) => service.get(request.params.id),
  );

  app.patch(
    '/organizations/:id',
    {
      config: { access: 'coordinator' },
      schema: {
        tags,
        operationId: 'updateOrganization',
        summary: 'Change a member organization',
        params: IdParamsSchema,
        body: OrganizationPatchSchema,
        response: {
          200: ok(OrganizationSchema, 'The organization'),
          ...errors(...BODY_ERRORS, 401, 403, 404, 409),
        },
      },
    },
    async (request) => service.update(request.params.id, request.body, request.actor()),
  );

  for (const [path, archived, operationId, summary] of [
    [
      'archive',
      true,
      'archiveOrganization',
      'Archive an organization: gone from lists and pickers, history kept',
    ],
    ['unarchive', false, 'unarchiveOrganization', 'Bring an archived organization back'],
  ] as const) {
    app.post(
      `/organizations/:id/${path}`,
      {
        config: { access: 'coordinator' },
        schema: {
          tags,
          operationId,
          summary,
          params: IdParamsSchema,
          response: { 200: ok(OrganizationSchema, 'The organization'), ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => service.setArchived(request.params.id, archived, request.actor()),
    );
  }

  app.delete(
    '/organizations/:id',
    {
      config: { access: 'coordinator' },
      schema: {
        tags,
        operationId: 'deleteOrganization',
        summary:
          'Delete an organization that has no history (409 names what refers to it: archive it instead)',
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

export default organizations;
