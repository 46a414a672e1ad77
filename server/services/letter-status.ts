import type { LETTER_STATUSES } from '../../db/schema.js';
import { ConflictError } from '../errors.js';

export type LetterStatus = (typeof LETTER_STATUSES)[number];

/** draft → (sign_on) → approved → sent; withdrawn from any state before sent. */
export const LETTER_TRANSITIONS: Record<LetterStatus, LetterStatus[]> = {
  draft: ['sign_on', 'approved', 'withdrawn'],
  sign_on: ['draft', 'approved', 'withdrawn'],
  approved: ['draft', 'sent', 'withdrawn'],
  sent: [],
  withdrawn: [],
};

export function canTransition(from: LetterStatus, to: LetterStatus): boolean {
  return LETTER_TRANSITIONS[from].includes(to);
}

export function assertTransition(from: LetterStatus, to: LetterStatus): void {
  if (!canTransition(from, to)) {
    throw new ConflictError(
      `a ${from.replace('_', '-')} letter cannot become ${to.replace('_', '-')}`,
      'status',
      'INVALID_TRANSITION',
    );
  }
}

export function assertDraft(status: LetterStatus): void {
  if (status !== 'draft') {
    throw new ConflictError(
      `only a draft can be edited; this letter is ${status.replace('_', '-')}`,
      'status',
      'NOT_DRAFT',
    );
  }
}
