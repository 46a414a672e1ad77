import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { TemplateRow } from '../../../db/repositories/index.js';
import { type Role, TEMPLATE_KINDS } from '../../domain/vocabulary.js';
import { AppError } from '../../errors.js';
import { LABELS } from '../../lib/labels.js';
import { IdParamsSchema } from '../../schemas/common.js';
import { HELPER_DOCS } from '../../services/templates/helpers.js';
import { systemEmailOf } from '../../services/templates/system-emails.js';
import { templateCatalog } from '../../services/templates/template-catalog.js';
import { emailNameOf } from '../../services/templates/templates-service.js';
import { EMAIL_FIXTURES, LETTER_FIXTURE, LETTER_VARIABLE_DOCS } from '../../services/templates/variables.js';
import { type FormBody, FormBodySchema, field, flashOutcome } from './forms.js';

const KIND_LABELS: Record<string, string> = LABELS.templateKind;

function variablesFor(template: Pick<TemplateRow, 'kind' | 'name'>) {
  if (template.kind !== 'email') {
    return Object.entries(LETTER_VARIABLE_DOCS).map(([name, description]) => ({
      name,
      description,
      example: JSON.stringify((LETTER_FIXTURE as Record<string, unknown>)[name], null, 1)?.slice(0, 400),
    }));
  }
  const fixture = EMAIL_FIXTURES[emailNameOf(template)] ?? {};
  return Object.entries(fixture).map(([name, value]) => ({
    name,
    description: '',
    example: JSON.stringify(value)?.slice(0, 200),
  }));
}

/** The title and body as typed in the editor; emails have no separate title. */
function sourceFromForm(template: TemplateRow, body: FormBody) {
  return {
    subject: template.kind === 'email' ? null : field(body, 'subject'),
    body: (body.body as string | undefined) ?? '',
  };
}

