import type { UserRow } from '../../../db/repositories/index.js';
import type { ReminderRule } from '../../../db/schema.js';
import type { DeadlineKind, ReminderAnchor } from '../../domain/deadline-kinds.js';

export type { DeadlineKind };

/** One deadline as every reader shows it: the list and month view, feeds, the API, reminders. */
export interface Deadline {
  kind: DeadlineKind;
  date: string;
  title: string;
  explanation: string;
  campaignId?: number;
  companyId?: number;
  dispatchId?: number;
  letterId?: number;
  source: 'computed' | 'manual' | 'company';
  overrideSource?: string;
  /** The stored row of a custom deadline or an override, for deleting it. */
  id?: number;
  /** The rule gives no fixed date: the date shown is an estimate until the company discloses one. */
  needsDisclosedDate?: boolean;
  /** The instant of a deadline with a time of day (sign-on closing), ISO 8601. */
  at?: string;
  url: string;
}

export interface DeadlineQuery {
  from?: string;
  to?: string;
  campaignId?: number;
  companyId?: number;
  /** Only these kinds (all when omitted). */
  kinds?: readonly DeadlineKind[];
  /** Whose deadlines: members see their campaigns' only. Omitted: everything (jobs, CLI). */
  user?: UserRow;
}

/** The rows a source may read, resolved from a query and the viewer by the deadlines service. */
export interface DeadlineScope {
  from?: string;
  to?: string;
  /** Campaigns the query may reach; undefined: all. */
  campaignIds?: number[];
  /** Companies whose own deadlines (meetings, filings) it may show; undefined: all. */
  companyIds?: number[];
  /** The query is about this one company (its page). */
  companyId?: number;
  /** Neither a campaign nor a company: deadlines that belong to neither show too. */
  staffWide: boolean;
  /** At most this many, earliest first (a source may return fewer than it has: see `count`). */
  limit?: number;
}

/** What a reminder about one deadline needs: whom it concerns and what its email says. */
export interface ReminderSubject {
  /** Stable key of the thing reminded about (with the rule, anchor date and recipient: sent once). */
  subjectKey: string;
  /** Reminders with the same group go to one person in one email. */
  group: string;
  data: Record<string, unknown>;
  /** Organizations that need no reminder (they already signed). */
  skipOrganizations?: () => Set<number>;
}

export interface DeadlineEntry {
  deadline: Deadline;
  /** Present when the kind has reminders: built only when a reminder rule matches. */
  remind?: () => ReminderSubject;
}

/**
 * A source of deadlines: one registration per concept (dispatches, sign-on, company dates, custom).
 * The deadlines service asks every source; reminders ask those with `reminder`.
 */
export interface DeadlineSource {
  name: string;
  kinds: readonly DeadlineKind[];
  entries(scope: DeadlineScope): DeadlineEntry[];
  /** How many entries the scope holds, without building them (sources with many rows). */
  count?(scope: DeadlineScope): number;
  /** The reminder rules anchored to this source's deadlines, and the email each sends. */
  reminder?: { anchor: ReminderAnchor; template(rule: ReminderRule): string };
}
