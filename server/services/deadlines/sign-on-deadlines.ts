import type { Repositories } from '../../../db/repositories/index.js';
import { dateInZone, formatCalendarDate, isInstant } from '../../lib/calendar-dates.js';
import { createDateFormatter } from '../../lib/date-format.js';
import { withPlaceholders } from '../../lib/template-placeholders.js';
import type { DeadlineSource } from './deadline.js';

/** The closing time of a letter collecting signatures, on its day in TIMEZONE. */
export function signOnClosesSource({
  repos,
  baseUrl,
  timezone,
}: {
  repos: Repositories;
  baseUrl: string;
  timezone: string;
}): DeadlineSource {
  const dates = createDateFormatter(timezone);
  return {
    name: 'sign-on closes',
    kinds: ['sign_on_closes'],
    entries(scope) {
      // A letter's sign-on is the campaign's, not any one company's.
      if (scope.companyId !== undefined) return [];
      return repos.deadlines.signOnLetters(scope.campaignIds).flatMap((letter) => {
        // A stored closing time that is not a real instant gives no deadline rather than a failed page.
        if (!isInstant(letter.signOnClosesAt!)) return [];
        const closes = new Date(letter.signOnClosesAt!);
        const date = dateInZone(closes, timezone);
        if ((scope.from && date < scope.from) || (scope.to && date > scope.to)) return [];
        const title = withPlaceholders(letter.title);
        return [
          {
            deadline: {
              kind: 'sign_on_closes' as const,
              date,
              title: `Sign-on closes: ${title} (${letter.campaignName})`,
              explanation: `${formatCalendarDate(date)}: signatures for “${title}” are collected until ${dates.timeOfDay(closes)}`,
              campaignId: letter.campaignId,
              letterId: letter.id,
              source: 'computed' as const,
              at: closes.toISOString(),
              url: `${baseUrl}/letters/${letter.id}`,
            },
            remind: () => ({
              subjectKey: `letter:${letter.id}`,
              group: `letter:${letter.id}`,
              skipOrganizations: () => new Set(repos.reminders.signedOrganizationIds(letter.id)),
              data: {
                letterTitle: title,
                closesAt: letter.signOnClosesAt,
                url: `${baseUrl}/letters/${letter.id}`,
              },
            }),
          },
        ];
      });
    },
    reminder: { anchor: 'sign_on_closes', template: () => 'reminder-sign-on-closing' },
  };
}
