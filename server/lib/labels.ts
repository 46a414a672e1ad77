import type { DEADLINE_KINDS } from '../domain/deadline-kinds.js';
import type {
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
} from '../domain/vocabulary.js';

type LabelMap<T extends readonly string[]> = Record<T[number], string>;

/**
 * The one place where the codes stored in the database get the words people read: pages use the
 * `label` Handlebars helper (`{{labelOf "organizationKind" kind}}`), emails the same helper, and
 * services `labelOf`. A code without a label is shown as it is, so a new code is never hidden.
 */
export const LABELS = {
  role: {
    member: 'Coalition member',
    staff: 'Campaign staff',
    coordinator: 'Coordinator',
    admin: 'Admin',
  } satisfies LabelMap<typeof ROLES>,
  organizationKind: {
    ngo: 'NGO',
    asset_owner: 'Asset owner',
    asset_manager: 'Asset manager',
    union: 'Trade union',
    faith_group: 'Faith-based investor',
    other: 'Other',
  } satisfies LabelMap<typeof ORGANIZATION_KINDS>,
  contactFunction: {
    ir: 'Investor relations',
    secretary: 'Company secretary',
    sustainability: 'Sustainability',
    legal: 'Legal',
    board: 'Board',
    other: 'Other',
  } satisfies LabelMap<typeof CONTACT_FUNCTIONS>,
  dayCount: {
    calendar: 'Calendar days',
    working: 'Working days',
  } satisfies LabelMap<typeof DAY_COUNTS>,
  letterKind: {
    initial: 'Initial letter',
    follow_up: 'Follow-up letter',
    reminder: 'Reminder',
    escalation: 'Escalation letter',
  } satisfies LabelMap<typeof LETTER_KINDS>,
  templateKind: {
    initial: 'Initial letter',
    follow_up: 'Follow-up letter',
    reminder: 'Reminder to a company',
    escalation: 'Escalation letter',
    email: 'Email',
  } satisfies LabelMap<typeof TEMPLATE_KINDS>,
  letterStatus: {
    draft: 'Draft',
    sign_on: 'Open for sign-on',
    approved: 'Approved',
    sent: 'Sent',
    withdrawn: 'Withdrawn',
  } satisfies LabelMap<typeof LETTER_STATUSES>,
  dispatchStatus: {
    sent: 'Sent, no reply yet',
    acknowledged: 'Holding reply',
    responded: 'Responded',
    declined: 'Declined',
    bounced: 'Bounced',
    closed: 'Closed',
  } satisfies LabelMap<typeof DISPATCH_STATUSES>,
  channel: {
    email: 'email',
    post: 'post',
    web_form: 'web form',
  } satisfies LabelMap<typeof DISPATCH_CHANNELS>,
  responseKind: {
    substantive: 'Substantive response',
    holding: 'Holding reply',
    declined: 'Declined to answer',
    auto_reply: 'Automatic reply',
    bounce: 'Delivery failure',
  } satisfies LabelMap<typeof RESPONSE_KINDS>,
  answerStatus: {
    answered: 'Answered',
    partial: 'Partly answered',
    not_answered: 'Not answered',
    declined: 'Declined',
    deflected: 'Deflected',
    commitment: 'Commitment made',
    not_applicable: 'Not applicable',
  } satisfies LabelMap<typeof ANSWER_STATUSES>,
  signatoryRole: {
    lead: 'Lead',
    co_lead: 'Co-lead',
    contributing: 'Contributing',
    supporter: 'Supporter',
  } satisfies LabelMap<typeof SIGNATORY_ROLES>,
  outboxStatus: {
    queued: 'Queued',
    sending: 'Sending',
    sent: 'Sent',
    failed: 'Failed',
  } satisfies LabelMap<typeof OUTBOX_STATUSES>,
  inboundCategory: {
    reply: 'Reply',
    bounce: 'Delivery report',
    abuse_report: 'Abuse report',
  } satisfies LabelMap<typeof INBOUND_CATEGORIES>,
  calendarDayKind: {
    day_off: 'Day off',
    working_day: 'Working day',
  } satisfies LabelMap<typeof CALENDAR_DAY_KINDS>,
  deadlineKind: {
    response_due: 'Response due',
    escalation_due: 'Escalation due',
    sign_on_closes: 'Sign-on closes',
    agm: 'Annual general meeting',
    proposal_us_14a8: 'Shareholder proposal (US Rule 14a-8)',
    nomination_us_14a19: 'Director nomination (US Rule 14a-19)',
    resolution_uk_s338: 'Members’ resolution (UK s338)',
    agenda_de_122: 'Agenda item (Germany §122 AktG)',
    custom: 'Custom deadline',
  } satisfies LabelMap<typeof DEADLINE_KINDS>,
  /** An API token's state (server/services/api-tokens-service.ts). */
  tokenStatus: {
    active: 'Active',
    expired: 'Expired',
    revoked: 'Revoked',
  } as Record<string, string>,
  /** What an email in the outbox is (outbox.kind). */
  mailKind: {
    letter: 'Letter to a company',
    invitation: 'Invitation to Docket',
    reminder: 'Reminder',
    digest: 'Digest',
    'review-needed': 'A reply waits for review',
    'abuse-report': 'Abuse report',
    sign_on: 'Invitation to sign a letter',
  } as Record<string, string>,
} as const;

export type LabelGroup = keyof typeof LABELS;

/** One line per role, shown where roles are chosen. */
export const ROLE_DESCRIPTIONS: Record<(typeof ROLES)[number], string> = {
  member:
    'Sees the campaigns of their own organization, signs letters for it and follows the replies; changes nothing else.',
  staff: 'Writes letters, records and assesses responses, keeps companies and organizations up to date.',
  coordinator: 'Everything staff do, plus approving and sending letters, sign-on, escalation and the outbox.',
  admin: 'Everything, plus users, roles, invitations and the emails Docket sends to people.',
};

/** The words for a code: `labelOf('organizationKind', 'ngo')` → "NGO"; an unknown code as it is. */
export function labelOf(group: LabelGroup, code: unknown): string {
  if (code === null || code === undefined || code === '') return '';
  const labels = LABELS[group] as Record<string, string>;
  return labels[String(code)] ?? String(code);
}

/** A select's options for a group, in the order of its codes. */
export function optionsOf<T extends string>(group: LabelGroup, codes: readonly T[]) {
  return codes.map((value) => ({ value, label: labelOf(group, value) }));
}
