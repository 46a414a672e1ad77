import csrf from '@fastify/csrf-protection';
import fp from 'fastify-plugin';

export default fp(
  async (app) => {
    await app.register(csrf, {
      sessionPlugin: '@fastify/session',
      getToken: (request) =>
        ((request.body as Record<string, unknown> | undefined)?._csrf as string | undefined) ??
        (request.headers['x-csrf-token'] as string | undefined),
    });
  },
  { name: 'csrf', dependencies: ['session'] },
);
