import { join } from 'node:path';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { PROJECT_ROOT } from '../server/lib/project-root.js';
import type { Db } from './client.js';

const migrationsFolder = join(PROJECT_ROOT, 'db', 'migrations');

/**
 * Applies pending migrations. Several processes may start at once on a new database (the CLI,
 * a server): drizzle reads what is applied before taking the write lock, so the slower one can
 * try a migration the faster one just applied. It then fails inside its transaction (nothing
 * half-done) and reads again, finding nothing left to apply.
 */
export function migrateDatabase(db: Db, attempts = 5): void {
  for (let attempt = 1; ; attempt++) {
    try {
      migrate(db, { migrationsFolder });
      return;
    } catch (error) {
      const message =
        String((error as Error)?.message ?? error) +
        String((error as { cause?: Error }).cause?.message ?? '');
      if (
        attempt >= attempts ||
        !/already exists|duplicate column|UNIQUE constraint failed: __drizzle_migrations/i.test(message)
      ) {
        throw error;
      }
    }
  }
}
