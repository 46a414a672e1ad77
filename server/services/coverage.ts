import type { AnswerStatus } from '../domain/open-questions.js';

export interface Coverage {
  value: number | null;
  answered: number;
  partial: number;
  asked: number;
}

/** (answered + commitment + 0.5 × partial) ÷ questions asked, not_applicable excluded (DOMAIN §4). */
export function coverage(latestStatuses: (AnswerStatus | undefined)[]): Coverage {
  let answered = 0;
  let partial = 0;
  let asked = 0;
  for (const status of latestStatuses) {
    if (status === 'not_applicable') continue;
    asked++;
    if (status === 'answered' || status === 'commitment') answered++;
    else if (status === 'partial') partial++;
  }
  return { value: asked === 0 ? null : (answered + 0.5 * partial) / asked, answered, partial, asked };
}

/** The same formula from counts: `total` questions asked in all, `counts` of the latest assessments by status. */
export function coverageFromCounts(total: number, counts: Partial<Record<AnswerStatus, number>>): Coverage {
  const asked = total - (counts.not_applicable ?? 0);
  const answered = (counts.answered ?? 0) + (counts.commitment ?? 0);
  const partial = counts.partial ?? 0;
  return { value: asked <= 0 ? null : (answered + 0.5 * partial) / asked, answered, partial, asked };
}
