import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

const dashboardPages: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/', { config: { access: 'member' }, schema: { hide: true } }, async (_request, reply) => {
    const companies = app.repos.companies.list({ limit: 1, offset: 0 }).total;
    const organizations = app.repos.organizations.list({ limit: 1, offset: 0 }).total;
    const users = app.repos.users.count();
    return reply.page('dashboard/index', {
      title: 'Dashboard',
      counts: { companies, organizations, users },
      gettingStarted: companies === 0 || organizations === 0,
      events: app.repos.events.listRecent(15),
    });
  });
};

export default dashboardPages;
