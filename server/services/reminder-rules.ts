import type { Repositories } from '../../db/repositories/index.js';
import type { ReminderRule } from '../../db/schema.js';
import { NotFoundError, ValidationError } from '../errors.js';
import type { Actor } from './actor.js';
import { recordEvent } from './events.js';

/** DOMAIN.md §4 reminder defaults; a campaign that edits its rules stores its own list. */
export const DEFAULT_REMINDER_RULES: readonly ReminderRule[] = Object.freeze([
  { key: 'response-due-soon', audience: 'coordinator', anchor: 'due', offsetDays: -2 },
  { key: 'overdue', audience: 'coordinator', anchor: 'due', offsetDays: 1 },
  { key: 'very-overdue', audience: 'coordinator', anchor: 'escalate', offsetDays: 0 },
  { key: 'sign-on-closing-7', audience: 'member', anchor: 'sign_on_closes', offsetDays: -7 },
  { key: 'sign-on-closing-1', audience: 'member', anchor: 'sign_on_closes', offsetDays: -1 },
  { key: 'sign-on-closing-0', audience: 'member', anchor: 'sign_on_closes', offsetDays: 0 },
  { key: 'filing-window-45', audience: 'coordinator', anchor: 'filing_deadline', offsetDays: -45 },
  { key: 'filing-window-14', audience: 'coordinator', anchor: 'filing_deadline', offsetDays: -14 },
  { key: 'filing-window-3', audience: 'coordinator', anchor: 'filing_deadline', offsetDays: -3 },
] satisfies ReminderRule[]);

export function effectiveRules(stored: ReminderRule[] | null | undefined): readonly ReminderRule[] {
  return stored ?? DEFAULT_REMINDER_RULES;
}

/** A reminder before its deadline (it says "in N days"); the others follow a missed date. */
export function isBeforeDeadline(rule: ReminderRule): boolean {
  return rule.offsetDays < 0 || (rule.offsetDays === 0 && rule.anchor !== 'escalate');
}

export function createReminderRulesService({ repos }: { repos: Repositories }) {
  function campaign(id: number) {
    const found = repos.campaigns.findById(id);
    if (!found) throw new NotFoundError('campaign', id);
    return found;
  }
  return {
    get(campaignId: number) {
      const stored = campaign(campaignId).reminderRules;
      return { campaignId, isDefault: !stored, rules: [...effectiveRules(stored)] };
    },
    /** Replaces the campaign's rules; `null` goes back to the defaults. */
    set(campaignId: number, rules: ReminderRule[] | null, actor: Actor) {
      campaign(campaignId);
      if (rules) {
        const seen = new Set<string>();
        rules.forEach((rule, index) => {
          if (seen.has(rule.key))
            throw new ValidationError(`rules/${index}/key`, `"${rule.key}" is used twice`);
          seen.add(rule.key);
        });
      }
      repos.transaction(() => {
        repos.campaigns.update(campaignId, { reminderRules: rules });
        recordEvent(repos, actor, 'campaign.reminder_rules_changed', { campaignId }, { rules });
      });
      return this.get(campaignId);
    },
  };
}

export type ReminderRulesService = ReturnType<typeof createReminderRulesService>;
