import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// Routes parse, call a service and reply; only services reach repositories (ARCHITECTURE.md).
// These route files still reach `app.repos` directly and are being moved to services: the
// numbers may only go down, and no other route file may start doing it.
// Every route file goes through services: none may reach a repository or the database.
const NOT_YET_MOVED: Record<string, number> = {};

const ROUTES = join(import.meta.dirname, '../../../server/routes');

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? routeFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

describe('services are the only door to the data', () => {
  it('no route reaches a repository or the database, except the files not moved yet', () => {
    const found: Record<string, number> = {};
    for (const file of routeFiles(ROUTES)) {
      const source = readFileSync(file, 'utf8');
      const uses = source.match(/\.repos\b|\bapp\.db\b|from 'drizzle-orm'/g)?.length ?? 0;
      if (uses) found[relative(ROUTES, file)] = uses;
    }
    for (const [file, count] of Object.entries(found)) {
      expect(count, `${file} reaches repositories ${count} times`).toBeLessThanOrEqual(
        NOT_YET_MOVED[file] ?? 0,
      );
    }
  });
});
