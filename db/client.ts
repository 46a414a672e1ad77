import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { caseFold } from './casefold.js';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export function openDatabase(path: string): Db {
  // A new data folder and the database file are the owner's only (the file holds sessions and tokens).
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const sqlite = new Database(path);
  if (path !== ':memory:') chmodSync(path, 0o600);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  // Unique names are unique under Unicode case folding (the unique indexes call casefold()).
  sqlite.function('casefold', { deterministic: true }, (value: unknown) =>
    typeof value === 'string' ? caseFold(value) : value,
  );
  cacheStatements(sqlite, STATEMENT_CACHE_SIZE);
  return drizzle(sqlite, { schema }) as Db;
}

/** Distinct SQL texts kept prepared per connection (a page runs a few dozen; the app has a few hundred). */
export const STATEMENT_CACHE_SIZE = 500;

/**
 * better-sqlite3 compiles a statement on every `prepare`, and drizzle calls it for every query it
 * runs: on a busy page that compiling costs more than running the queries. Statements are kept by
 * their SQL text, least recently used out first. A statement handed out again is reset to return
 * rows as objects (drizzle switches a statement to arrays with `raw()` when it maps the columns
 * itself), so every caller finds it as a fresh one.
 */
function cacheStatements(sqlite: Database.Database, size: number): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const statements = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    let statement = statements.get(source);
    if (statement) {
      statements.delete(source);
      if (statement.reader) statement.raw(false).pluck(false).expand(false);
    } else {
      statement = prepare(source);
      if (statements.size >= size) statements.delete(statements.keys().next().value!);
    }
    statements.set(source, statement);
    return statement;
  }) as typeof sqlite.prepare;
}

export function closeDatabase(db: Db): void {
  if (db.$client.open) db.$client.close();
}
