import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { EscalationStepSchema } from '../../schemas/campaigns.js';
import { BODY_ERRORS, errors, IdParamsSchema, ok } from '../../schemas/common.js';

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

const EscalationSchema = Type.Object({
  ladder: Type.Array(
    Type.Object({
      ...EscalationStepSchema.properties,
      companies: Type.Integer({ description: 'target companies at this level' }),
    }),
  ),
  companies: Type.Array(Type.Object({ companyId: Type.Integer(), level: Type.Integer() })),
});

const CompanyLevelSchema = Type.Object({ companyId: Type.Integer(), level: Type.Integer() });

const escalation: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.escalation;

  app.get(
    '/campaigns/:id/escalation',
    {
      config: { access: 'member' },
      schema: {
        tags,
        operationId: 'getCampaignEscalation',
        summary: 'The escalation ladder of a campaign and the level each company is at',
        params: IdParamsSchema,
        response: { 200: ok(EscalationSchema, 'The ladder and levels'), ...errors(400, 401, 403, 404) },
      },
    },
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
    {
      config: { access: 'coordinator' },
      schema: {
        tags,
        operationId: 'setEscalationLadder',
        summary: 'Replace the escalation ladder of a campaign',
        params: IdParamsSchema,
        body: StepsSchema,
        response: {
          200: ok(Type.Object({ steps: Type.Array(EscalationStepSchema) }), 'The ladder'),
          ...errors(...BODY_ERRORS, 401, 403, 404),
        },
      },
    },
    async (request) => ({ steps: service.setLadder(request.params.id, request.body.steps, request.actor()) }),
  );

  app.post(
    '/campaigns/:id/companies/:companyId/escalation-level',
    {
      config: { access: 'coordinator' },
      schema: {
        tags,
        operationId: 'recordEscalationLevel',
        summary: 'Record that a campaign moved a company to another escalation level',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }), companyId: Type.Integer({ minimum: 1 }) }),
        body: Type.Object(
          {
            level: Type.Integer({ minimum: 0, maximum: 50 }),
            note: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: ok(CompanyLevelSchema, 'The company’s level now'),
          ...errors(...BODY_ERRORS, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const { id, companyId } = request.params;
      service.recordLevel(id, companyId, request.body.level, request.body.note ?? '', request.actor());
      return reply
        .code(201)
        .send({ companyId, level: service.levels(id, companyId).get(companyId) ?? request.body.level });
    },
  );
};

export default escalation;
