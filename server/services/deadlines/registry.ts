import type { Repositories } from '../../../db/repositories/index.js';
import { companyDatesSource } from './company-deadlines.js';
import { customDeadlinesSource } from './custom-deadlines.js';
import type { DeadlineSource } from './deadline.js';
import { escalationDueSource, responseDueSource } from './dispatch-deadlines.js';
import { signOnClosesSource } from './sign-on-deadlines.js';

export interface DeadlineSourceDeps {
  repos: Repositories;
  baseUrl: string;
  timezone: string;
  /** A letter's title rendered for one company. */
  letterTitle: (letterId: number, companyId: number) => string;
}

/**
 * Every source of deadlines, registered once. The deadlines list and month view, the calendar
 * feeds, the company page, reminders and digests all read these; a new kind of deadline (say
 * commitments) is one more source here, its kind in server/domain/deadline-kinds.ts, and, if it
 * has reminders, its anchor and email template.
 */
export function createDeadlineSources(deps: DeadlineSourceDeps): readonly DeadlineSource[] {
  const sources = [
    responseDueSource(deps),
    escalationDueSource(deps),
    signOnClosesSource(deps),
    companyDatesSource(deps),
    customDeadlinesSource(deps),
  ];
  const anchors = sources.flatMap((s) => (s.reminder ? [s.reminder.anchor] : []));
  if (new Set(anchors).size !== anchors.length)
    throw new Error('two deadline sources share a reminder anchor');
  return sources;
}
