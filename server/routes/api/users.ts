import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ROLES } from '../../domain/vocabulary.js';
import { EmailSchema, IdParamsSchema } from '../../schemas/common.js';
import { serializeUser } from './serializers.js';

const tags = ['users'];
const RoleSchema = Type.Enum(ROLES);

const users: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.users;

  app.get('/users', { config: { access: 'admin' }, schema: { tags } }, async () =>
    service.list().map(serializeUser),
  );

  app.post(
    '/users/invitations',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        body: Type.Object(
          {
            email: EmailSchema,
            name: Type.Optional(Type.String({ maxLength: 200 })),
            role: RoleSchema,
            organizationId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
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
        params: IdParamsSchema,
        body: Type.Object(
          {
            role: Type.Optional(RoleSchema),
            active: Type.Optional(Type.Boolean()),
            organizationId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
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
