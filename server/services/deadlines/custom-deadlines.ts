import type { DeadlineRow, Repositories } from '../../../db/repositories/index.js';
import { formatCalendarDate } from '../../lib/calendar-dates.js';
import type { Deadline, DeadlineSource } from './deadline.js';

/** A deadline entered by hand, for a campaign, a company, both, or neither. */
export function customDeadline(row: DeadlineRow, baseUrl: string): Deadline {
  return {
    kind: 'custom',
    date: row.date,
    title: row.title,
    explanation: row.explanation || `${formatCalendarDate(row.date)}: entered by hand`,
    ...(row.campaignId !== null && { campaignId: row.campaignId }),
    ...(row.companyId !== null && { companyId: row.companyId }),
    ...(row.letterId !== null && { letterId: row.letterId }),
    ...(row.dispatchId !== null && { dispatchId: row.dispatchId }),
    source: 'manual',
    id: row.id,
    url: row.campaignId
      ? `${baseUrl}/campaigns/${row.campaignId}`
      : row.companyId
        ? `${baseUrl}/companies/${row.companyId}`
        : `${baseUrl}/deadlines`,
  };
}

export function customDeadlinesSource({
  repos,
  baseUrl,
}: {
  repos: Repositories;
  baseUrl: string;
}): DeadlineSource {
  return {
    name: 'custom',
    kinds: ['custom'],
    entries(scope) {
      const { campaignIds, companyIds, companyId, staffWide } = scope;
      const visible = (row: DeadlineRow) =>
        row.campaignId
          ? (!campaignIds || campaignIds.includes(row.campaignId)) &&
            (companyId === undefined || row.companyId === companyId)
          : row.companyId
            ? !companyIds || companyIds.includes(row.companyId)
            : staffWide;
      return repos.deadlines
        .custom({ from: scope.from, to: scope.to })
        .filter(visible)
        .map((row) => ({ deadline: customDeadline(row, baseUrl) }));
    },
  };
}
