import fp from 'fastify-plugin';
import type { Repositories } from '../../../db/repositories/index.js';
import type { Config } from '../../config.js';
import type { Jobs } from '../../jobs/jobs.js';
import type { Clock } from '../../lib/clock.js';
import type { MailTransport } from '../../lib/mail-transport.js';
import { type ApiTokensService, createApiTokensService } from '../../services/api-tokens-service.js';
import { type AttachmentsService, createAttachmentsService } from '../../services/attachments-service.js';
import { type AuthService, createAuthService } from '../../services/auth-service.js';
import {
  type BackgroundTasksService,
  createBackgroundTasksService,
} from '../../services/background-tasks-service.js';
import { type BoardBulkService, createBoardBulkService } from '../../services/board-bulk-service.js';
import {
  type CalendarFeedsService,
  createCalendarFeedsService,
} from '../../services/calendar-feeds-service.js';
import {
  type CampaignCalendarService,
  createCampaignCalendarService,
} from '../../services/campaign-calendar-service.js';
import { type CampaignsService, createCampaignsService } from '../../services/campaigns-service.js';
import { type CompaniesService, createCompaniesService } from '../../services/companies-service.js';
import {
  type CompanyImportService,
  createCompanyImportService,
} from '../../services/company-import-service.js';
import { createDashboardService, type DashboardService } from '../../services/dashboard-service.js';
import { createDeadlinesService, type DeadlinesService } from '../../services/deadlines-service.js';
import { createDispatchesService, type DispatchesService } from '../../services/dispatches-service.js';
import { createEscalationService, type EscalationService } from '../../services/escalation-service.js';
import { createFollowUpService, type FollowUpService } from '../../services/follow-up-service.js';
import { createInboundMailService, type InboundMailService } from '../../services/inbound-mail-service.js';
import { createInboundNotifier } from '../../services/inbound-notifier.js';
import { createLetterExportService, type LetterExportService } from '../../services/letter-export-service.js';
import { createLetterRenderer, type LetterRenderer } from '../../services/letter-renderer.js';
import { createLettersService, type LettersService } from '../../services/letters-service.js';
import { createLoginThrottle, type LoginThrottle } from '../../services/login-throttle.js';
import { createMailer, type Mailer } from '../../services/mailer.js';
import {
  createOrganizationsService,
  type OrganizationsService,
} from '../../services/organizations-service.js';
import { createOutboxService, type OutboxService } from '../../services/outbox-service.js';
import { createPreferencesService, type PreferencesService } from '../../services/preferences-service.js';
import {
  createPublicTrackerService,
  type PublicTrackerService,
} from '../../services/public-tracker-service.js';
import { createReminderRulesService, type ReminderRulesService } from '../../services/reminder-rules.js';
import { createRenderer, type Renderer } from '../../services/renderer.js';
import { createSearchService, type SearchService } from '../../services/search-service.js';
import { createSendingService, type SendingService } from '../../services/sending-service.js';
import { createSignOnService, type SignOnService } from '../../services/sign-on-service.js';
import {
  createSpreadsheetExportService,
  type SpreadsheetExportService,
} from '../../services/spreadsheet-export-service.js';
import { createStatsService, type StatsService } from '../../services/stats-service.js';
import {
  createTemplatePreviewService,
  type TemplatePreviewService,
} from '../../services/templates/template-preview-service.js';
import { createTemplatesService, type TemplatesService } from '../../services/templates/templates-service.js';
import { createUsersService, type UsersService } from '../../services/users-service.js';

export interface Services {
  auth: AuthService;
  apiTokens: ApiTokensService;
  loginThrottle: LoginThrottle;
  users: UsersService;
  organizations: OrganizationsService;
  companies: CompaniesService;
  companyImport: CompanyImportService;
  campaigns: CampaignsService;
  campaignCalendar: CampaignCalendarService;
  letters: LettersService;
  signOn: SignOnService;
  sending: SendingService;
  dispatches: DispatchesService;
  deadlines: DeadlinesService;
  letterRenderer: LetterRenderer;
  letterExport: LetterExportService;
  tasks: BackgroundTasksService;
  templates: TemplatesService;
  followUps: FollowUpService;
  escalation: EscalationService;
  stats: StatsService;
  publicTracker: PublicTrackerService;
  preferences: PreferencesService;
  attachments: AttachmentsService;
  calendarFeeds: CalendarFeedsService;
  health: { check(): void };
  search: SearchService;
  templatePreview: TemplatePreviewService;
  mailer: Mailer;
  renderer: Renderer;
  reminderRules: ReminderRulesService;
  outboxMessages: OutboxService;
  inbound: InboundMailService;
  dashboard: DashboardService;
  spreadsheets: SpreadsheetExportService;
  boardBulk: BoardBulkService;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
    jobs: Jobs;
    clock: Clock;
    config: Config;
  }
}

