import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ok } from '../../schemas/common.js';

const health: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['system'],
        operationId: 'checkHealth',
        summary: 'Check that the app and its database answer',
        security: [],
        response: { 200: ok(Type.Object({ ok: Type.Boolean() }), 'The app is up') },
      },
    },
    async () => {
      app.services.health.check();
      return { ok: true };
    },
  );
};

export default health;
