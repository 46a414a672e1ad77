import { sql } from 'drizzle-orm';
import {
  blob,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';
// The vocabulary lives in server/domain; imported with its .ts name so drizzle-kit's loader finds it.
import { DEADLINE_KINDS, type ReminderAnchor } from '../server/domain/deadline-kinds.ts';
import {
  ANSWER_STATUSES,
  CALENDAR_DAY_KINDS,
  CONTACT_FUNCTIONS,
  DAY_COUNTS,
  DISPATCH_CHANNELS,
  DISPATCH_STATUSES,
  INBOUND_CATEGORIES,
  LETTER_KINDS,
  LETTER_STATUSES,
  ORGANIZATION_KINDS,
  OUTBOX_STATUSES,
  RESPONSE_KINDS,
  ROLES,
  SIGNATORY_ROLES,
  TEMPLATE_KINDS,
} from '../server/domain/vocabulary.ts';

// Instants are ISO 8601 strings with Z; calendar dates are YYYY-MM-DD strings.
const createdAt = () => text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`);
const updatedAt = () => text('updated_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`);

export const organizations = sqliteTable(
  'organizations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    kind: text('kind', { enum: ORGANIZATION_KINDS }).notNull(),
    country: text('country').notNull(),
    aumUsd: real('aum_usd'),
    /** Archived: gone from lists and pickers, history kept. */
    archivedAt: text('archived_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('organizations_name_unique').on(sql`casefold(${t.name})`)],
);

export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    organizationId: integer('organization_id').references(() => organizations.id, {
      onDelete: 'set null',
    }),
    passwordHash: text('password_hash'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    preferences: text('preferences', { mode: 'json' })
      .$type<UserPreferences>()
      .notNull()
      .default(sql`'{"digest":"weekly"}'`),
    calendarToken: text('calendar_token'),
    lastLoginAt: text('last_login_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('users_email_unique').on(sql`lower(${t.email})`),
    uniqueIndex('users_calendar_token_unique').on(t.calendarToken),
  ],
);

export interface UserPreferences {
  digest: 'off' | 'daily' | 'weekly';
  remindersDaysBefore?: number[];
  /** Coordinators: an email for each emailed response to review and each abuse report (default `each`). */
  reviewAlerts?: 'each' | 'off';
}

// One-time links: the first admin's setup link, invitations, and `docket user add` without a password.
export const invitations = sqliteTable('invitations', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  tokenHash: text('token_hash').notNull().unique(),
  email: text('email'),
  name: text('name'),
  role: text('role', { enum: ROLES }).notNull(),
  organizationId: integer('organization_id').references(() => organizations.id, {
    onDelete: 'set null',
  }),
  createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
  expiresAt: text('expires_at').notNull(),
  usedAt: text('used_at'),
  userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
});

export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
    data: text('data').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('sessions_expires_idx').on(t.expiresAt), index('sessions_user_idx').on(t.userId)],
);

export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    lastUsedAt: text('last_used_at'),
    expiresAt: text('expires_at'),
    revokedAt: text('revoked_at'),
    createdAt: createdAt(),
  },
  (t) => [index('api_tokens_user_idx').on(t.userId)],
);

export const companies = sqliteTable(
  'companies',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    country: text('country').notNull(),
    sector: text('sector'),
    ticker: text('ticker'),
    isin: text('isin'),
    website: text('website'),
    jurisdiction: text('jurisdiction'),
    lastAgmDate: text('last_agm_date'),
    nextAgmDate: text('next_agm_date'),
    lastProxyDate: text('last_proxy_date'),
    /** Shares admitted to a regulated market: AktG §122(2) gives listed companies 30 days, others 24. */
    listed: integer('listed', { mode: 'boolean' }).notNull().default(true),
    /** Archived: gone from lists and pickers, history kept. */
    archivedAt: text('archived_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('companies_name_unique').on(sql`casefold(${t.name})`),
    index('companies_sector_idx').on(t.sector),
    index('companies_country_idx').on(t.country),
  ],
);