const templatePages: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.templates;

  const editorView = (
    template: TemplateRow,
    values: { subject: string | null; body: string },
    role: Role,
    extra: Record<string, unknown> = {},
  ) => ({
    title: `Template: ${template.name}`,
    template,
    mayEdit: service.mayEdit(template, role),
    hasFixedLink: template.kind === 'email' && systemEmailOf(emailNameOf(template)) !== undefined,
    kindLabel: KIND_LABELS[template.kind],
    values,
    isLetter: template.kind !== 'email',
    variables: variablesFor(template),
    helpers: HELPER_DOCS,
    versions: service.versions(template.id),
    companies: app.services.companies.forPicker(500).map((c) => ({ id: c.id, name: c.name })),
    dispatches: app.services.dispatches
      .board({ limit: 200, offset: 0, sort: 'sent', direction: 'desc' })
      .items.map((d) => ({ id: d.id, label: `${d.companyName}: ${d.letterTitle}` })),
    ...extra,
  });

  function previewOf(
    template: TemplateRow,
    body: FormBody,
    values: { subject: string | null; body: string },
  ) {
    const companyId = Number(field(body, 'companyId')) || undefined;
    const dispatchId = Number(field(body, 'dispatchId')) || undefined;
    try {
      return {
        preview: app.services.templatePreview.preview(template, { ...values, companyId, dispatchId }),
        companyId,
        dispatchId,
      };
    } catch (error) {
      if (!(error instanceof AppError) || error.statusCode >= 500) throw error;
      return {
        previewError: error.message,
        companyId,
        dispatchId,
        errors: error.field ? { [error.field]: error.fieldMessage } : {},
      };
    }
  }

  app.get('/templates', { config: { access: 'staff' }, schema: { hide: true } }, async (_request, reply) => {
    return reply.page('templates/list', {
      title: 'Templates',
      groups: templateCatalog(service.list()),
      kinds: TEMPLATE_KINDS.filter((k) => k !== 'email').map((k) => ({ value: k, label: KIND_LABELS[k] })),
    });
  });

  app.post(
    '/templates',
    { config: { access: 'staff' }, schema: { hide: true, body: FormBodySchema } },
    async (request, reply) => {
      const kind = field(request.body, 'kind');
      const name = field(request.body, 'name');
      try {
        if (!name) throw new AppError('name: is required', 400, 'VALIDATION_FAILED', 'name');
        if (!(TEMPLATE_KINDS as readonly string[]).includes(kind) || kind === 'email')
          throw new AppError('kind: choose a letter kind', 400, 'VALIDATION_FAILED', 'kind');
        const base = service.letterTemplate(kind as 'initial');
        const template = service.create(
          { name, kind: kind as 'initial', subject: base.subject, body: base.body },
          request.actor(),
        );
        request.flash(
          'success',
          `Template “${template.name}” created from the built-in ${KIND_LABELS[kind]?.toLowerCase()}.`,
        );
        return reply.redirect(`/templates/${template.id}`);
      } catch (error) {
        if (!(error instanceof AppError) || error.statusCode >= 500) throw error;
        request.flash('error', error.message);
        return reply.redirect('/templates');
      }
    },
  );

  app.get(
    '/templates/:id',
    { config: { access: 'staff' }, schema: { hide: true, params: IdParamsSchema } },
    async (request, reply) => {
      const template = service.get(request.params.id);
      const values = { subject: template.subject, body: template.body };
      return reply.page(
        'templates/edit',
        editorView(template, values, request.user!.role, previewOf(template, {}, values)),
      );
    },
  );

  app.post(
    '/templates/:id',
    { config: { access: 'staff' }, schema: { hide: true, params: IdParamsSchema, body: FormBodySchema } },
    async (request, reply) => {
      const template = service.get(request.params.id);
      const body = request.body as FormBody;
      const values = sourceFromForm(template, body);
      const preview = previewOf(template, body, values);
      if (field(body, 'action') === 'preview' || preview.previewError) {
        const status = preview.previewError ? 422 : 200;
        return reply.page(
          'templates/edit',
          editorView(template, values, request.user!.role, preview),
          status,
        );
      }
      service.assertMayEdit(template.id, request.user!.role);
      const saved = service.update(template.id, values, request.actor());
      request.flash(
        'success',
        saved.version === template.version ? 'No changes to save.' : `Saved as version ${saved.version}.`,
      );
      return reply.redirect(`/templates/${template.id}`);
    },
  );

  app.post(
    '/templates/:id/preview',
    { config: { access: 'staff' }, schema: { hide: true, params: IdParamsSchema, body: FormBodySchema } },
    async (request, reply) => {
      const template = service.get(request.params.id);
      const body = request.body as FormBody;
      const values = sourceFromForm(template, body);
      const result = previewOf(template, body, values);
      return reply.code(result.previewError ? 422 : 200).send({
        subject: result.preview?.subject ?? null,
        html: result.preview?.html ?? null,
        text: result.preview?.text ?? null,
        contextLabel: result.preview?.contextLabel ?? null,
        error: result.previewError ?? null,
      });
    },
  );

  app.get(
    '/templates/:id/compare',
    {
      config: { access: 'staff' },
      schema: {
        hide: true,
        params: IdParamsSchema,
        querystring: Type.Object({
          from: Type.Optional(Type.Integer({ minimum: 1 })),
          to: Type.Optional(Type.Integer({ minimum: 1 })),
        }),
      },
    },
    async (request, reply) => {
      const template = service.get(request.params.id);
      const to = request.query.to ?? template.version;
      const from = request.query.from ?? Math.max(1, to - 1);
      return reply.page('templates/compare', {
        title: `Compare versions of ${template.name}`,
        template,
        from,
        to,
        parts: service.diff(template.id, from, to),
        versions: service.versions(template.id),
      });
    },
  );

  app.post(
    '/templates/:id/revert',
    { config: { access: 'staff' }, schema: { hide: true, params: IdParamsSchema, body: FormBodySchema } },
    async (request, reply) => {
      const version = Number(field(request.body, 'version'));
      flashOutcome(request, () => {
        service.assertMayEdit(request.params.id, request.user!.role);
        const saved = service.revert(request.params.id, version, request.actor());
        return `Version ${version} restored as version ${saved.version}.`;
      });
      return reply.redirect(`/templates/${request.params.id}`);
    },
  );
};

export default templatePages;
