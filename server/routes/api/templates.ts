import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { BODY_ERRORS, errors, IdParamsSchema, ok } from '../../schemas/common.js';
import {
  TemplateDiffSchema,
  TemplateInputSchema,
  TemplatePreviewResultSchema,
  TemplatePreviewSchema,
  TemplateSchema,
  TemplateUpdateSchema,
  TemplateVersionSchema,
  TemplateWithVersionsSchema,
} from '../../schemas/templates.js';

const tags = ['templates'];

const templates: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.templates;
  const withVersions = (id: number) => ({
    ...service.get(id),
    versions: service.versions(id).map(({ body: _b, ...v }) => v),
  });

  app.get(
    '/templates',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        operationId: 'listTemplates',
        summary: 'List letter and email templates',
        response: { 200: ok(Type.Array(TemplateSchema), 'The templates'), ...errors(401, 403) },
      },
    },
    async () => service.list(),
  );

  app.post(
    '/templates',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        operationId: 'createTemplate',
        summary: 'Add a letter or email template',
        body: TemplateInputSchema,
        response: { 201: ok(TemplateSchema, 'The new template'), ...errors(...BODY_ERRORS, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(service.create(request.body, request.actor())),
  );

  app.get(
    '/templates/:id',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        operationId: 'getTemplate',
        summary: 'Get a template with the list of its versions',
        params: IdParamsSchema,
        response: { 200: ok(TemplateWithVersionsSchema, 'The template'), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => withVersions(request.params.id),
  );

  app.put(
    '/templates/:id',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        operationId: 'updateTemplate',
        summary: 'Save a new version of a template (system emails: admins only)',
        params: IdParamsSchema,
        body: TemplateUpdateSchema,
        response: {
          200: ok(TemplateWithVersionsSchema, 'The template'),
          ...errors(...BODY_ERRORS, 401, 403, 404),
        },
      },
    },
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
        operationId: 'getTemplateVersion',
        summary: 'Get one saved version of a template',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }), version: Type.Integer({ minimum: 1 }) }),
        response: { 200: ok(TemplateVersionSchema, 'The version'), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      return service.version(request.params.id, request.params.version);
    },
  );

  app.post(
    '/templates/:id/revert',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        operationId: 'revertTemplate',
        summary: 'Save an earlier version of a template as its newest',
        params: IdParamsSchema,
        body: Type.Object({ version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
        response: {
          200: ok(TemplateWithVersionsSchema, 'The template'),
          ...errors(...BODY_ERRORS, 401, 403, 404),
        },
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
        operationId: 'diffTemplateVersions',
        summary: 'What changed in a template between two versions, line by line',
        params: IdParamsSchema,
        querystring: Type.Object({ from: Type.Integer({ minimum: 1 }), to: Type.Integer({ minimum: 1 }) }),
        response: {
          200: ok(TemplateDiffSchema, 'The changed and unchanged lines'),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => service.diff(request.params.id, request.query.from, request.query.to),
  );

  app.post(
    '/templates/:id/preview',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        operationId: 'previewTemplate',
        summary: 'Render unsaved template text with a company’s or dispatch’s data',
        params: IdParamsSchema,
        body: TemplatePreviewSchema,
        response: {
          200: ok(TemplatePreviewResultSchema, 'The rendered subject, text and HTML'),
          ...errors(...BODY_ERRORS, 401, 403, 404),
        },
      },
    },
    async (request) => app.services.templatePreview.preview(service.get(request.params.id), request.body),
  );
};

export default templates;
