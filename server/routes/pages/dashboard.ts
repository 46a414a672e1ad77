import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { roleAtLeast } from '../../lib/roles.js';

const dashboardPages: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/', { config: { access: 'member' }, schema: { hide: true } }, async (request, reply) => {
    const user = request.user!;
    const companies = app.repos.companies.list({ limit: 1, offset: 0 }).total;
    const organizations = app.repos.organizations.list({ limit: 1, offset: 0 }).total;
    const campaigns = app.services.campaigns.list(user, app.services.dispatches.today());
    const staff = roleAtLeast(user.role, 'staff');
    const overdue = staff
      ? app.services.dispatches.board({ overdue: true, sort: 'due', limit: 10, offset: 0 })
      : undefined;
    return reply.page('dashboard/index', {
      title: 'Dashboard',
      counts: { companies, organizations, campaigns: campaigns.length },
      campaigns,
      overdue: overdue?.items ?? [],
      overdueTotal: overdue?.total ?? 0,
      gettingStarted: staff && (companies === 0 || organizations === 0 || campaigns.length === 0),
      events: staff ? app.repos.events.listRecent(15) : [],
      toReview: staff ? app.repos.dispatches.listUnreviewed(20) : [],
      toReviewTotal: staff ? app.repos.dispatches.countUnreviewed() : 0,
      abuseReports: staff ? app.services.inbound.listAbuseReports(10) : [],
    });
  });
};

export default dashboardPages;
