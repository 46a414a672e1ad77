import type { DispatchReminderRow, RecipientRow, Repositories } from '../../db/repositories/index.js';
import type { ReminderRule } from '../../db/schema.js';
import { addDays, type CalendarDate, dateInZone, daysBetween } from '../lib/calendar-dates.js';
import { withPlaceholders } from '../lib/template-placeholders.js';
import { unsubscribeHeaders, unsubscribeToken } from '../lib/unsubscribe.js';
import { type Mailer, mailbox } from '../services/mailer.js';
import { effectiveRules, isBeforeDeadline } from '../services/reminder-rules.js';

/** A reminder whose day was missed (the scheduler was down) still goes out within this many days. */
export const CATCH_UP_DAYS = 3;

/** Proposal and agenda deadlines that get filing-window reminders (DOMAIN.md §3). */
export const FILING_DEADLINE_KINDS = new Set([
  'proposal_us_14a8',
  'nomination_us_14a19',
  'resolution_uk_s338',
  'agenda_de_122',
]);

/** What the deadlines service offers; filing-window reminders use it when it is there. */
export interface DeadlineSource {
  list(filter: { from?: string; to?: string; campaignId?: number; companyId?: number }): {
    kind: string;
    date: string;
    title: string;
    explanation: string;
    campaignId?: number;
    companyId?: number;
  }[];
}

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
  /** Organizations that need not be reminded (they already signed). */
  skipOrganizations?: Set<number>;
  data: Record<string, unknown>;
}

const TEMPLATES: Record<ReminderRule['anchor'], (rule: ReminderRule) => string> = {
  due: (rule) => (rule.offsetDays <= 0 ? 'reminder-response-due' : 'reminder-overdue'),
  escalate: () => 'reminder-very-overdue',
  sign_on_closes: () => 'reminder-sign-on-closing',
  filing_deadline: () => 'reminder-filing-window',
};

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
  deadlines?: () => DeadlineSource | undefined;
  /** A letter's title rendered for one company. */
  letterTitle?: (letterId: number, companyId: number) => string;
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
    const matching = (campaignId: number, probe: ReminderRule) =>
      (rulesOf.get(campaignId) ?? []).filter(
        (r) => r.anchor === probe.anchor && r.offsetDays === probe.offsetDays,
      );

    const dispatchItem = (rule: ReminderRule, d: DispatchReminderRow, anchorDate: CalendarDate) => ({
      rule,
      campaignId: d.campaignId,
      group: `letter:${d.letterId}`,
      subjectKey: `dispatch:${d.id}`,
      anchorDate,
      data: {
        companyName: d.companyName,
        letterTitle: deps.letterTitle
          ? deps.letterTitle(d.letterId, d.companyId)
          : withPlaceholders(d.letterTitle),
        // An email about several companies names the letter without any one company's name in it.
        letterTitleForAll: withPlaceholders(d.letterTitle),
        dueAt: d.dueAt,
        escalateAt: d.escalateAt,
        status: d.status,
        url: `${baseUrl}/dispatches/${d.id}`,
      },
    });

    for (const probe of distinct.values()) {
      const [from, to] = anchorWindow(probe, today);
      if (probe.anchor === 'due') {
        for (const d of repos.reminders.openDispatchesDueBetween(from, to)) {
          for (const rule of matching(d.campaignId, probe)) items.push(dispatchItem(rule, d, d.dueAt));
        }
      } else if (probe.anchor === 'escalate') {
        for (const d of repos.reminders.openDispatchesEscalatingBetween(from, to)) {
          for (const rule of matching(d.campaignId, probe)) items.push(dispatchItem(rule, d, d.escalateAt));
        }
      }
    }

    for (const letter of repos.reminders.openSignOns()) {
      if (!letter.signOnClosesAt || Date.parse(letter.signOnClosesAt) <= now.getTime()) continue;
      const closes = dateInZone(new Date(letter.signOnClosesAt), timezone);
      for (const rule of rulesOf.get(letter.campaignId) ?? []) {
        if (rule.anchor !== 'sign_on_closes') continue;
        const [from, to] = anchorWindow(rule, today);
        if (closes < from || closes > to) continue;
        items.push({
          rule,
          campaignId: letter.campaignId,
          group: `letter:${letter.id}`,
          subjectKey: `letter:${letter.id}`,
          anchorDate: closes,
          skipOrganizations: new Set(repos.reminders.signedOrganizationIds(letter.id)),
          data: {
            letterTitle: withPlaceholders(letter.title),
            closesAt: letter.signOnClosesAt,
            url: `${baseUrl}/letters/${letter.id}`,
          },
        });
      }
    }

    // One call for every filing rule: each call of the deadlines service computes every company's
    // filing dates, so asking per window would repeat that work.
    const deadlines = deps.deadlines?.();
    const filingProbes = [...distinct.values()].filter((r) => r.anchor === 'filing_deadline');
    if (deadlines && filingProbes.length) {
      const windows = filingProbes.map((probe) => anchorWindow(probe, today));
      const from = windows.map((w) => w[0]).sort()[0]!;
      const to = windows
        .map((w) => w[1])
        .sort()
        .at(-1)!;
      for (const deadline of deadlines.list({ from, to })) {
        if (!FILING_DEADLINE_KINDS.has(deadline.kind) || deadline.companyId === undefined) continue;
        const campaignIds =
          deadline.campaignId !== undefined
            ? [deadline.campaignId]
            : repos.reminders.campaignIdsTargeting(deadline.companyId);
        for (const campaignId of campaignIds) {
          for (const rule of rulesOf.get(campaignId) ?? []) {
            if (rule.anchor !== 'filing_deadline') continue;
            const [ruleFrom, ruleTo] = anchorWindow(rule, today);
            if (deadline.date < ruleFrom || deadline.date > ruleTo) continue;
            const subjectKey = `company:${deadline.companyId}:${deadline.kind}`;
            items.push({
              rule,
              campaignId,
              group: subjectKey,
              subjectKey,
              anchorDate: deadline.date,
              data: {
                title: deadline.title,
                explanation: deadline.explanation,
                kind: deadline.kind,
                url: `${baseUrl}/companies/${deadline.companyId}`,
              },
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
            .filter((m) => m.preferences.digest === 'off' && !item.skipOrganizations?.has(m.organizationId));
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
              template: TEMPLATES[rule.anchor](rule),
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
