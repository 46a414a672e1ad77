import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

const dashboardPages: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    { config: { access: 'member', pageCache: true }, schema: { hide: true } },
    async (request, reply) =>
      reply.page('dashboard/index', { title: 'Dashboard', ...app.services.dashboard.forUser(request.user!) }),
  );
};

export default dashboardPages;