export const companyContacts = sqliteTable(
  'company_contacts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    companyId: integer('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    name: text('name'),
    function: text('function', { enum: CONTACT_FUNCTIONS }).notNull(),
    email: text('email').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('company_contacts_company_idx').on(t.companyId)],
);

export interface EscalationStep {
  level: number;
  title: string;
  offsetDays?: number;
}

export interface ReminderRule {
  key: string;
  audience: 'coordinator' | 'member';
  anchor: ReminderAnchor;
  offsetDays: number;
}

export const campaigns = sqliteTable('campaigns', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  responseDays: integer('response_days').notNull().default(14),
  dayCount: text('day_count', { enum: DAY_COUNTS }).notNull().default('calendar'),
  holidayCountry: text('holiday_country'),
  /** A subdivision code of date-holidays (GB: ENG, SCT, NIR; DE: BY, NW…; CH: ZH…; US: CA…). */
  holidayRegion: text('holiday_region'),
  holdingResponseDays: integer('holding_response_days').notNull().default(60),
  escalationDays: integer('escalation_days').notNull().default(14),
  escalationLadder: text('escalation_ladder', { mode: 'json' }).$type<EscalationStep[]>(),
  reminderRules: text('reminder_rules', { mode: 'json' }).$type<ReminderRule[]>(),
  public: integer('public', { mode: 'boolean' }).notNull().default(false),
  createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

// A campaign's own corrections to its holiday calendar: days off no package knows and working
// days that replace a holiday or a weekend day (China's adjusted Sundays, Ukraine's suspended holidays).
export const campaignCalendarDays = sqliteTable(
  'campaign_calendar_days',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    date: text('date').notNull(),
    kind: text('kind', { enum: CALENDAR_DAY_KINDS }).notNull(),
    name: text('name').notNull(),
    source: text('source').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('campaign_calendar_days_unique').on(t.campaignId, t.date)],
);

export const campaignOrganizations = sqliteTable(
  'campaign_organizations',
  {
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    organizationId: integer('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.organizationId] }),
    index('campaign_organizations_org_idx').on(t.organizationId),
  ],
);

export const campaignCompanies = sqliteTable(
  'campaign_companies',
  {
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    companyId: integer('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'restrict' }),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.companyId] }),
    index('campaign_companies_company_idx').on(t.companyId),
  ],
);

export const campaignCoordinators = sqliteTable(
  'campaign_coordinators',
  {
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.userId] })],
);

export const templates = sqliteTable(
  'templates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    kind: text('kind', { enum: TEMPLATE_KINDS }).notNull(),
    locale: text('locale').notNull().default('en'),
    subject: text('subject'),
    body: text('body').notNull(),
    version: integer('version').notNull().default(1),
    builtinKey: text('builtin_key'),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('templates_name_locale_unique').on(t.name, t.locale)],
);

export const templateVersions = sqliteTable(
  'template_versions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    templateId: integer('template_id')
      .notNull()
      .references(() => templates.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    subject: text('subject'),
    body: text('body').notNull(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('template_versions_unique').on(t.templateId, t.version)],
);

export const letters = sqliteTable(
  'letters',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: LETTER_KINDS }).notNull().default('initial'),
    status: text('status', { enum: LETTER_STATUSES }).notNull().default('draft'),
    title: text('title').notNull(),
    body: text('body').notNull(),
    locale: text('locale').notNull().default('en'),
    parentLetterId: integer('parent_letter_id').references((): any => letters.id, {
      onDelete: 'set null',
    }),
    templateId: integer('template_id').references(() => templates.id, { onDelete: 'set null' }),
    responseDays: integer('response_days'),
    signOnClosesAt: text('sign_on_closes_at'),
    approvedAt: text('approved_at'),
    approvedBy: integer('approved_by').references(() => users.id, { onDelete: 'set null' }),
    sentAt: text('sent_at'),
    withdrawnAt: text('withdrawn_at'),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('letters_campaign_idx').on(t.campaignId), index('letters_parent_idx').on(t.parentLetterId)],
);

