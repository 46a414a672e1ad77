import { and, eq, gt, isNotNull, type SQL } from 'drizzle-orm';
import { letters } from '../../db/schema.js';

export interface SignOnState {
  status: string;
  signOnClosesAt: string | null;
}

/** A letter is collecting signatures while it is in sign-on and has a closing time. */
export function isCollectingSignatures(letter: SignOnState): boolean {
  return letter.status === 'sign_on' && letter.signOnClosesAt !== null;
}

/**
 * Sign-on is open (members can sign, links work, approval must wait) while the letter is in
 * sign-on and its closing time has not come.
 */
export function isSignOnOpen(letter: SignOnState, now: Date): boolean {
  return isCollectingSignatures(letter) && Date.parse(letter.signOnClosesAt!) > now.getTime();
}

/** The SQL twins, for the repositories. */
export const signOnSql = {
  collecting(): SQL {
    return and(eq(letters.status, 'sign_on'), isNotNull(letters.signOnClosesAt))!;
  },
  open(now: Date): SQL {
    return and(signOnSql.collecting(), gt(letters.signOnClosesAt, now.toISOString()))!;
  },
};
