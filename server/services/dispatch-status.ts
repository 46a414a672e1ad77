import type { DispatchStatus } from '../../db/repositories/index.js';
import type { RESPONSE_KINDS } from '../../db/schema.js';
import { type DispatchClock, lateness } from '../domain/dispatch-lateness.js';

export type ResponseKind = (typeof RESPONSE_KINDS)[number];
export type PublicLabel = 'Responded' | 'Declined to respond' | 'Did not respond' | 'Awaiting response';

export { type DispatchClock, lateness } from '../domain/dispatch-lateness.js';

/** The Business & Human Rights Resource Centre's wording for the public tracker. */
export function publicLabel(dispatch: DispatchClock, today: string): PublicLabel {
  if (dispatch.status === 'responded') return 'Responded';
  if (dispatch.status === 'declined') return 'Declined to respond';
  if (lateness(dispatch, today).overdue) return 'Did not respond';
  if (dispatch.status === 'closed' || dispatch.status === 'bounced') return 'Did not respond';
  return 'Awaiting response';
}

/**
 * The status a response moves a dispatch to (SPEC §4). A substantive response always counts;
 * a holding reply or a bounce never undoes a response already received; an auto-reply changes nothing.
 */
export function statusAfterResponse(current: DispatchStatus, kind: ResponseKind): DispatchStatus {
  switch (kind) {
    case 'substantive':
      return 'responded';
    case 'declined':
      return current === 'responded' ? current : 'declined';
    case 'holding':
      return current === 'sent' || current === 'bounced' ? 'acknowledged' : current;
    case 'bounce':
      return current === 'sent' ? 'bounced' : current;
    case 'auto_reply':
      return current;
  }
}

/** Responses that count toward the response rate (DOMAIN §4). */
export function isRealResponse(kind: ResponseKind): boolean {
  return kind === 'substantive' || kind === 'holding' || kind === 'declined';
}

/**
 * The promise a later letter cites: the date promised in a holding reply that set the due date
 * now in force, so the citation and the due date's explanation always agree. A promise the due
 * date did not follow (earlier than the original due date) is not cited.
 */
export function citedPromise(
  responses: readonly { promisedAt: string | null }[],
  dueAt: string,
): string | null {
  return responses.filter((r) => r.promisedAt === dueAt).at(-1)?.promisedAt ?? null;
}
