import { ConflictError } from '../errors.js';
import { listInWords, plural } from '../lib/words.js';

const NOUNS: Record<string, [string, string]> = {
  campaigns: ['campaign', 'campaigns'],
  letters: ['letter', 'letters'],
  dispatches: ['dispatch', 'dispatches'],
  signatures: ['signature', 'signatures'],
  users: ['user', 'users'],
};

/** "2 campaigns, 1 letter and 3 dispatches", or "" when nothing refers to it. */
export function describeReferences(counts: Record<string, number>): string {
  return listInWords(
    Object.entries(counts)
      .filter(([, n]) => n > 0)
      .map(([table, n]) => plural(n, ...(NOUNS[table] ?? [table, table]))),
  );
}

export function inUseError(name: string, references: string): ConflictError {
  return new ConflictError(
    `${name} cannot be deleted: it is referred to by ${references}. Archive it instead: it leaves lists and pickers and its history stays.`,
    undefined,
    'IN_USE',
  );
}
