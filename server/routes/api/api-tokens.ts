import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { BODY_ERRORS, errors, IdParamsSchema, ok } from '../../schemas/common.js';

const tags = ['api tokens'];

export const ApiTokenSchema = Type.Object({
  id: Type.Integer(),
  userId: Type.Integer(),
  name: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: 'precise to the hour: it is not written on every request',
  }),
  expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  status: Type.Union([Type.Literal('active'), Type.Literal('expired'), Type.Literal('revoked')]),
});

const ApiTokenInputSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
    expiresAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
  },
  { additionalProperties: false },
);

const apiTokens: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.apiTokens;

  app.get(
    '/me/tokens',
    {
      config: { access: 'member' },
      schema: {
        tags,
        operationId: 'listMyTokens',
        summary: 'List your API tokens',
        response: {
          200: ok(Type.Array(ApiTokenSchema), 'Your tokens, without their secret'),
          ...errors(401),
        },
      },
    },
    async (request) => service.list(request.user!.id),
  );

  app.post(
    '/me/tokens',
    {
      config: { access: 'member' },
      schema: {
        tags,
        operationId: 'createMyToken',
        summary: 'Create an API token for yourself (its text is in the answer, once)',
        body: ApiTokenInputSchema,
        response: {
          201: ok(
            Type.Object({
              ...ApiTokenSchema.properties,
              token: Type.String({ description: 'the secret: shown this once' }),
            }),
            'The new token',
          ),
          ...errors(...BODY_ERRORS, 401),
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(service.create(request.user!, request.body, request.actor())),
  );

  app.get(
    '/users/:id/tokens',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        operationId: 'listUserTokens',
        summary: "List a user's API tokens",
        params: IdParamsSchema,
        response: { 200: ok(Type.Array(ApiTokenSchema), 'Their tokens'), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      app.services.users.get(request.params.id);
      return service.list(request.params.id);
    },
  );

  app.delete(
    '/tokens/:id',
    {
      config: { access: 'member' },
      schema: {
        tags,
        operationId: 'revokeToken',
        summary: 'Revoke an API token (your own; an admin any): it stops working at once',
        params: IdParamsSchema,
        response: { 200: ok(ApiTokenSchema, 'The token, revoked'), ...errors(400, 401, 404) },
      },
    },
    async (request) => service.revoke(request.params.id, request.user!, request.actor()),
  );
};

export default apiTokens;
