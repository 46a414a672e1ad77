import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { BODY_ERRORS, errors, ok } from '../../schemas/common.js';
import { MeSchema } from '../../schemas/users.js';
import { serializeUser } from './serializers.js';

const PreferencesSchema = Type.Object(
  {
    digest: Type.Optional(Type.Union([Type.Literal('off'), Type.Literal('daily'), Type.Literal('weekly')])),
    remindersDaysBefore: Type.Optional(
      Type.Array(Type.Integer({ minimum: 0, maximum: 90 }), { maxItems: 10, uniqueItems: true }),
    ),
  },
  { additionalProperties: false },
);

const me: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/me',
    {
      config: { access: 'member' },
      schema: {
        tags: ['me'],
        operationId: 'getMe',
        summary: 'Who you are: your account, preferences and calendar feed',
        response: { 200: ok(MeSchema, 'Your account'), ...errors(401) },
      },
    },
    async (request) => ({
      ...serializeUser(request.user!),
      calendarUrl: app.services.calendarFeeds.calendarUrl(request.user!),
    }),
  );

  app.patch(
    '/me/preferences',
    {
      config: { access: 'member' },
      schema: {
        tags: ['me'],
        operationId: 'updateMyPreferences',
        summary: 'Change your digest and reminder preferences',
        body: PreferencesSchema,
        response: { 200: ok(MeSchema, 'Your account'), ...errors(...BODY_ERRORS, 401) },
      },
    },
    async (request) => {
      const user = request.user!;
      return {
        ...serializeUser(app.services.preferences.update(user, request.body)),
        calendarUrl: app.services.calendarFeeds.calendarUrl(user),
      };
    },
  );
};

export default me;
