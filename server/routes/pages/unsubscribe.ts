import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { UserPreferences } from '../../../db/schema.js';
import { NotFoundError } from '../../errors.js';
import { type MailingList, readUnsubscribeToken } from '../../lib/unsubscribe.js';

const TokenParamsSchema = Type.Object({ token: Type.String({ minLength: 10, maxLength: 200 }) });

const LISTS: Record<MailingList, { label: string; off: Partial<UserPreferences> }> = {
  // An empty reminder-day list means "no reminder emails"; turning the digest off must not
  // turn individual reminder emails on instead, so both stop.
  reminders: { label: 'reminder emails', off: { remindersDaysBefore: [] } },
  digest: { label: 'the digest', off: { digest: 'off', remindersDaysBefore: [] } },
};

/** One-click unsubscribe (RFC 8058). The signed token is the proof, so no login and no CSRF token. */
const unsubscribePages: FastifyPluginAsyncTypebox = async (app) => {
  // Mail providers may post the one-click body as multipart; only the token in the URL matters.
  app.addContentTypeParser('multipart/form-data', (_request, payload, done) => {
    payload.resume();
    payload.on('end', () => done(null, {}));
  });

  const read = (token: string) => {
    const found = readUnsubscribeToken(app.config.sessionSecret, token);
    const user = found && app.repos.users.findById(found.userId);
    if (!found || !user) throw new NotFoundError('unsubscribe link');
    return { user, list: found.list };
  };

  app.get(
    '/unsubscribe/:token',
    { config: { access: 'public' }, schema: { hide: true, params: TokenParamsSchema } },
    async (request, reply) => {
      const { user, list } = read(request.params.token);
      return reply.page('unsubscribe/confirm', {
        title: 'Unsubscribe',
        token: request.params.token,
        email: user.email,
        label: LISTS[list].label,
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
      const { user, list } = read(request.params.token);
      app.repos.users.update(user.id, { preferences: { ...user.preferences, ...LISTS[list].off } });
      return reply.page('unsubscribe/done', {
        title: 'Unsubscribed',
        email: user.email,
        label: LISTS[list].label,
      });
    },
  );
};

export default unsubscribePages;
