import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParamsSchema } from '../../schemas/common.js';
import { ReminderRulesInputSchema, ReminderRulesSchema } from '../../schemas/reminder-rules.js';

const tags = ['campaigns'];

const reminderRules: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.reminderRules;

  app.get(
    '/campaigns/:id/reminder-rules',
    {
      config: { access: 'coordinator' },
      schema: { tags, params: IdParamsSchema, response: { 200: ReminderRulesSchema } },
    },
    async (request) => service.get(request.params.id),
  );

  app.put(
    '/campaigns/:id/reminder-rules',
    {
      config: { access: 'coordinator' },
      schema: {
        tags,
        params: IdParamsSchema,
        body: ReminderRulesInputSchema,
        response: { 200: ReminderRulesSchema },
      },
    },
    async (request) => service.set(request.params.id, request.body.rules, request.actor()),
  );

  app.delete(
    '/campaigns/:id/reminder-rules',
    {
      config: { access: 'coordinator' },
      schema: { tags, params: IdParamsSchema, response: { 200: ReminderRulesSchema } },
    },
    async (request) => service.set(request.params.id, null, request.actor()),
  );
};

export default reminderRules;
