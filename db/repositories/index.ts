import type { Db } from '../client.js';
import { createApiTokensRepository } from './api-tokens-repository.js';
import { createBackgroundTasksRepository } from './background-tasks-repository.js';
import { createCalendarDaysRepository } from './calendar-days-repository.js';
import { createCampaignsRepository } from './campaigns-repository.js';
import { createCompaniesRepository } from './companies-repository.js';
import { createDatabaseVersion } from './database-version.js';
import { createDeadlinesRepository } from './deadlines-repository.js';
import { createDeliveryFailuresRepository } from './delivery-failures-repository.js';
import { createDispatchesRepository } from './dispatches-repository.js';
import { createEventsRepository } from './events-repository.js';
import { createInboundRepository } from './inbound-repository.js';
import { createInvitationsRepository } from './invitations-repository.js';
import { createJobLeasesRepository } from './job-leases-repository.js';
import { createLetterApprovalsRepository } from './letter-approvals-repository.js';
import { createLettersRepository } from './letters-repository.js';
import { createOrganizationsRepository } from './organizations-repository.js';
import { createOutboxRepository } from './outbox-repository.js';
import { createRemindersRepository } from './reminders-repository.js';
import { createSearchRepository } from './search-repository.js';
import { createSessionsRepository } from './sessions-repository.js';
import { createTemplatesRepository } from './templates-repository.js';
import { stampFrom } from './timestamps.js';
import { createTrackingCache } from './tracking-cache.js';
import { createUsersRepository } from './users-repository.js';

export function createRepositories(db: Db, clock: { now(): Date }) {
  const stamp = stampFrom(clock);
  return {
    /** Runs `work` in one SQLite transaction. `work` must be synchronous: no awaits inside. */
    transaction<T>(work: () => T): T {
      // IMMEDIATE takes the write lock up front, so a second process waits (busy_timeout) instead of
      // failing when its read-then-write transaction would have to upgrade its lock.
      return db.transaction(() => work(), { behavior: 'immediate' });
    },
    /** Throws when the database cannot answer a query. */
    ping(): void {
      db.$client.prepare('SELECT 1').get();
    },
    /** Changes with every write to any table, from any connection (see database-version.ts). */
    databaseVersion: createDatabaseVersion(db),
    users: createUsersRepository(db, stamp),
    invitations: createInvitationsRepository(db, stamp),
    sessions: createSessionsRepository(db),
    apiTokens: createApiTokensRepository(db, stamp),
    organizations: createOrganizationsRepository(db, stamp),
    companies: createCompaniesRepository(db, stamp),
    campaigns: createCampaignsRepository(db, stamp),
    calendarDays: createCalendarDaysRepository(db, stamp),
    letters: createLettersRepository(db, stamp),
    letterApprovals: createLetterApprovalsRepository(db, stamp),
    dispatches: createDispatchesRepository(db, stamp),
    deadlines: createDeadlinesRepository(db, stamp),
    events: createEventsRepository(db, stamp),
    trackingCache: createTrackingCache(db),
    templates: createTemplatesRepository(db, stamp),
    search: createSearchRepository(db),
    outbox: createOutboxRepository(db, stamp),
    inbound: createInboundRepository(db, stamp),
    deliveryFailures: createDeliveryFailuresRepository(db, stamp),
    reminders: createRemindersRepository(db, stamp),
    jobLeases: createJobLeasesRepository(db),
    backgroundTasks: createBackgroundTasksRepository(db, stamp),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
export type { ApiTokenRow } from './api-tokens-repository.js';
export type { BackgroundTaskRow } from './background-tasks-repository.js';
export type { CalendarDayRow } from './calendar-days-repository.js';
export type { CampaignRow } from './campaigns-repository.js';
export type {
  CompanyFilter,
  CompanyRow,
  CompanyWithContacts,
  ContactRow,
  NewContact,
} from './companies-repository.js';
export type { DeadlineRow } from './deadlines-repository.js';
export type { DeliveryFailureRow } from './delivery-failures-repository.js';
export type {
  AnswerRow,
  DispatchFilter,
  DispatchRow,
  DispatchStatus,
  ResponseRow,
} from './dispatches-repository.js';
export type { EventRow } from './events-repository.js';
export type { AttachmentSummary, InboundMessageRow } from './inbound-repository.js';
export type { InvitationRow } from './invitations-repository.js';
export type { LetterApprovalRow } from './letter-approvals-repository.js';
export type { LetterRow, QuestionInput, QuestionRow, SignatureRow } from './letters-repository.js';
export type { OrganizationRow } from './organizations-repository.js';
export type { OutboxRow, OutboxStatus } from './outbox-repository.js';
export type { DispatchReminderRow, RecipientRow } from './reminders-repository.js';
export type { TemplateRow, TemplateVersionRow } from './templates-repository.js';
export type { UserRow } from './users-repository.js';
