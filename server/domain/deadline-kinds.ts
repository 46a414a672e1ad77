/**
 * Every kind of deadline Docket knows. Each kind comes from one registered source
 * (server/services/deadlines/registry.ts); stored rows (custom deadlines and overrides of a
 * computed filing deadline) use the same names.
 */
export const DEADLINE_KINDS = [
  'response_due',
  'escalation_due',
  'sign_on_closes',
  'agm',
  'proposal_us_14a8',
  'nomination_us_14a19',
  'resolution_uk_s338',
  'agenda_de_122',
  'custom',
] as const;

export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** What a reminder rule is anchored to; each is served by one deadline source. */
export const REMINDER_ANCHORS = ['due', 'escalate', 'sign_on_closes', 'filing_deadline'] as const;
export type ReminderAnchor = (typeof REMINDER_ANCHORS)[number];

/** Deadlines of one day are listed in this order: the company's meeting first, our own last. */
const LISTING_ORDER: readonly DeadlineKind[] = [
  'agm',
  'proposal_us_14a8',
  'nomination_us_14a19',
  'resolution_uk_s338',
  'agenda_de_122',
  'sign_on_closes',
  'response_due',
  'escalation_due',
  'custom',
];

export function deadlineKindOrder(kind: string): number {
  const index = LISTING_ORDER.indexOf(kind as DeadlineKind);
  return index === -1 ? LISTING_ORDER.length : index;
}

/** The order of any list of deadlines: by date, then kind, then title. */
export function compareDeadlines(
  a: { date: string; kind: string; title: string },
  b: { date: string; kind: string; title: string },
): number {
  return (
    a.date.localeCompare(b.date) ||
    deadlineKindOrder(a.kind) - deadlineKindOrder(b.kind) ||
    a.title.localeCompare(b.title)
  );
}

/** A date in [from, to], either end open when omitted (ISO dates compare as strings). */
export function inDateRange(date: string, from?: string, to?: string): boolean {
  return (!from || date >= from) && (!to || date <= to);
}
