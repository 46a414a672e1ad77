import type { Db } from '../client.js';

/**
 * A value that changes whenever any row in the database changes: `PRAGMA data_version` moves when
 * another connection commits (the jobs worker, a CLI command, a second server), `total_changes()`
 * with every row this connection inserts, updates or deletes. Reading both costs microseconds.
 */
export function createDatabaseVersion(db: Db): () => string {
  const otherConnections = db.$client.prepare('PRAGMA data_version');
  const thisConnection = db.$client.prepare('SELECT total_changes()');
  return () => `${otherConnections.pluck().get()}.${thisConnection.pluck().get()}`;
}
