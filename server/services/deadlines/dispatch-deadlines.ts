import type { Repositories } from '../../../db/repositories/index.js';
import { daysBetween, formatCalendarDate } from '../../lib/calendar-dates.js';
import { withPlaceholders } from '../../lib/template-placeholders.js';
import type { DeadlineEntry, DeadlineScope, DeadlineSource } from './deadline.js';

type DispatchRow = ReturnType<Repositories['deadlines']['openDispatchesByDate']>[number];

interface DispatchSourceDeps {
  repos: Repositories;
  baseUrl: string;
  /** A letter's title rendered for one company (reminders name the letter as the company got it). */
  letterTitle: (letterId: number, companyId: number) => string;
}

function escalationWording(dueAt: string, escalateAt: string): string {
  const days = daysBetween(dueAt, escalateAt);
  return days > 0 ? `${days} days after` : 'on';
}

/** The open dispatches whose `date` falls in the scope, as entries built by `toEntry`. */
function openDispatches(
  { repos }: DispatchSourceDeps,
  date: 'due' | 'escalate',
  scope: DeadlineScope,
  toEntry: (row: DispatchRow) => DeadlineEntry,
): DeadlineEntry[] {
  return repos.deadlines
    .openDispatchesByDate(date, {
      campaignIds: scope.campaignIds,
      companyIds: scope.companyId !== undefined ? [scope.companyId] : undefined,
      from: scope.from,
      to: scope.to,
      limit: scope.limit,
    })
    .map(toEntry);
}

function countOpen({ repos }: DispatchSourceDeps, date: 'due' | 'escalate', scope: DeadlineScope): number {
  return repos.deadlines.countOpenDispatchesByDate(date, {
    campaignIds: scope.campaignIds,
    companyIds: scope.companyId !== undefined ? [scope.companyId] : undefined,
    from: scope.from,
    to: scope.to,
  });
}

/** A reminder about one dispatch: grouped per letter, so a coordinator gets one email per letter. */
function dispatchReminder(deps: DispatchSourceDeps, d: DispatchRow) {
  return () => ({
    subjectKey: `dispatch:${d.id}`,
    group: `letter:${d.letterId}`,
    data: {
      companyName: d.companyName,
      letterTitle: deps.letterTitle(d.letterId, d.companyId),
      // An email about several companies names the letter without any one company's name in it.
      letterTitleForAll: withPlaceholders(d.letterTitle),
      dueAt: d.dueAt,
      escalateAt: d.escalateAt,
      status: d.status,
      url: `${deps.baseUrl}/dispatches/${d.id}`,
    },
  });
}

function refs(d: DispatchRow) {
  return { campaignId: d.campaignId, companyId: d.companyId, dispatchId: d.id, letterId: d.letterId };
}

/** An open dispatch's response due date (DOMAIN.md §3), as stored with its explanation. */
export function responseDueSource(deps: DispatchSourceDeps): DeadlineSource {
  return {
    name: 'response due',
    kinds: ['response_due'],
    entries: (scope) =>
      openDispatches(deps, 'due', scope, (d) => ({
        deadline: {
          kind: 'response_due',
          date: d.dueAt,
          title: `Response due: ${d.companyName} — ${withPlaceholders(d.letterTitle)}`,
          explanation: d.dueExplanation,
          ...refs(d),
          source: 'computed',
          url: `${deps.baseUrl}/dispatches/${d.id}`,
        },
        remind: dispatchReminder(deps, d),
      })),
    count: (scope) => countOpen(deps, 'due', scope),
    reminder: {
      anchor: 'due',
      template: (rule) => (rule.offsetDays <= 0 ? 'reminder-response-due' : 'reminder-overdue'),
    },
  };
}

/** An open dispatch's escalation date: the day after it the dispatch is very overdue. */
export function escalationDueSource(deps: DispatchSourceDeps): DeadlineSource {
  return {
    name: 'escalation due',
    kinds: ['escalation_due'],
    entries: (scope) =>
      openDispatches(deps, 'escalate', scope, (d) => ({
        deadline: {
          kind: 'escalation_due',
          date: d.escalateAt,
          title: `Escalation due: ${d.companyName} — ${withPlaceholders(d.letterTitle)}`,
          explanation: `${formatCalendarDate(d.escalateAt)}: ${escalationWording(d.dueAt, d.escalateAt)} the response due date ${formatCalendarDate(d.dueAt)}, if no response by then`,
          ...refs(d),
          source: 'computed',
          url: `${deps.baseUrl}/dispatches/${d.id}`,
        },
        remind: dispatchReminder(deps, d),
      })),
    count: (scope) => countOpen(deps, 'escalate', scope),
    reminder: { anchor: 'escalate', template: () => 'reminder-very-overdue' },
  };
}
