// Whether dist/ (made by bin/build.js) is newer than every file in the source folders.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const DIST = 'dist';
export const SOURCE_FOLDERS = ['server', 'db'];
export const BUILD_STAMP = 'build-stamp';

/** True when dist/ exists and no file under server/ or db/ was changed after it was built. */
export function distIsFresh(root) {
  let builtAt;
  try {
    builtAt = statSync(join(root, DIST, BUILD_STAMP)).mtimeMs;
  } catch {
    return false;
  }
  for (const folder of SOURCE_FOLDERS) {
    const dir = join(root, folder);
    if (statSync(dir).mtimeMs > builtAt) return false;
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (statSync(join(entry.parentPath, entry.name)).mtimeMs > builtAt) return false;
    }
  }
  return true;
}
