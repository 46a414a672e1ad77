import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ROLES, type Role } from '../../domain/vocabulary.js';
import { AppError } from '../../errors.js';
import { isEmailAddress } from '../../lib/email-address.js';
import { labelOf, ROLE_DESCRIPTIONS } from '../../lib/labels.js';
import { IdParamsSchema } from '../../schemas/common.js';
import { ROLE_LABELS } from '../../services/users-service.js';
import { type FormBody, FormBodySchema, field, flashOutcome } from './forms.js';

const roles = ROLES.map((r) => ({ value: r, label: labelOf('role', r), description: ROLE_DESCRIPTIONS[r] }));
const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

const userPages: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.users;

  const listView = (extra: Record<string, unknown> = {}) => ({
    title: 'Users',
    users: service.list(),
    invitations: service.pendingInvitations(),
    organizations: app.services.organizations.listAll(),
    roles,
    ...extra,
  });

  app.get('/users', { config: { access: 'admin' }, schema: { hide: true } }, async (_request, reply) =>
    reply.page('users/list', listView({ values: { role: 'member' } })),
  );

  app.post(
    '/users/invite',
    { config: { access: 'admin' }, schema: { hide: true, body: FormBodySchema } },
    async (request, reply) => {
      const body = request.body as FormBody;
      const values = {
        email: field(body, 'email'),
        name: field(body, 'name'),
        role: field(body, 'role'),
        organizationId: field(body, 'organizationId'),
      };
      const errors: Record<string, string> = {};
      if (!isEmailAddress(values.email)) errors.email = 'must be a valid email address';
      if (values.name.length > 200) errors.name = 'must be at most 200 characters';
      if (!isRole(values.role)) errors.role = 'is not one of the allowed values';
      if (values.organizationId && !/^\d+$/.test(values.organizationId))
        errors.organizationId = 'is not a known organization';
      if (Object.keys(errors).length)
        return reply.formErrors('users/list', { ...listView({ values }), errors });
      try {
        const invitation = service.invite(
          {
            email: values.email,
            name: values.name || null,
            role: values.role as Role,
            organizationId: values.organizationId ? Number(values.organizationId) : null,
          },
          request.actor(),
        );
        return reply.page(
          'users/list',
          listView({ values: { role: 'member' }, invitation: { ...invitation, email: values.email } }),
        );
      } catch (error) {
        if (error instanceof AppError && (error.field || error.statusCode === 404)) {
          const key = error.field ?? 'organizationId';
          return reply.formErrors('users/list', {
            ...listView({ values }),
            errors: { [key]: error.fieldMessage },
          });
        }
        throw error;
      }
    },
  );

  app.post(
    '/users/:id/role',
    { config: { access: 'admin' }, schema: { hide: true, params: IdParamsSchema, body: FormBodySchema } },
    async (request, reply) => {
      const role = field(request.body, 'role');
      if (!isRole(role)) {
        request.flash('error', 'role: is not one of the allowed values');
        return reply.redirect('/users');
      }
      try {
        const user = service.changeRole(request.params.id, role, request.actor());
        request.flash('success', `${user.name} is now ${ROLE_LABELS[role]}.`);
      } catch (error) {
        if (!(error instanceof AppError) || error.statusCode !== 409) throw error;
        request.flash('error', error.fieldMessage);
      }
      return reply.redirect('/users');
    },
  );

  app.post(
    '/users/:id/active',
    { config: { access: 'admin' }, schema: { hide: true, params: IdParamsSchema, body: FormBodySchema } },
    async (request, reply) => {
      const active = field(request.body, 'active') === 'true';
      try {
        const user = service.setActive(request.params.id, active, request.actor());
        request.flash(
          'success',
          `${user.name} ${active ? 'can log in again' : 'is deactivated and logged out'}.`,
        );
      } catch (error) {
        if (!(error instanceof AppError) || error.statusCode !== 409) throw error;
        request.flash('error', error.fieldMessage);
      }
      return reply.redirect('/users');
    },
  );

  const InvitationParamsSchema = IdParamsSchema;

  app.post(
    '/users/invitations/:id/resend',
    {
      config: { access: 'admin' },
      schema: { hide: true, params: InvitationParamsSchema, body: FormBodySchema },
    },
    async (request, reply) => {
      try {
        const invitation = service.resendInvitation(request.params.id, request.actor());
        return reply.page('users/list', listView({ values: { role: 'member' }, invitation, resent: true }));
      } catch (error) {
        if (!(error instanceof AppError) || error.statusCode !== 409) throw error;
        request.flash('error', error.fieldMessage);
        return reply.redirect('/users');
      }
    },
  );

  app.post(
    '/users/invitations/:id/revoke',
    {
      config: { access: 'admin' },
      schema: { hide: true, params: InvitationParamsSchema, body: FormBodySchema },
    },
    async (request, reply) => {
      flashOutcome(request, () => {
        const { email } = service.revokeInvitation(request.params.id, request.actor());
        return `The invitation for ${email} is revoked; its link no longer works.`;
      });
      return reply.redirect('/users');
    },
  );

  app.post(
    '/users/:id/organization',
    { config: { access: 'admin' }, schema: { hide: true, params: IdParamsSchema, body: FormBodySchema } },
    async (request, reply) => {
      const value = field(request.body, 'organizationId');
      flashOutcome(request, () => {
        if (value !== '' && !/^\d+$/.test(value))
          throw new AppError(
            'organizationId: is not a known organization',
            400,
            'VALIDATION_FAILED',
            'organizationId',
            'is not a known organization',
          );
        const organizationId = value === '' ? null : Number(value);
        const user = service.setOrganization(request.params.id, organizationId, request.actor());
        const organization = organizationId
          ? app.services.organizations.listAll().find((o) => o.id === organizationId)?.name
          : undefined;
        return organization
          ? `${user.name} now belongs to ${organization}.`
          : `${user.name} belongs to no organization now.`;
      });
      return reply.redirect('/users');
    },
  );
};

export default userPages;