export function createServices({
  repos,
  config,
  clock,
}: {
  repos: Repositories;
  config: Config;
  clock: Clock;
}): Services {
  const renderer = createRenderer({ timezone: config.timezone });
  const mailer = createMailer({
    repos,
    renderer,
    clock,
    mailFrom: config.mailFrom,
    mailDomain: config.mailDomain,
  });
  const auth = createAuthService({ repos, clock, baseUrl: config.baseUrl });
  const letterRenderer = createLetterRenderer(renderer.handlebars);
  const templates = createTemplatesService({ repos, renderer });
  templates.syncBuiltins();
  const campaigns = createCampaignsService({ repos });
  const letters = createLettersService({ repos, clock, renderer: letterRenderer, campaigns });
  const letterExport = createLetterExportService({ repos, letters, campaigns });
  const { timezone, mailDomain } = config;
  const dispatches = createDispatchesService({
    repos,
    clock,
    campaigns,
    timezone,
    mailDomain,
    questionTexts: (letterId, companyId) => letters.questionTextsFor(letterId, companyId),
  });
  const stats = createStatsService({ repos, timezone });
  const deadlines = createDeadlinesService({
    repos,
    clock,
    timezone,
    baseUrl: config.baseUrl,
    campaigns,
    letterTitle: (letterId, companyId) => letters.subjectFor(letterId, companyId),
  });
  const services: Services = {
    campaigns,
    campaignCalendar: createCampaignCalendarService({ repos, clock, timezone, campaigns, dispatches }),
    letters,
    signOn: createSignOnService({
      repos,
      clock,
      campaigns,
      secret: config.sessionSecret,
      baseUrl: config.baseUrl,
      mailer,
    }),
    sending: createSendingService({
      repos,
      clock,
      letters,
      campaigns,
      renderer: letterRenderer,
      mailer,
      timezone,
      mailDomain,
      sendHoldMinutes: config.sendHoldMinutes,
    }),
    dispatches,
    escalation: createEscalationService({ repos, campaigns, dispatches }),
    stats,
    publicTracker: createPublicTrackerService({ repos, dispatches, stats }),
    preferences: createPreferencesService({ repos, secret: config.sessionSecret }),
    attachments: createAttachmentsService({ repos, dispatches }),
    // The liveness probe: the database answers.
    health: { check: () => repos.ping() },
    search: createSearchService({ repos, campaigns }),
    deadlines,
    calendarFeeds: createCalendarFeedsService({
      repos,
      clock,
      timezone,
      baseUrl: config.baseUrl,
      mailDomain,
      campaigns,
      deadlines,
    }),
    letterRenderer,
    letterExport,
    tasks: createBackgroundTasksService({ repos, clock, letters, letterExport, dataDir: config.dataDir }),
    templates,
    followUps: createFollowUpService({ repos, letters, templates, today: () => dispatches.today() }),
    templatePreview: createTemplatePreviewService({ repos, templates, letters, letterRenderer, renderer }),
    auth,
    apiTokens: createApiTokensService({ repos, clock, auth }),
    loginThrottle: createLoginThrottle({ clock }),
    users: createUsersService({ repos, auth, mailer, instanceName: 'your coalition', clock }),
    organizations: createOrganizationsService({ repos, clock }),
    companies: createCompaniesService({ repos, clock }),
    companyImport: createCompanyImportService({ repos, clock }),
    mailer,
    renderer,
    reminderRules: createReminderRulesService({ repos }),
    outboxMessages: createOutboxService({ repos, clock }),
    inbound: createInboundMailService({
      repos,
      clock,
      dispatches,
      mailDomain,
      unmatchedQuotaBytes: config.inboundUnmatchedQuotaMb * 1024 * 1024,
      notify: createInboundNotifier({ repos, mailer, baseUrl: config.baseUrl }),
    }),
    dashboard: createDashboardService({
      repos,
      campaigns,
      dispatches,
      deadlines,
      inbound: () => services.inbound,
    }),
    spreadsheets: createSpreadsheetExportService({ repos, campaigns, dispatches, stats }),
    boardBulk: createBoardBulkService({ repos, campaigns, dispatches, followUps: () => services.followUps }),
  };
  return services;
}

export default fp<{ services: Services; jobs: Jobs; config: Config; clock: Clock; transport: MailTransport }>(
  async (app, { services, jobs, config, clock, transport }) => {
    app.decorate('services', services);
    app.decorate('jobs', jobs);
    app.decorate('config', config);
    app.decorate('clock', clock);
    app.addHook('onClose', async () => {
      await app.services.tasks.settled();
      await transport.close();
    });
  },
  { name: 'services', dependencies: ['db'] },
);
