import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { NotFoundError } from '../../errors.js';
import { IdParamsSchema } from '../../schemas/common.js';
import { TemplateInputSchema, TemplatePreviewSchema, TemplateUpdateSchema } from '../../schemas/templates.js';

const tags = ['templates'];

const templates: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.templates;
  const withVersions = (id: number) => ({
    ...service.get(id),
    versions: service.versions(id).map(({ body: _b, ...v }) => v),
  });

  app.get('/templates', { config: { access: 'staff' }, schema: { tags } }, async () => service.list());

  app.post(
    '/templates',
    { config: { access: 'staff' }, schema: { tags, body: TemplateInputSchema } },
    async (request, reply) => reply.code(201).send(service.create(request.body, request.actor())),
  );

  app.get(
    '/templates/:id',
    { config: { access: 'staff' }, schema: { tags, params: IdParamsSchema } },
    async (request) => withVersions(request.params.id),
  );

  app.put(
    '/templates/:id',
    { config: { access: 'staff' }, schema: { tags, params: IdParamsSchema, body: TemplateUpdateSchema } },
    async (request) => {
      service.assertMayEdit(request.params.id, request.user!.role);
      service.update(request.params.id, request.body, request.actor());
      return withVersions(request.params.id);
    },
  );

  app.get(
    '/templates/:id/versions/:version',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        params: Type.Object({ id: Type.Integer({ minimum: 1 }), version: Type.Integer({ minimum: 1 }) }),
      },
    },
    async (request) => {
      service.get(request.params.id);
      const version = app.repos.templates.version(request.params.id, request.params.version);
      if (!version)
        throw new NotFoundError(`Version ${request.params.version} of template`, request.params.id);
      return version;
    },
  );

  app.post(
    '/templates/:id/revert',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        params: IdParamsSchema,
        body: Type.Object({ version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
      },
    },
    async (request) => {
      service.assertMayEdit(request.params.id, request.user!.role);
      service.revert(request.params.id, request.body.version, request.actor());
      return withVersions(request.params.id);
    },
  );

  app.get(
    '/templates/:id/diff',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        params: IdParamsSchema,
        querystring: Type.Object({ from: Type.Integer({ minimum: 1 }), to: Type.Integer({ minimum: 1 }) }),
      },
    },
    async (request) => service.diff(request.params.id, request.query.from, request.query.to),
  );

  app.post(
    '/templates/:id/preview',
    { config: { access: 'staff' }, schema: { tags, params: IdParamsSchema, body: TemplatePreviewSchema } },
    async (request) => app.services.templatePreview.preview(service.get(request.params.id), request.body),
  );
};

export default templates;