export const letterVersions = sqliteTable(
  'letter_versions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    letterId: integer('letter_id')
      .notNull()
      .references(() => letters.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    questions: text('questions', { mode: 'json' }).$type<string[]>().notNull(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('letter_versions_unique').on(t.letterId, t.version)],
);

/** The letter as approved, rendered for one company: what goes out, whatever templates change later. */
export const letterApprovals = sqliteTable(
  'letter_approvals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    letterId: integer('letter_id')
      .notNull()
      .references(() => letters.id, { onDelete: 'cascade' }),
    companyId: integer('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html').notNull(),
    /** builtin key of each email template part used ("emails/letter.html") → its version at approval. */
    templateVersions: text('template_versions', { mode: 'json' }).$type<Record<string, number>>().notNull(),
    approvedBy: integer('approved_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('letter_approvals_unique').on(t.letterId, t.companyId)],
);

export const letterCompanies = sqliteTable(
  'letter_companies',
  {
    letterId: integer('letter_id')
      .notNull()
      .references(() => letters.id, { onDelete: 'cascade' }),
    companyId: integer('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'restrict' }),
  },
  (t) => [
    primaryKey({ columns: [t.letterId, t.companyId] }),
    index('letter_companies_company_idx').on(t.companyId),
  ],
);

export const questions = sqliteTable(
  'questions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    letterId: integer('letter_id')
      .notNull()
      .references(() => letters.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    text: text('text').notNull(),
    // The first-round question this one repeats, so coverage can be followed round by round.
    originQuestionId: integer('origin_question_id').references((): any => questions.id, {
      onDelete: 'set null',
    }),
    createdAt: createdAt(),
  },
  (t) => [
    index('questions_letter_idx').on(t.letterId, t.number),
    index('questions_origin_idx').on(t.originQuestionId),
  ],
);

export const signatures = sqliteTable(
  'signatures',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    letterId: integer('letter_id')
      .notNull()
      .references(() => letters.id, { onDelete: 'cascade' }),
    organizationId: integer('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'restrict' }),
    signerName: text('signer_name').notNull(),
    signerTitle: text('signer_title'),
    signatoryRole: text('signatory_role', { enum: SIGNATORY_ROLES }).notNull().default('supporter'),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    source: text('source', { enum: ['account', 'link', 'staff'] }).notNull(),
    withdrawnAt: text('withdrawn_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('signatures_active_unique')
      .on(t.letterId, t.organizationId)
      .where(sql`${t.withdrawnAt} IS NULL`),
  ],
);

export interface DueRuleInputs {
  sentDate: string;
  responseDays: number;
  dayCount: (typeof DAY_COUNTS)[number];
  holidayCountry: string | null;
  holidayRegion?: string | null;
  timezone: string;
}

export const dispatches = sqliteTable(
  'dispatches',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    letterId: integer('letter_id')
      .notNull()
      .references(() => letters.id, { onDelete: 'restrict' }),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'restrict' }),
    companyId: integer('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'restrict' }),
    channel: text('channel', { enum: DISPATCH_CHANNELS }).notNull(),
    status: text('status', { enum: DISPATCH_STATUSES }).notNull().default('sent'),
    sentAt: text('sent_at').notNull(),
    dueAt: text('due_at').notNull(),
    dueExplanation: text('due_explanation').notNull(),
    dueRule: text('due_rule', { mode: 'json' }).$type<DueRuleInputs>().notNull(),
    /** The due date set at sending (recomputed with holiday data), never moved by a holding reply: timeliness counts from it. */
    originalDueAt: text('original_due_at'),
    secondDueAt: text('second_due_at'),
    escalateAt: text('escalate_at').notNull(),
    replyToken: text('reply_token').notNull().unique(),
    // VERP: the envelope sender of this dispatch's letters, so delivery reports come back to it.
    bounceToken: text('bounce_token').unique(),
    firstResponseAt: text('first_response_at'),
    closedAt: text('closed_at'),
    /**
     * How many of the letter's questions are still open for this company (server/domain/open-questions.ts),
     * and how many have each latest assessment, kept by triggers on answers, questions and
     * dispatches (migration 0011): the follow-ups due and the statistics read these instead of
     * every answer. Read them in SQL: a row returned by an insert shows 0.
     */
    openQuestions: integer('open_questions').notNull().default(0),
    questionsAnswered: integer('questions_answered').notNull().default(0),
    questionsCommitted: integer('questions_committed').notNull().default(0),
    questionsPartial: integer('questions_partial').notNull().default(0),
    questionsNotApplicable: integer('questions_not_applicable').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('dispatches_letter_company_unique').on(t.letterId, t.companyId),
    index('dispatches_campaign_status_idx').on(t.campaignId, t.status),
    index('dispatches_campaign_due_idx').on(t.campaignId, t.dueAt),
    index('dispatches_due_idx').on(t.dueAt),
    index('dispatches_company_campaign_idx').on(t.companyId, t.campaignId),
    index('dispatches_status_due_idx').on(t.status, t.dueAt),
    index('dispatches_status_escalate_idx').on(t.status, t.escalateAt),
    // The board's sorts and overdue filters read a page straight off these, in order.
    index('dispatches_campaign_sent_idx').on(t.campaignId, t.sentAt),
    index('dispatches_campaign_status_due_idx').on(t.campaignId, t.status, t.dueAt),
    index('dispatches_open_campaign_due_idx')
      .on(t.campaignId, t.dueAt)
      .where(sql`${t.status} in ('sent', 'acknowledged')`),
    index('dispatches_open_campaign_escalate_idx')
      .on(t.campaignId, t.escalateAt)
      .where(sql`${t.status} in ('sent', 'acknowledged')`),
    index('dispatches_open_due_idx').on(t.dueAt).where(sql`${t.status} in ('sent', 'acknowledged')`),
    // Escalations across campaigns (dashboard, deadlines list) in date order, the first N without a sort.
    index('dispatches_open_escalate_idx')
      .on(t.escalateAt)
      .where(sql`${t.status} in ('sent', 'acknowledged')`),
    // The follow-ups due per letter (dashboard), counted off this index alone.
    index('dispatches_follow_up_idx')
      .on(t.letterId, t.dueAt)
      .where(sql`${t.status} in ('sent', 'acknowledged', 'responded') and ${t.openQuestions} > 0`),
  ],
);

/**
 * How many dispatches share each combination of the columns the dashboard and the campaign
 * summary count by, kept by triggers on dispatches (migration 0011): a count of overdue
 * dispatches or of follow-ups due reads a few rows per letter instead of every dispatch. A row
 * whose count reaches 0 is deleted.
 */
export const dispatchTallies = sqliteTable(
  'dispatch_tallies',
  {
    campaignId: integer('campaign_id').notNull(),
    letterId: integer('letter_id').notNull(),
    status: text('status', { enum: DISPATCH_STATUSES }).notNull(),
    dueAt: text('due_at').notNull(),
    escalateAt: text('escalate_at').notNull(),
    /** 1 when `dispatches.open_questions` > 0. */
    hasOpenQuestions: integer('has_open_questions').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [
    primaryKey({
      columns: [t.campaignId, t.letterId, t.status, t.dueAt, t.escalateAt, t.hasOpenQuestions],
    }),
  ],
);

export const inboundMessages = sqliteTable(
  'inbound_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    messageId: text('message_id'),
    fromAddress: text('from_address').notNull(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull().default(''),
    text: text('text').notNull().default(''),
    html: text('html'),
    receivedAt: text('received_at').notNull(),
    dispatchId: integer('dispatch_id').references(() => dispatches.id, { onDelete: 'set null' }),
    assignedBy: integer('assigned_by').references(() => users.id, { onDelete: 'set null' }),
    assignedAt: text('assigned_at'),
    category: text('category', { enum: INBOUND_CATEGORIES }).notNull().default('reply'),
    // A dispatch guessed from the sender's domain; staff confirm it before anything is recorded.
    proposedDispatchId: integer('proposed_dispatch_id').references(() => dispatches.id, {
      onDelete: 'set null',
    }),
    sizeBytes: integer('size_bytes').notNull().default(0),
    discardedAt: text('discarded_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('inbound_messages_unmatched_idx').on(t.dispatchId, t.category, t.receivedAt),
    uniqueIndex('inbound_messages_message_id_unique').on(t.messageId),
    index('inbound_messages_dispatch_idx').on(t.dispatchId),
  ],
);

export const responses = sqliteTable(
  'responses',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    dispatchId: integer('dispatch_id')
      .notNull()
      .references(() => dispatches.id, { onDelete: 'cascade' }),
    receivedAt: text('received_at').notNull(),
    kind: text('kind', { enum: RESPONSE_KINDS }).notNull(),
    fromAddress: text('from_address'),
    subject: text('subject'),
    body: text('body').notNull().default(''),
    source: text('source', { enum: ['manual', 'email'] }).notNull(),
    reviewed: integer('reviewed', { mode: 'boolean' }).notNull().default(false),
    promisedAt: text('promised_at'),
    inboundMessageId: integer('inbound_message_id').references(() => inboundMessages.id, {
      onDelete: 'set null',
    }),
    recordedBy: integer('recorded_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('responses_dispatch_idx').on(t.dispatchId, t.receivedAt)],
);

export const attachments = sqliteTable(
  'attachments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    responseId: integer('response_id').references(() => responses.id, { onDelete: 'cascade' }),
    inboundMessageId: integer('inbound_message_id').references(() => inboundMessages.id, {
      onDelete: 'cascade',
    }),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    content: blob('content', { mode: 'buffer' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('attachments_response_idx').on(t.responseId),
    index('attachments_inbound_idx').on(t.inboundMessageId),
  ],
);

// A delivery report about one recipient of a dispatch's letter (or of an email to a person).
export const deliveryFailures = sqliteTable(
  'delivery_failures',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    dispatchId: integer('dispatch_id').references(() => dispatches.id, { onDelete: 'cascade' }),
    outboxId: integer('outbox_id').references(() => outbox.id, { onDelete: 'set null' }),
    responseId: integer('response_id').references(() => responses.id, { onDelete: 'cascade' }),
    contactId: integer('contact_id').references(() => companyContacts.id, { onDelete: 'set null' }),
    recipient: text('recipient'),
    permanent: integer('permanent', { mode: 'boolean' }).notNull(),
    statusCode: text('status_code'),
    diagnostic: text('diagnostic'),
    createdAt: createdAt(),
  },
  (t) => [
    index('delivery_failures_dispatch_idx').on(t.dispatchId),
    index('delivery_failures_contact_idx').on(t.contactId),
  ],
);

export const answers = sqliteTable(
  'answers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    dispatchId: integer('dispatch_id')
      .notNull()
      .references(() => dispatches.id, { onDelete: 'cascade' }),
    questionId: integer('question_id')
      .notNull()
      .references(() => questions.id, { onDelete: 'cascade' }),
    responseId: integer('response_id').references(() => responses.id, { onDelete: 'set null' }),
    status: text('status', { enum: ANSWER_STATUSES }).notNull(),
    quality: integer('quality'),
    note: text('note'),
    excerpt: text('excerpt'),
    assessedBy: integer('assessed_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    // Each question's latest assessment, with its status, read off the index alone.
    index('answers_latest_idx').on(t.dispatchId, t.questionId, t.id, t.status),
    index('answers_question_idx').on(t.questionId),
  ],
);

// Computed deadlines are derived from their inputs; rows here are custom deadlines and
// manual overrides of a computed one (with the source the date came from).
export const deadlines = sqliteTable(
  'deadlines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: DEADLINE_KINDS }).notNull(),
    date: text('date').notNull(),
    title: text('title').notNull(),
    explanation: text('explanation').notNull(),
    overrideSource: text('override_source'),
    campaignId: integer('campaign_id').references(() => campaigns.id, { onDelete: 'cascade' }),
    companyId: integer('company_id').references(() => companies.id, { onDelete: 'cascade' }),
    dispatchId: integer('dispatch_id').references(() => dispatches.id, { onDelete: 'cascade' }),
    letterId: integer('letter_id').references(() => letters.id, { onDelete: 'cascade' }),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('deadlines_date_idx').on(t.date),
    index('deadlines_company_idx').on(t.companyId),
    index('deadlines_campaign_idx').on(t.campaignId),
  ],
);

// Append-only history; timelines, digests and statistics read from it.
export const events = sqliteTable(
  'events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    type: text('type').notNull(),
    actorUserId: integer('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    actorLabel: text('actor_label').notNull(),
    campaignId: integer('campaign_id'),
    letterId: integer('letter_id'),
    dispatchId: integer('dispatch_id'),
    companyId: integer('company_id'),
    organizationId: integer('organization_id'),
    data: text('data', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
    createdAt: createdAt(),
  },
  (t) => [
    index('events_dispatch_idx').on(t.dispatchId, t.id),
    index('events_company_idx').on(t.companyId, t.id),
    index('events_campaign_idx').on(t.campaignId, t.id),
    index('events_letter_idx').on(t.letterId, t.id),
    index('events_created_idx').on(t.createdAt),
  ],
);

export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    messageId: text('message_id').notNull().unique(),
    kind: text('kind').notNull(),
    toAddress: text('to_address').notNull(),
    fromAddress: text('from_address').notNull(),
    replyTo: text('reply_to'),
    // VERP envelope sender (`bounce+<token>@MAIL_DOMAIN`); null for messages queued before VERP.
    envelopeFrom: text('envelope_from'),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html').notNull(),
    headers: text('headers', { mode: 'json' }).$type<Record<string, string>>().notNull().default(sql`'{}'`),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    sendAfter: text('send_after').notNull(),
    sentAt: text('sent_at'),
    dispatchId: integer('dispatch_id').references(() => dispatches.id, { onDelete: 'set null' }),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    /** One-time values (setup links) in the message: removed from the stored copy once delivered. */
    secrets: text('secrets', { mode: 'json' }).$type<string[]>(),
    createdAt: createdAt(),
  },
  (t) => [
    index('outbox_status_send_after_idx').on(t.status, t.sendAfter),
    index('outbox_dispatch_idx').on(t.dispatchId),
    index('outbox_envelope_from_idx').on(t.envelopeFrom),
  ],
);

// A reminder is sent at most once per (rule, subject, anchor date, recipient).
export const reminderKeys = sqliteTable(
  'reminder_keys',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    rule: text('rule').notNull(),
    subjectKey: text('subject_key').notNull(),
    anchorDate: text('anchor_date').notNull(),
    recipient: text('recipient').notNull(),
    outboxId: integer('outbox_id').references(() => outbox.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('reminder_keys_unique').on(t.rule, t.subjectKey, t.anchorDate, t.recipient)],
);

// Only the holder of an unexpired lease runs the scheduled jobs.
export const jobLeases = sqliteTable('job_leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: text('expires_at').notNull(),
});

/**
 * A counter that triggers on the tracking tables (dispatches, answers, responses, letters,
 * questions, companies, campaigns, events) raise on every write, from any process; cached
 * counts and statistics are valid only while it stays where it was when they were computed.
 */
export const dataVersions = sqliteTable('data_versions', {
  name: text('name').primaryKey(),
  version: integer('version').notNull().default(0),
});

/** `expired`: done, and its file deleted after the retention period (the row stays, so its page can say so). */
export const BACKGROUND_TASK_STATUSES = ['running', 'done', 'failed', 'expired'] as const;

/**
 * Long work a user started and waits for (a zip of every copy of a letter): its progress, for the
 * progress page and its status JSON, and where its result is kept (for a week: the scheduled jobs
 * delete older files).
 */
export const backgroundTasks = sqliteTable(
  'background_tasks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind').notNull(),
    letterId: integer('letter_id').references(() => letters.id, { onDelete: 'cascade' }),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    status: text('status', { enum: BACKGROUND_TASK_STATUSES }).notNull().default('running'),
    done: integer('done').notNull().default(0),
    total: integer('total').notNull(),
    message: text('message'),
    resultPath: text('result_path'),
    resultName: text('result_name'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('background_tasks_user_idx').on(t.userId)],
);
