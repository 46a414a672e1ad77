import type { Repositories, UserRow } from '../../db/repositories/index.js';
import { seesEveryCampaign } from '../domain/campaign-visibility.js';
import { addDays, formatCalendarDate } from '../lib/calendar-dates.js';
import { roleAtLeast } from '../lib/roles.js';
import { withPlaceholders } from '../lib/template-placeholders.js';
import type { CampaignsService } from './campaigns-service.js';
import type { DeadlinesService } from './deadlines-service.js';
import type { DispatchesService } from './dispatches-service.js';
import type { InboundMailService } from './inbound-mail-service.js';

/** How far ahead "my week" looks for deadlines. */
export const DASHBOARD_HORIZON_DAYS = 14;
/** Rows shown per list; the total is said and linked. */
const LIST_LIMIT = 15;

/**
 * What the dashboard shows a user: "my week" (what needs my action now, deadlines of the next two
 * weeks, overdue work), their campaigns and, for staff, recent activity. Members see their
 * organization's campaigns only.
 */
export function createDashboardService({
  repos,
  campaigns,
  dispatches,
  deadlines,
  inbound,
}: {
  repos: Repositories;
  campaigns: CampaignsService;
  dispatches: DispatchesService;
  deadlines: DeadlinesService;
  /** Built after the dashboard in the services root. */
  inbound: () => InboundMailService;
}) {
  function myWeek(user: UserRow, today: string, campaignIds: number[] | undefined) {
    const staff = roleAtLeast(user.role, 'staff');
    const coordinator = roleAtLeast(user.role, 'coordinator');
    const horizon = addDays(today, DASHBOARD_HORIZON_DAYS);
    const inProgress = repos.letters.inProgress(campaignIds, user.organizationId ?? null);
    const signOns = inProgress
      .filter((l) => l.status === 'sign_on')
      .map((l) => ({
        ...l,
        title: withPlaceholders(l.title),
        // Members act by signing for their organization; staff collect signatures, coordinators approve.
        needsMe: staff || (!l.signedByMyOrganization && user.organizationId !== null),
        closesAt: l.signOnClosesAt,
        closed: l.signOnClosesAt !== null && l.signOnClosesAt.slice(0, 10) < today,
      }));
    const drafts = staff
      ? inProgress
          .filter((l) => l.status === 'draft')
          .map((l) => ({ ...l, title: withPlaceholders(l.title) }))
      : [];
    // The companies each letter's follow-up form pre-checks (one rule: followUpDefault and its SQL twin).
    const followUpsDue = staff
      ? repos.trackingCache
          .remember(`follow-ups-due:${today}:${campaignIds?.join(',') ?? 'all'}`, () =>
            repos.dispatches.followUpsDueByLetter(today, campaignIds),
          )
          .map((l) => ({ ...l, title: withPlaceholders(l.title), since: formatCalendarDate(l.oldestDueAt) }))
      : [];
    const toReviewTotal = staff ? repos.dispatches.countUnreviewed() : 0;

    const upcoming = deadlines.page({ from: today, to: horizon, user, limit: 3 * LIST_LIMIT });
    const late = deadlines.overdue({ user, limit: LIST_LIMIT });
    const decorate = <T extends { date: string }>(d: T) => ({
      ...d,
      isToday: d.date === today,
      daysLate: d.date < today ? Math.round((Date.parse(today) - Date.parse(d.date)) / 86_400_000) : 0,
    });
    const actions = {
      toReview: toReviewTotal,
      approvals: coordinator ? signOns.filter((l) => l.closed).length : 0,
      signatures: signOns.filter((l) => l.needsMe && !l.closed).length,
      drafts: drafts.length,
      followUps: followUpsDue.reduce((n, l) => n + l.companies, 0),
    };
    return {
      today,
      horizon,
      actions,
      nothingToDo: Object.values(actions).every((n) => n === 0) && late.total === 0,
      signOns: signOns.filter((l) => l.needsMe),
      drafts: drafts.slice(0, LIST_LIMIT),
      followUpsDue: followUpsDue.slice(0, LIST_LIMIT),
      upcoming: upcoming.items.map(decorate),
      upcomingTotal: upcoming.total,
      late: late.items.map(decorate),
      lateTotal: late.total,
    };
  }

  return {
    forUser(user: UserRow) {
      const today = dispatches.today();
      const companies = repos.companies.list({ limit: 1, offset: 0 }).total;
      const organizations = repos.organizations.list({ limit: 1, offset: 0 }).total;
      const visible = campaigns.list(user, today);
      const staff = roleAtLeast(user.role, 'staff');
      const campaignIds = seesEveryCampaign(user) ? undefined : visible.map((c) => c.id);
      return {
        week: myWeek(user, today, campaignIds),
        counts: { companies, organizations, campaigns: visible.length },
        campaigns: visible,
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
