import type { Repositories, UserRow } from '../../db/repositories/index.js';
import { roleAtLeast } from '../lib/roles.js';
import type { CampaignsService } from './campaigns-service.js';
import type { DispatchesService } from './dispatches-service.js';
import type { InboundMailService } from './inbound-mail-service.js';

/** What the dashboard shows a user: their campaigns and, for staff, the work waiting for them. */
export function createDashboardService({
  repos,
  campaigns,
  dispatches,
  inbound,
}: {
  repos: Repositories;
  campaigns: CampaignsService;
  dispatches: DispatchesService;
  /** Built after the dashboard in the services root. */
  inbound: () => InboundMailService;
}) {
  return {
    forUser(user: UserRow) {
      const companies = repos.companies.list({ limit: 1, offset: 0 }).total;
      const organizations = repos.organizations.list({ limit: 1, offset: 0 }).total;
      const visible = campaigns.list(user, dispatches.today());
      const staff = roleAtLeast(user.role, 'staff');
      const overdue = staff
        ? dispatches.board({ overdue: true, sort: 'due', limit: 10, offset: 0 })
        : undefined;
      return {
        counts: { companies, organizations, campaigns: visible.length },
        campaigns: visible,
        overdue: overdue?.items ?? [],
        overdueTotal: overdue?.total ?? 0,
        gettingStarted: staff && (companies === 0 || organizations === 0 || visible.length === 0),
        events: staff ? repos.events.listRecent(15) : [],
        toReview: staff ? repos.dispatches.listUnreviewed(20) : [],
        toReviewTotal: staff ? repos.dispatches.countUnreviewed() : 0,
        abuseReports: staff ? inbound().listAbuseReports(10) : [],
      };
    },
  };
}

export type DashboardService = ReturnType<typeof createDashboardService>;
