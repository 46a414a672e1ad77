import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParamsSchema } from '../../schemas/common.js';

const tags = ['escalation'];

const StepsSchema = Type.Object(
  {
    steps: Type.Array(
      Type.Object(
        {
          level: Type.Integer({ minimum: 0, maximum: 50 }),
          title: Type.String({ minLength: 1, maxLength: 300 }),
          offsetDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 30 },
    ),
  },
  { additionalProperties: false },
);

const escalation: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.escalation;

  app.get(
    '/campaigns/:id/escalation',
    { config: { access: 'member' }, schema: { tags, params: IdParamsSchema } },
    async (request) => {
      app.services.campaigns.getForUser(request.params.id, request.user!);
      return {
        ladder: service.summary(request.params.id),
        companies: [...service.levels(request.params.id)].map(([companyId, level]) => ({ companyId, level })),
      };
    },
  );

  app.put(
    '/campaigns/:id/escalation-ladder',
    { config: { access: 'coordinator' }, schema: { tags, params: IdParamsSchema, body: StepsSchema } },
    async (request) => ({ steps: service.setLadder(request.params.id, request.body.steps, request.actor()) }),
  );

  app.post(
    '/campaigns/:id/companies/:companyId/escalation-level',
    {
      config: { access: 'coordinator' },
      schema: {
        tags,
        params: Type.Object({ id: Type.Integer({ minimum: 1 }), companyId: Type.Integer({ minimum: 1 }) }),
        body: Type.Object(
          {
            level: Type.Integer({ minimum: 0, maximum: 50 }),
            note: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const { id, companyId } = request.params;
      service.recordLevel(id, companyId, request.body.level, request.body.note ?? '', request.actor());
      return reply.code(201).send({ companyId, level: service.levels(id, companyId).get(companyId) });
    },
  );
};

export default escalation;
