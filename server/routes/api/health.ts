import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';

const health: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health',
    {
      config: { access: 'public' },
      schema: { tags: ['system'], security: [], response: { 200: Type.Object({ ok: Type.Boolean() }) } },
    },
    async () => {
      app.services.health.check();
      return { ok: true };
    },
  );
};

export default health;
