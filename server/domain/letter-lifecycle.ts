import { inArray, type SQL } from 'drizzle-orm';
import { letters } from '../../db/schema.js';
import { ConflictError } from '../errors.js';
import { LETTER_STATUSES } from './vocabulary.js';

/** A letter's life: draft → (sign-on) → approved → sent; withdrawn from any state before sent. */
export type LetterStatus = (typeof LETTER_STATUSES)[number];

export const LETTER_TRANSITIONS: Record<LetterStatus, readonly LetterStatus[]> = {
  draft: ['sign_on', 'approved', 'withdrawn'],
  sign_on: ['draft', 'approved', 'withdrawn'],
  approved: ['draft', 'sent', 'withdrawn'],
  sent: [],
  withdrawn: [],
};

export function canTransition(from: LetterStatus, to: LetterStatus): boolean {
  return LETTER_TRANSITIONS[from].includes(to);
}

/** The statuses a letter may be in to become `to`: the guard of the conditional UPDATE. */
export function statusesThatCanBecome(to: LetterStatus): LetterStatus[] {
  return LETTER_STATUSES.filter((from) => canTransition(from, to));
}

const words = (status: LetterStatus) => status.replace('_', '-');

export function assertTransition(from: LetterStatus, to: LetterStatus): void {
  if (!canTransition(from, to)) {
    throw new ConflictError(
      `a ${words(from)} letter cannot become ${words(to)}`,
      'status',
      'INVALID_TRANSITION',
    );
  }
}

export function assertDraft(status: LetterStatus): void {
  if (status !== 'draft') {
    throw new ConflictError(
      `only a draft can be edited; this letter is ${words(status)}`,
      'status',
      'NOT_DRAFT',
    );
  }
}

/** The SQL twin: letters that may become `to` (a transition is one UPDATE … WHERE status IN …). */
export const letterSql = {
  canBecome(to: LetterStatus): SQL {
    return inArray(letters.status, statusesThatCanBecome(to));
  },
};
