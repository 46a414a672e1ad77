import type { RecipientRow, Repositories } from '../../db/repositories/index.js';
import type { ReminderRule } from '../../db/schema.js';
import { addDays, type CalendarDate, dateInZone, daysBetween } from '../lib/calendar-dates.js';
import { unsubscribeHeaders, unsubscribeToken } from '../lib/unsubscribe.js';
import type { DeadlinesService } from '../services/deadlines-service.js';
import { type Mailer, mailbox } from '../services/mailer.js';
import { effectiveRules, isBeforeDeadline } from '../services/reminder-rules.js';

/** A reminder whose day was missed (the scheduler was down) still goes out within this many days. */
export const CATCH_UP_DAYS = 3;

export interface ReminderRunResult {
  queued: number;
  reminders: number;
  errors: string[];
}

interface ReminderItem {
  rule: ReminderRule;
  campaignId: number;
  /** Items of one group go to a person in one email. */
  group: string;
  subjectKey: string;
  anchorDate: CalendarDate;
  /** The email template for this rule and kind of deadline. */
  template: string;
  /** Organizations that need not be reminded (they already signed). */
  skipOrganizations?: () => Set<number>;
  data: Record<string, unknown>;
}

const NOBODY: ReadonlySet<number> = new Set();

/**
 * Finds the reminders due as of `now` and queues them. Each reminder's key (rule, subject, anchor
 * date, recipient) is inserted in the transaction that queues its email; the unique index makes a
 * second run, or a second process, skip it.
 */
