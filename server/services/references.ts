import { ConflictError } from '../errors.js';

const plural = (n: number, word: string) => `${n} ${n === 1 ? word : `${word}s`}`;
const SINGULAR: Record<string, string> = {
  campaigns: 'campaign',
  letters: 'letter',
  dispatches: 'dispatch',
  signatures: 'signature',
  users: 'user',
};

/** "2 campaigns, 1 letter and 3 dispatches", or "" when nothing refers to it. */
export function describeReferences(counts: Record<string, number>): string {
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([table, n]) =>
      table === 'dispatches' && n !== 1 ? `${n} dispatches` : plural(n, SINGULAR[table] ?? table),
    );
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

export function inUseError(name: string, references: string): ConflictError {
  return new ConflictError(
    `${name} cannot be deleted: it is referred to by ${references}. Archive it instead: it leaves lists and pickers and its history stays.`,
    undefined,
    'IN_USE',
  );
}
