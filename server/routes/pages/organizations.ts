import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ORGANIZATION_KINDS } from '../../domain/vocabulary.js';
import { AppError } from '../../errors.js';
import { optionsOf } from '../../lib/labels.js';
import { pageLinks } from '../../lib/paging.js';
import { validateInput } from '../../lib/validate.js';
import { IdParamsSchema } from '../../schemas/common.js';
import { type OrganizationInput, OrganizationInputSchema } from '../../schemas/organizations.js';
import { registerArchiveRoutes } from './archive-routes.js';
import { type FormBody, FormBodySchema, field, flashOutcome } from './forms.js';

const PAGE_SIZE = 50;
const kinds = optionsOf('organizationKind', ORGANIZATION_KINDS);

function organizationFromForm(body: FormBody) {
  const aum = field(body, 'aumUsd').replace(/[,\s_]/g, '');
  return {
    name: field(body, 'name'),
    kind: field(body, 'kind'),
    country: field(body, 'country'),
    aumUsd: aum === '' ? null : Number.isFinite(Number(aum)) ? Number(aum) : aum,
  };
}

const organizationPages: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.organizations;

  app.get(
    '/organizations',
    {
      config: { access: 'member' },
      schema: {
        hide: true,
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 200 })),
          offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
        }),
      },
    },
    async (request, reply) => {
      const { q, offset = 0 } = request.query;
      const page = service.list({ q, limit: PAGE_SIZE, offset });
      return reply.page('organizations/list', {
        title: 'Organizations',
        q,
        organizations: page.items,
        paging: pageLinks(page, { q }),
      });
    },
  );

  const renderForm = (
    organization: Record<string, unknown> | undefined,
    values: unknown,
    errors?: Record<string, string>,
  ) => ({
    title: organization ? `Edit ${organization.name}` : 'New organization',
    organization,
    values,
    errors,
    kinds,
  });

  app.get(
    '/organizations/new',
    { config: { access: 'coordinator' }, schema: { hide: true } },
    async (_request, reply) => reply.page('organizations/form', renderForm(undefined, { kind: 'ngo' })),
  );

  app.post(
    '/organizations',
    { config: { access: 'coordinator' }, schema: { hide: true, body: FormBodySchema } },
    async (request, reply) => {
      const values = organizationFromForm(request.body);
      const result = validateInput<OrganizationInput>(OrganizationInputSchema, values);
      if ('errors' in result)
        return reply.formErrors('organizations/form', renderForm(undefined, values, result.errors));
      try {
        const organization = service.create(result.value, request.actor());
        request.flash('success', `${organization.name} added.`);
        return reply.redirect(`/organizations/${organization.id}`);
      } catch (error) {
        if (error instanceof AppError && error.field) {
          return reply.formErrors(
            'organizations/form',
            renderForm(undefined, values, { [error.field]: error.fieldMessage }),
          );
        }
        throw error;
      }
    },
  );

  app.get(
    '/organizations/:id',
    { config: { access: 'member' }, schema: { hide: true, params: IdParamsSchema } },
    async (request, reply) => {
      const organization = service.get(request.params.id);
      return reply.page('organizations/show', {
        title: organization.name,
        organization,
        members: app.services.users.ofOrganization(organization.id),
      });
    },
  );

  app.get(
    '/organizations/:id/edit',
    { config: { access: 'coordinator' }, schema: { hide: true, params: IdParamsSchema } },
    async (request, reply) => {
      const organization = service.get(request.params.id);
      return reply.page('organizations/form', renderForm(organization, organization));
    },
  );

  app.post(
    '/organizations/:id',
    {
      config: { access: 'coordinator' },
      schema: { hide: true, params: IdParamsSchema, body: FormBodySchema },
    },
    async (request, reply) => {
      const organization = service.get(request.params.id);
      const values = organizationFromForm(request.body);
      const result = validateInput<OrganizationInput>(OrganizationInputSchema, values);
      if ('errors' in result)
        return reply.formErrors('organizations/form', renderForm(organization, values, result.errors));
      try {
        service.update(organization.id, result.value, request.actor());
      } catch (error) {
        if (error instanceof AppError && error.field) {
          return reply.formErrors(
            'organizations/form',
            renderForm(organization, values, { [error.field]: error.fieldMessage }),
          );
        }
        throw error;
      }
      request.flash('success', 'Changes saved.');
      return reply.redirect(`/organizations/${organization.id}`);
    },
  );

  app.get(
    '/organizations/:id/delete',
    { config: { access: 'coordinator' }, schema: { hide: true, params: IdParamsSchema } },
    async (request, reply) => {
      const organization = service.get(request.params.id);
      return reply.page('shared/confirm-delete', {
        title: `Delete ${organization.name}?`,
        what: organization.name,
        consequence: 'Its people stay as users but no longer belong to an organization.',
        action: `/organizations/${organization.id}/delete`,
        cancel: `/organizations/${organization.id}`,
      });
    },
  );

  app.post(
    '/organizations/:id/delete',
    {
      config: { access: 'coordinator' },
      schema: { hide: true, params: IdParamsSchema, body: FormBodySchema },
    },
    async (request, reply) => {
      const organization = service.get(request.params.id);
      // One with history is refused (409, naming what refers to it): the page offers archiving.
      if (
        !flashOutcome(request, () => {
          service.remove(organization.id, request.actor());
          return `${organization.name} deleted.`;
        })
      )
        return reply.redirect(`/organizations/${organization.id}`);
      return reply.redirect('/organizations');
    },
  );

  registerArchiveRoutes(app, '/organizations', (id, archived, actor) =>
    service.setArchived(id, archived, actor),
  );
};

export default organizationPages;
