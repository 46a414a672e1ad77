import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { BODY_ERRORS, errors, IdParamsSchema, ok } from '../../schemas/common.js';
import { ReminderRulesInputSchema, ReminderRulesSchema } from '../../schemas/reminder-rules.js';

const tags = ['campaigns'];

const reminderRules: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.reminderRules;

  app.get(
    '/campaigns/:id/reminder-rules',
    {
      config: { access: 'coordinator' },
      schema: {
        tags,
        operationId: 'getReminderRules',
        summary: 'The reminder rules of a campaign (its own, or the default ones)',
        params: IdParamsSchema,
        response: { 200: ok(ReminderRulesSchema, 'The rules'), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => service.get(request.params.id),
  );

  app.put(
    '/campaigns/:id/reminder-rules',
    {
      config: { access: 'coordinator' },
      schema: {
        tags,
        operationId: 'setReminderRules',
        summary: 'Replace the reminder rules of a campaign',
        params: IdParamsSchema,
        body: ReminderRulesInputSchema,
        response: { 200: ok(ReminderRulesSchema, 'The rules'), ...errors(...BODY_ERRORS, 401, 403, 404) },
      },
    },
    async (request) => service.set(request.params.id, request.body.rules, request.actor()),
  );

  app.delete(
    '/campaigns/:id/reminder-rules',
    {
      config: { access: 'coordinator' },
      schema: {
        tags,
        operationId: 'resetReminderRules',
        summary: 'Go back to the default reminder rules for a campaign',
        params: IdParamsSchema,
        response: { 200: ok(ReminderRulesSchema, 'The default rules'), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => service.set(request.params.id, null, request.actor()),
  );
};

export default reminderRules;
