import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../errors.js';
import { isEmailAddress } from '../../lib/email-address.js';
import { safeNext } from '../../lib/safe-next.js';
import { MIN_PASSWORD_LENGTH } from '../../services/auth-service.js';
import { ROLE_LABELS } from '../../services/users-service.js';
import { FormBodySchema, field } from './forms.js';

const authPages: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/login',
    {
      config: { access: 'public' },
      schema: { hide: true, querystring: Type.Object({ next: Type.Optional(Type.String()) }) },
    },
    async (request, reply) => {
      if (request.user) return reply.redirect('/');
      return reply.page('auth/login', { next: safeNext(request.query.next ?? '/') });
    },
  );

  app.post(
    '/login',
    {
      config: { access: 'public' },
      schema: { hide: true, body: FormBodySchema },
    },
    async (request, reply) => {
      const email = field(request.body, 'email');
      const next = safeNext(field(request.body, 'next') || '/');
      const throttle = app.services.loginThrottle;
      throttle.assertAllowed(email, request.ip);
      try {
        const user = await app.services.auth.login(email, field(request.body, 'password'));
        throttle.recordSuccess(email);
        await request.session.regenerate();
        request.session.userId = user.id;
        return reply.redirect(next);
      } catch (error) {
        if (!(error instanceof AppError) || error.statusCode !== 401) throw error;
        throttle.recordFailure(email, request.ip);
        return reply.page('auth/login', { next, email, error: error.message }, 401);
      }
    },
  );

  app.post(
    '/logout',
    { config: { access: 'public' }, schema: { hide: true, body: FormBodySchema } },
    async (request, reply) => {
      await request.session.destroy();
      return reply.redirect('/login');
    },
  );

  const TokenParams = Type.Object({ token: Type.String({ minLength: 10, maxLength: 100 }) });

  app.get(
    '/setup/:token',
    { config: { access: 'public' }, schema: { hide: true, params: TokenParams } },
    async (request, reply) => {
      const invitation = app.services.auth.findInvitation(request.params.token);
      if (!invitation) {
        return reply.page(
          'errors/error',
          {
            status: 404,
            title: 'Link not valid',
            message: 'This setup link has expired or was already used. Ask an admin for a new one.',
          },
          404,
        );
      }
      return reply.page('auth/setup', {
        token: request.params.token,
        invitation,
        roleLabel: ROLE_LABELS[invitation.role],
        values: { name: invitation.name ?? '', email: invitation.email ?? '' },
        minPasswordLength: MIN_PASSWORD_LENGTH,
      });
    },
  );

  app.post(
    '/setup/:token',
    { config: { access: 'public' }, schema: { hide: true, params: TokenParams, body: FormBodySchema } },
    async (request, reply) => {
      const invitation = app.services.auth.findInvitation(request.params.token);
      if (!invitation) return reply.redirect(`/setup/${encodeURIComponent(request.params.token)}`);
      const values = {
        name: field(request.body, 'name'),
        email: invitation.email ?? field(request.body, 'email'),
      };
      const password = field(request.body, 'password');
      const errors: Record<string, string> = {};
      if (!values.name) errors.name = 'is required';
      if (values.name.length > 200) errors.name = 'must be at most 200 characters';
      if (!isEmailAddress(values.email)) errors.email = 'must be a valid email address';
      if (password.length < MIN_PASSWORD_LENGTH)
        errors.password = `must be at least ${MIN_PASSWORD_LENGTH} characters`;
      if (password !== field(request.body, 'passwordConfirm'))
        errors.passwordConfirm = 'does not match the password';
      const view = {
        token: request.params.token,
        invitation,
        roleLabel: ROLE_LABELS[invitation.role],
        values,
        minPasswordLength: MIN_PASSWORD_LENGTH,
      };
      if (Object.keys(errors).length) return reply.formErrors('auth/setup', { ...view, errors });
      try {
        const user = await app.services.auth.acceptInvitation(request.params.token, { ...values, password });
        await request.session.regenerate();
        request.session.userId = user.id;
        request.flash('success', `Welcome, ${user.name}. Your account is ready.`);
        return reply.redirect('/');
      } catch (error) {
        if (error instanceof AppError && error.field) {
          return reply.formErrors('auth/setup', {
            ...view,
            errors: { [error.field]: error.fieldMessage },
          });
        }
        throw error;
      }
    },
  );
};

export default authPages;
