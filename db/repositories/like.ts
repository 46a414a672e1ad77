import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';

/** Case-insensitive "contains" that treats % and _ in the search term literally. */
export function containsText(column: SQLWrapper, term: string): SQL {
  const pattern = `%${term.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql`${column} LIKE ${pattern} ESCAPE '\\'`;
}
