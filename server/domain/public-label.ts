import { type DispatchClock, lateness } from './dispatch-lateness.js';

export type PublicLabel = 'Responded' | 'Declined to respond' | 'Did not respond' | 'Awaiting response';

/**
 * What the public tracker says of a company (the Business & Human Rights Resource Centre's
 * wording): "Did not respond" once the due date has passed without an answer, or when the letter
 * bounced or the dispatch was closed unanswered.
 */
export function publicLabel(dispatch: DispatchClock, today: string): PublicLabel {
  if (dispatch.status === 'responded') return 'Responded';
  if (dispatch.status === 'declined') return 'Declined to respond';
  if (lateness(dispatch, today).overdue) return 'Did not respond';
  if (dispatch.status === 'closed' || dispatch.status === 'bounced') return 'Did not respond';
  return 'Awaiting response';
}
