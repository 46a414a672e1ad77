import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ROLES } from '../../domain/vocabulary.js';
import { BODY_ERRORS, EmailSchema, errors, IdParamsSchema, ok } from '../../schemas/common.js';
import { InvitationSchema, UserSchema } from '../../schemas/users.js';
import { serializeUser } from './serializers.js';

const tags = ['users'];
const RoleSchema = Type.Enum(ROLES);

const users: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.users;

  app.get(
    '/users',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        operationId: 'listUsers',
        summary: 'List user accounts',
        response: { 200: ok(Type.Array(UserSchema), 'The users'), ...errors(401, 403) },
      },
    },
    async () => service.list().map(serializeUser),
  );

  app.post(
    '/users/invitations',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        operationId: 'inviteUser',
        summary: 'Invite someone by email to make an account with a role',
        body: Type.Object(
          {
            email: EmailSchema,
            name: Type.Optional(Type.String({ maxLength: 200 })),
            role: RoleSchema,
            organizationId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: {
          201: ok(InvitationSchema, 'The invitation link (also emailed)'),
          ...errors(...BODY_ERRORS, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => reply.code(201).send(service.invite(request.body, request.actor())),
  );

  app.patch(
    '/users/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        operationId: 'updateUser',
        summary: 'Change a user’s role, organization, or deactivate them (their API tokens are revoked)',
        params: IdParamsSchema,
        body: Type.Object(
          {
            role: Type.Optional(RoleSchema),
            active: Type.Optional(Type.Boolean()),
            organizationId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 200: ok(UserSchema, 'The user'), ...errors(...BODY_ERRORS, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const actor = request.actor();
      const { role, active, organizationId } = request.body;
      if (role !== undefined) service.changeRole(id, role, actor);
      if (active !== undefined) service.setActive(id, active, actor);
      if (organizationId !== undefined) service.setOrganization(id, organizationId, actor);
      return serializeUser(service.get(id));
    },
  );
};

export default users;
