import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';

const TokenParamsSchema = Type.Object({ token: Type.String({ minLength: 10, maxLength: 200 }) });

/** One-click unsubscribe (RFC 8058). The signed token is the proof, so no login and no CSRF token. */
const unsubscribePages: FastifyPluginAsyncTypebox = async (app) => {
  // Mail providers may post the one-click body as multipart (parsed by plugins/external/multipart.ts);
  // only the token in the URL matters.
  app.get(
    '/unsubscribe/:token',
    { config: { access: 'public' }, schema: { hide: true, params: TokenParamsSchema } },
    async (request, reply) => {
      const { user, label } = app.services.preferences.readUnsubscribeLink(request.params.token);
      return reply.page('unsubscribe/confirm', {
        title: 'Unsubscribe',
        token: request.params.token,
        email: user.email,
        label,
      });
    },
  );

  app.post(
    '/unsubscribe/:token',
    {
      config: { access: 'public', csrf: false },
      schema: { hide: true, params: TokenParamsSchema },
    },
    async (request, reply) => {
      const { user, label } = app.services.preferences.unsubscribe(request.params.token);
      return reply.page('unsubscribe/done', { title: 'Unsubscribed', email: user.email, label });
    },
  );
};

export default unsubscribePages;