export function createReminderJob(deps: {
  repos: Repositories;
  mailer: Mailer;
  baseUrl: string;
  timezone: string;
  secret: string;
  /** The deadline sources: every reminder is anchored to a deadline one of them lists. */
  deadlines: () => Pick<DeadlinesService, 'entries' | 'sources'>;
}) {
  const { repos, mailer, baseUrl, timezone, secret } = deps;

  function anchorWindow(rule: ReminderRule, today: CalendarDate): [CalendarDate, CalendarDate] {
    const latest = addDays(today, -rule.offsetDays);
    let earliest = addDays(latest, -CATCH_UP_DAYS);
    if (isBeforeDeadline(rule) && earliest < today) earliest = today;
    return [earliest, latest];
  }

  function collect(today: CalendarDate, now: Date): ReminderItem[] {
    const campaigns = repos.reminders.campaignsWithRules();
    const rulesOf = new Map(campaigns.map((c) => [c.id, effectiveRules(c.reminderRules)]));
    const campaignNames = new Map(campaigns.map((c) => [c.id, c.name]));
    const items: ReminderItem[] = [];
    const distinct = new Map<string, ReminderRule>();
    for (const rules of rulesOf.values()) {
      for (const rule of rules) distinct.set(`${rule.anchor}:${rule.offsetDays}`, rule);
    }
    // One query per source over the union of its rules' windows; each rule then takes the
    // deadlines in its own window.
    const { sources, entries } = deps.deadlines();
    for (const source of sources) {
      if (!source.reminder) continue;
      const { anchor } = source.reminder;
      const windows = [...distinct.values()]
        .filter((rule) => rule.anchor === anchor)
        .map((rule) => anchorWindow(rule, today));
      if (windows.length === 0) continue;
      const from = windows.map((w) => w[0]).sort()[0]!;
      const to = windows
        .map((w) => w[1])
        .sort()
        .at(-1)!;
      for (const { deadline, remind } of entries({ from, to, kinds: source.kinds })) {
        if (!remind) continue;
        // A deadline with a time of day that has passed (sign-on closed this morning) needs none.
        if (deadline.at && Date.parse(deadline.at) <= now.getTime()) continue;
        let subject: ReturnType<typeof remind> | undefined;
        const campaignIds =
          deadline.campaignId !== undefined
            ? [deadline.campaignId]
            : deadline.companyId !== undefined
              ? repos.reminders.campaignIdsTargeting(deadline.companyId)
              : [];
        for (const campaignId of campaignIds) {
          for (const rule of rulesOf.get(campaignId) ?? []) {
            if (rule.anchor !== anchor) continue;
            const [ruleFrom, ruleTo] = anchorWindow(rule, today);
            if (deadline.date < ruleFrom || deadline.date > ruleTo) continue;
            subject ??= remind();
            items.push({
              rule,
              template: source.reminder.template(rule),
              campaignId,
              group: subject.group,
              subjectKey: subject.subjectKey,
              anchorDate: deadline.date,
              skipOrganizations: subject.skipOrganizations,
              data: { ...subject.data },
            });
          }
        }
      }
    }
    for (const item of items) item.data.campaignName = campaignNames.get(item.campaignId) ?? '';
    return items;
  }

  function wantsReminder(recipient: RecipientRow, rule: ReminderRule): boolean {
    const chosen = recipient.preferences.remindersDaysBefore;
    if (!chosen) return true;
    // An empty list is "no reminder emails" (what the unsubscribe link sets).
    if (chosen.length === 0) return false;
    return !isBeforeDeadline(rule) || chosen.includes(-rule.offsetDays);
  }

  return {
    /** The reminders due as of `now`, before recipients and keys (for the benchmark and diagnostics). */
    findDue(now: Date) {
      return collect(dateInZone(now, timezone), now);
    },
    run(now: Date): ReminderRunResult {
      const today = dateInZone(now, timezone);
      const items = collect(today, now);
      const coordinators = new Map<number, RecipientRow[]>();
      const members = new Map<number, ReturnType<Repositories['reminders']['membersOf']>>();
      const skips = new Map<ReminderItem, Set<number>>();
      const skipped = (item: ReminderItem) => {
        if (!item.skipOrganizations) return NOBODY;
        if (!skips.has(item)) skips.set(item, item.skipOrganizations());
        return skips.get(item)!;
      };

      // recipient email + rule + group → the items for one email
      const emails = new Map<
        string,
        { recipient: RecipientRow; rule: ReminderRule; items: ReminderItem[] }
      >();
      for (const item of items) {
        let recipients: RecipientRow[];
        if (item.rule.audience === 'coordinator') {
          if (!coordinators.has(item.campaignId))
            coordinators.set(item.campaignId, repos.reminders.coordinatorsOf(item.campaignId));
          recipients = coordinators.get(item.campaignId)!;
        } else {
          if (!members.has(item.campaignId))
            members.set(item.campaignId, repos.reminders.membersOf(item.campaignId));
          recipients = members
            .get(item.campaignId)!
            // Members who chose a digest read these there, not one email per event.
            .filter((m) => m.preferences.digest === 'off' && !skipped(item).has(m.organizationId));
        }
        for (const recipient of recipients) {
          if (!wantsReminder(recipient, item.rule)) continue;
          const key = `${recipient.email.toLowerCase()}|${item.rule.key}|${item.group}`;
          const email = emails.get(key) ?? { recipient, rule: item.rule, items: [] };
          email.items.push(item);
          emails.set(key, email);
        }
      }

      const result: ReminderRunResult = { queued: 0, reminders: 0, errors: [] };
      for (const { recipient, rule, items: group } of emails.values()) {
        try {
          repos.transaction(() => {
            const address = recipient.email.toLowerCase();
            const claimed: { keyId: number; item: ReminderItem }[] = [];
            for (const item of group) {
              const keyId = repos.reminders.claimKey({
                rule: rule.key,
                subjectKey: item.subjectKey,
                anchorDate: item.anchorDate,
                recipient: address,
              });
              if (keyId !== undefined) claimed.push({ keyId, item });
            }
            if (claimed.length === 0) return;
            const first = claimed[0]!.item;
            const unsubscribeUrl = `${baseUrl}/unsubscribe/${unsubscribeToken(secret, recipient.id, 'reminders')}`;
            const days = daysBetween(today, first.anchorDate);
            const message = mailer.queue({
              kind: 'reminder',
              to: mailbox(recipient.name, recipient.email),
              template: first.template,
              data: {
                name: recipient.name,
                ...first.data,
                ...(claimed.length > 1 &&
                  typeof first.data.letterTitleForAll === 'string' && {
                    letterTitle: first.data.letterTitleForAll,
                  }),
                anchorDate: first.anchorDate,
                daysLeft: Math.max(days, 0),
                daysLate: Math.max(-days, 0),
                today: days === 0,
                tomorrow: days === 1,
                items: claimed.map((c) => ({ ...c.item.data, anchorDate: c.item.anchorDate })),
                count: claimed.length,
                several: claimed.length > 1,
                unsubscribeUrl,
                settingsUrl: `${baseUrl}/settings`,
              },
              headers: { ...unsubscribeHeaders(unsubscribeUrl), 'X-Docket-Reminder': rule.key },
              userId: recipient.id,
              sendAfter: now,
            });
            repos.reminders.attachOutbox(
              claimed.map((c) => c.keyId),
              message.id,
            );
            result.queued++;
            result.reminders += claimed.length;
          });
        } catch (error) {
          result.errors.push(`${rule.key} to ${recipient.email}: ${(error as Error).message}`);
        }
      }
      return result;
    },
  };
}

export type ReminderJob = ReturnType<typeof createReminderJob>;
