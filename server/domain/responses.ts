import { inArray, type SQL } from 'drizzle-orm';
import type { DispatchStatus } from '../../db/repositories/index.js';
import { responses } from '../../db/schema.js';
import type { RESPONSE_KINDS } from './vocabulary.js';

export type ResponseKind = (typeof RESPONSE_KINDS)[number];

/**
 * What counts as a response (DOMAIN §4): a substantive answer, a holding reply or a refusal.
 * Auto-replies and bounces are recorded but are not the company answering.
 */
export const COUNTED_RESPONSE_KINDS = [
  'substantive',
  'holding',
  'declined',
] as const satisfies readonly ResponseKind[];

export function countsAsResponse(kind: ResponseKind): boolean {
  return (COUNTED_RESPONSE_KINDS as readonly string[]).includes(kind);
}

/** The SQL twin, for repositories. */
export const responseSql = {
  counts(): SQL {
    return inArray(responses.kind, [...COUNTED_RESPONSE_KINDS]);
  },
};

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
