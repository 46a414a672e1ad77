#!/usr/bin/env node
// Runs the compiled CLI from dist/ while it is up to date (bin/build.js makes it), otherwise the
// TypeScript sources directly through tsx, so a checkout needs no build step.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIST, distIsFresh } from './dist-freshness.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (process.env.DOCKET_FROM_SOURCE !== '1' && distIsFresh(root)) {
  await import(`../${DIST}/server/cli.js`);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../server/cli.ts');
}
