import { eq } from 'drizzle-orm';
import type { Db } from '../client.js';
import { dataVersions } from '../schema.js';

/** More keys than any set of pages asks for between two writes; past it the cache starts over. */
const MAX_ENTRIES = 2_000;

/**
 * Remembers figures read from the tracking tables (counts, coverage, statistics) until the next
 * write to any of them. Triggers raise `data_versions.tracking` on every insert, update and
 * delete, from this process or another one, so a figure served from here always equals a recount.
 * Keys must hold every input besides the data, such as today's date.
 */
export function createTrackingCache(db: Db) {
  const versionQuery = db
    .select({ version: dataVersions.version })
    .from(dataVersions)
    .where(eq(dataVersions.name, 'tracking'))
    .prepare();
  const entries = new Map<string, unknown>();
  let cachedAt: number | undefined;

  return {
    version(): number {
      return versionQuery.get()?.version ?? 0;
    },
    remember<T>(key: string, compute: () => T): T {
      // Inside a transaction the counter may yet roll back to a value it had before, with other data.
      if (db.$client.inTransaction) return compute();
      const version = this.version();
      if (version !== cachedAt || entries.size >= MAX_ENTRIES) {
        entries.clear();
        cachedAt = version;
      }
      if (entries.has(key)) return entries.get(key) as T;
      const value = compute();
      entries.set(key, value);
      return value;
    },
  };
}

export type TrackingCache = ReturnType<typeof createTrackingCache>;
