import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILD_STAMP, DIST, distIsFresh } from '../../bin/dist-freshness.js';
import { tempDir } from '../helper.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A checkout with one source file in each folder and, when asked, a build stamped at `builtAt`. */
function checkout({ builtAt, sourcesAt }: { builtAt?: number; sourcesAt: number }) {
  const root = tempDir('docket-dist-');
  dirs.push(root);
  const at = (path: string, seconds: number) => utimesSync(path, seconds, seconds);
  for (const file of ['server/lib/a.ts', 'db/b.ts']) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), 'export {};\n');
    at(join(root, file), sourcesAt);
  }
  for (const dir of ['server/lib', 'server', 'db']) at(join(root, dir), sourcesAt);
  if (builtAt !== undefined) {
    mkdirSync(join(root, DIST));
    writeFileSync(join(root, DIST, BUILD_STAMP), 'stamp\n');
    at(join(root, DIST, BUILD_STAMP), builtAt);
  }
  return root;
}

describe('bin/docket.js runs the compiled copy only while it is up to date', () => {
  it('is fresh when the build is newer than every source file', () => {
    expect(distIsFresh(checkout({ sourcesAt: 1_000, builtAt: 2_000 }))).toBe(true);
  });

  it('is stale when there is no build', () => {
    expect(distIsFresh(checkout({ sourcesAt: 1_000 }))).toBe(false);
  });

  it('is stale when a source file was edited after the build', () => {
    const root = checkout({ sourcesAt: 1_000, builtAt: 2_000 });
    utimesSync(join(root, 'db/b.ts'), 3_000, 3_000);
    expect(distIsFresh(root)).toBe(false);
  });

  it('is stale when a file was added deep in the tree after the build', () => {
    const root = checkout({ sourcesAt: 1_000, builtAt: 2_000 });
    writeFileSync(join(root, 'server/lib/new-module.ts'), 'export {};\n');
    utimesSync(join(root, 'server/lib/new-module.ts'), 3_000, 3_000);
    utimesSync(join(root, 'server/lib'), 1_000, 1_000);
    expect(distIsFresh(root)).toBe(false);
  });

  it('is stale when a file was deleted after the build (its folder changed)', () => {
    const root = checkout({ sourcesAt: 1_000, builtAt: 2_000 });
    rmSync(join(root, 'server/lib/a.ts'));
    expect(distIsFresh(root)).toBe(false);
  });
});
