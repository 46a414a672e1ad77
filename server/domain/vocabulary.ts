/**
 * Docket's vocabulary: the fixed sets of values the domain speaks in. The database schema,
 * validation schemas, services and views all take them from here. (This module imports nothing,
 * so db/schema.ts and drizzle-kit can load it.)
 */

export const ROLES = ['member', 'staff', 'coordinator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ORGANIZATION_KINDS = [
  'ngo',
  'asset_owner',
  'asset_manager',
  'union',
  'faith_group',
  'other',
] as const;

export const CONTACT_FUNCTIONS = ['ir', 'secretary', 'sustainability', 'legal', 'board', 'other'] as const;

export const DAY_COUNTS = ['calendar', 'working'] as const;

export const LETTER_KINDS = ['initial', 'follow_up', 'reminder', 'escalation'] as const;

export const LETTER_STATUSES = ['draft', 'sign_on', 'approved', 'sent', 'withdrawn'] as const;

export const DISPATCH_STATUSES = [
  'sent',
  'acknowledged',
  'responded',
  'declined',
  'bounced',
  'closed',
] as const;

export const DISPATCH_CHANNELS = ['email', 'post', 'web_form'] as const;

export const RESPONSE_KINDS = ['substantive', 'holding', 'declined', 'auto_reply', 'bounce'] as const;

export const ANSWER_STATUSES = [
  'answered',
  'partial',
  'not_answered',
  'declined',
  'deflected',
  'commitment',
  'not_applicable',
] as const;

export const TEMPLATE_KINDS = ['initial', 'follow_up', 'reminder', 'escalation', 'email'] as const;

export const SIGNATORY_ROLES = ['lead', 'co_lead', 'contributing', 'supporter'] as const;

export const OUTBOX_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const;

export const INBOUND_CATEGORIES = ['reply', 'bounce', 'abuse_report'] as const;

export const CALENDAR_DAY_KINDS = ['day_off', 'working_day'] as const;
